import { A } from "@solidjs/router";
import { createEffect, createResource, For, Show } from "solid-js";
import { call } from "../api";
import { createDebounced } from "../lib/debounce";
import { t } from "../i18n";

export type ConflictKind = "lead" | "contact" | "company";
export type ConflictKey = "name" | "phone" | "email" | "creditCode";
export interface ConflictMatch {
  kind: ConflictKind; keys: ConflictKey[]; ownerName: string | null; poolName: string | null; lastFollowUpAt: string | null;
  recordId?: string; name?: string;
}
export interface ConflictSettingsBody { mode: "warn" | "block"; keys: ConflictKey[]; version: number }

/** The ownership-conflict endpoints (撞单). */
export const conflictsApi = {
  check: (input: { kind: ConflictKind; name?: string; companyName?: string; email?: string; phone?: string; creditCode?: string }) =>
    call<{ mode: "warn" | "block"; matches: ConflictMatch[] }>("POST", "/conflicts/check", input),
  settings: () => call<ConflictSettingsBody>("GET", "/conflicts/settings"),
  saveSettings: (body: ConflictSettingsBody) => call<ConflictSettingsBody>("PUT", "/conflicts/settings", body),
};

const PATHS: Record<ConflictKind, string> = { lead: "/leads", contact: "/contacts", company: "/companies" };

/**
 * Shown in the lead, contact and company forms while typing: records anywhere in the workspace with the same
 * company name, phone, email or credit code, with who follows them up (or the pool they are in). In block
 * mode it tells the form to keep save disabled.
 */
export function ConflictWarning(props: {
  kind: ConflictKind; name?: string; companyName?: string; email?: string; phone?: string; creditCode?: string;
  onBlock?: (blocked: boolean) => void;
}) {
  const query = createDebounced(() => ({
    kind: props.kind, name: (props.name ?? "").trim(), companyName: (props.companyName ?? "").trim(), email: (props.email ?? "").trim(),
    phone: (props.phone ?? "").trim(), creditCode: (props.creditCode ?? "").trim(),
  }), 400);
  const [result] = createResource(
    () => {
      const q = query();
      const named = props.kind === "company" ? q.name : q.companyName;
      const worth = named.length > 1 || q.email.includes("@") || q.phone.replace(/\D/g, "").length >= 6 || q.creditCode.length >= 18;
      if (!worth) return false;
      return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== "")) as typeof q;
    },
    (q) => conflictsApi.check(q).catch(() => ({ mode: "warn" as const, matches: [] as ConflictMatch[] })),
  );
  const blocked = () => !!result() && result()!.mode === "block" && result()!.matches.length > 0;
  createEffect(() => props.onBlock?.(blocked()));
  const line = (m: ConflictMatch) => {
    const who = m.poolName ? t("conflicts.inPool", { pool: m.poolName }) : t("conflicts.followedBy", { owner: m.ownerName ?? t("conflicts.someone") });
    const last = m.lastFollowUpAt ? t("conflicts.lastFollowUp", { date: m.lastFollowUpAt.slice(0, 10) }) : "";
    return `${who}${last}`;
  };
  return (
    <Show when={result()?.matches.length}>
      <div class="notice" role="alert" data-testid="conflict-warning" style={{ background: blocked() ? "#fdecea" : "#fff4e5", color: blocked() ? "#8a1c12" : "#7a4b00" }}>
        <strong>{blocked() ? t("conflicts.blocked") : t("conflicts.warning")}</strong>
        <ul>
          <For each={result()!.matches.slice(0, 5)}>
            {(m) => (
              <li>
                {t(`conflicts.kind.${m.kind}`)}
                <Show when={m.recordId && m.name}>{" "}<A href={`${PATHS[m.kind]}/${m.recordId}`}>{m.name}</A></Show>
                {" "}{t("conflicts.matchedOn", { keys: m.keys.map((k) => t(`conflicts.key.${k}`)).join(", ") })}{" "}{line(m)}
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
