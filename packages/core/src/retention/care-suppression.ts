import { NotFoundError } from "../errors";
import { Care } from "./care";
import { Suppression } from "./suppression";

export * as CareSuppression from "./care-suppression";

/** The suppression list as managers see and edit it (the list itself has no permission of its own). */
export async function list(raw: unknown) {
  Care.assertManager();
  return Suppression.list(raw);
}

export async function add(raw: unknown) {
  Care.assertManager();
  const input = Suppression.parseAdd(raw);
  await Suppression.add(input.email, "manual", input.contactId);
  return { email: input.email, reason: "manual" as const };
}

/** Another tenant's address and an unknown one answer alike: 404. */
export async function remove(email: string) {
  Care.assertManager();
  const { removed } = await Suppression.remove(email);
  if (!removed) throw new NotFoundError("address");
}
