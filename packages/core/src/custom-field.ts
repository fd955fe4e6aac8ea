import { z } from "zod";
import { parse } from "./validation";

export * as CustomField from "./custom-field";

/**
 * Custom field values live in one `custom` map per record and are validated by a zod schema built from
 * the tenant's field definitions. The definitions themselves (and their admin UI) are issue #7; until a
 * tenant defines fields the schema accepts no keys, so unknown values are refused with a 400.
 */
export type Definition = { key: string; type: "text" | "number" | "checkbox"; required?: boolean };

export function schemaFor(definitions: Definition[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const d of definitions) {
    const base = d.type === "number" ? z.number() : d.type === "checkbox" ? z.boolean() : z.string().max(2000);
    shape[d.key] = d.required ? base : base.optional();
  }
  return z.strictObject(shape);
}

export async function definitions(_objectType: string): Promise<Definition[]> {
  return [];
}

export async function validate(objectType: string, values: unknown): Promise<Record<string, unknown>> {
  // Wrapped so that errors name the field as `custom.<key>`.
  const wrapper = z.strictObject({ custom: schemaFor(await definitions(objectType)) });
  return parse(wrapper, { custom: values ?? {} }).custom as Record<string, unknown>;
}
