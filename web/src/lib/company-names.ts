import { createSignal } from "solid-js";
import { api, type Company } from "../api";

/**
 * Company names by id for the contact lists: one request per company however many rows show it.
 * A name unknown or not visible to this user stays empty.
 */
const [names, setNames] = createSignal<Record<string, string>>({});
const pending = new Set<string>();

export function rememberCompany(c: Pick<Company, "companyId" | "name">) {
  setNames((n) => ({ ...n, [c.companyId]: c.name }));
}

export function companyName(companyId: string | undefined): string {
  if (!companyId) return "";
  const known = names()[companyId];
  if (known !== undefined) return known;
  if (!pending.has(companyId)) {
    pending.add(companyId);
    api.companies.get(companyId).then(rememberCompany, () => setNames((n) => ({ ...n, [companyId]: "" })));
  }
  return "";
}
