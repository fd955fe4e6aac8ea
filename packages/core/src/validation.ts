import { z } from "zod";
import { ValidationError } from "./errors";

/** Parses `input` with `schema` or throws a 400 naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw fromZod(result.error);
}

export function fromZod(error: z.ZodError): ValidationError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) fields[[...issue.path, k].join(".")] = "Unknown field.";
      continue;
    }
    const path = issue.path.join(".") || "_";
    fields[path] ??= issue.message;
  }
  const names = Object.keys(fields);
  return new ValidationError(`Check ${names.length === 1 ? "the field" : "the fields"}: ${names.join(", ")}.`, fields);
}

export const Email = z
  .string()
  .trim()
  .max(254)
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }));
export const Password = z.string().min(8, "Use at least 8 characters.").max(200);
export const Name = z.string().trim().min(1, "Required.").max(200);
export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/, "Use 3 to 40 lower-case letters, digits or dashes.");
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const Tags = z.array(z.string().trim().min(1).max(50)).max(50);
