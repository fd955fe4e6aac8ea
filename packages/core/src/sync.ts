import { z } from "zod";
import { assertScope } from "./actor";
import { Contact } from "./contact";
import { DomainError, ValidationError } from "./errors";
import { parse } from "./validation";

export * as Sync from "./sync";

export const BULK_MAX = 100;

export const ContactUpsertInput = z.strictObject({
  /** How a row finds the contact it updates: by email or by the other system's id. */
  matchBy: z.enum(["email", "externalId"]),
  items: z.array(z.record(z.string(), z.unknown())).min(1).max(BULK_MAX),
});

export type UpsertResult =
  | { index: number; status: "created" | "updated"; contactId: string; version: number }
  | { index: number; status: "error"; error: { code: string; message: string; fields?: Record<string, string> } };

/**
 * Creates or updates up to 100 contacts, each matched by email or external id. Every row is its own
 * transaction (with its audit entry and event), so one bad row never blocks the others and is reported
 * with the same error body a single write would get. A matched row updates only the fields it carries.
 * Rows run one after another: two rows for the same contact in one call apply in order.
 */
export async function upsertContacts(raw: unknown): Promise<{ results: UpsertResult[]; created: number; updated: number; failed: number }> {
  assertScope("contacts:write");
  const input = parse(ContactUpsertInput, raw);
  const results: UpsertResult[] = [];
  for (const [index, row] of input.items.entries()) {
    results.push(await upsertOne(index, row, input.matchBy));
  }
  const count = (s: UpsertResult["status"]) => results.filter((r) => r.status === s).length;
  return { results, created: count("created"), updated: count("updated"), failed: count("error") };
}

async function upsertOne(index: number, row: Record<string, unknown>, matchBy: "email" | "externalId"): Promise<UpsertResult> {
  try {
    const key = row[matchBy];
    if (typeof key !== "string" || !key.trim()) {
      throw new ValidationError(`Each row needs ${matchBy} to match on.`, { [matchBy]: "Required." });
    }
    const existingId = await Contact.idBy(matchBy, key.trim());
    if (!existingId) {
      const c = await Contact.create(row);
      return { index, status: "created", contactId: c.contactId, version: c.version };
    }
    const { version: _ignored, ...fields } = row;
    // A sync overwrites with the other system's values; a concurrent edit in between answers 409 for the row.
    const current = await Contact.get(existingId);
    const c = await Contact.update(existingId, { ...fields, version: current.version });
    return { index, status: "updated", contactId: c.contactId, version: c.version };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { index, status: "error", error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
  }
}
