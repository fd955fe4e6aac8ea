import { z } from "zod";
import { useTenant } from "../actor";
import { UniqueEntity } from "../db/unique";
import { ConflictError } from "../errors";
import { CreditCode } from "../pools/credit-code";
import type { Tx } from "../tx";
import { Conflicts } from "./conflict";
import { ConflictKeys, type Keyed, type RecordType } from "./keys";

export * as CompanyConflicts from "./company-hooks";

/** 统一社会信用代码 as given: pasted with spaces or dashes is fine; a wrong check character is a 400 on `creditCode`. */
export const CreditCodeField = z.string().trim().max(40)
  .refine(CreditCode.isValid, "Not a valid unified social credit code (统一社会信用代码): check the 18 characters.")
  .transform(CreditCode.normalize)
  .nullable();

/** The create bodies' extra flag: `false` asks to be warned of matches (warn mode), `true` confirms them. */
export const Acknowledge = { acknowledgeConflicts: z.boolean().optional() };

function creditCodeTaken() {
  return new ConflictError("Another company already has this unified social credit code.", "company.credit_code_taken", { creditCode: "Taken." });
}

/** Runs the tenant's conflict rules before a company is created. */
export function guard(input: { name: string; phone?: string | null; creditCode?: string | null }, acknowledged: boolean | undefined) {
  return Conflicts.guard("company", { name: input.name, phone: input.phone ?? undefined, creditCode: input.creditCode ?? undefined }, acknowledged);
}

/** Adds a company's conflict-key items and its credit code's unique item to its transaction. */
export function track(tx: Tx, companyId: string, before: (Keyed & { creditCode?: string }) | null, after: (Keyed & { creditCode?: string }) | null): Tx {
  const tenantId = useTenant();
  for (const op of ConflictKeys.ops("company", companyId, before, after)) tx.index(op);
  const prev = before?.creditCode;
  const next = after?.creditCode;
  if (prev === next) return tx;
  if (prev) tx.add(() => UniqueEntity.delete({ tenantId, rule: Conflicts.CREDIT_CODE_RULE, value: prev }));
  if (next) tx.add(() => UniqueEntity.create({ tenantId, rule: Conflicts.CREDIT_CODE_RULE, value: next, recordId: companyId }), creditCodeTaken);
  return tx;
}

/** Adds a lead's or contact's conflict-key items to its transaction. */
export function trackKeys(tx: Tx, type: RecordType, recordId: string, before: Keyed | null, after: Keyed | null): Tx {
  for (const op of ConflictKeys.ops(type, recordId, before, after)) tx.index(op);
  return tx;
}
