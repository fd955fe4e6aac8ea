import { z } from "zod";
import { Company } from "../company";
import { Contact } from "../contact";
import { ValidationError } from "../errors";
import { Ticket } from "../service/ticket";
import { Deal } from "../sales/deal";
import { Lead } from "../sales/lead";
import { ObjectRef } from "../objects/object-ref";

export * as RecordRef from "./record-ref";

export const RecordType = z.enum(["contact", "company", "ticket", "deal", "lead"]);
export type RecordType = z.infer<typeof RecordType>;
/** A custom object's records, `obj_<key>`; a malformed or unknown key answers 404 like a missing record. */
export const ObjectType = z.string().max(200).regex(/^obj_/, "Use a record type such as contact or obj_<object key>.");
/** Every type that takes notes and tasks: the built-in ones and custom objects' records. */
export const Type = z.union([RecordType, ObjectType]);
export type Type = z.infer<typeof Type>;

export function key(type: string, id: string): string {
  return `${type}#${id}`;
}

/**
 * Throws 404 unless the record exists in this tenant and the actor may see it (the same answer for
 * another tenant's id).
 */
export async function assertVisible(type: RecordType | string, id: string): Promise<{ title: string }> {
  if (ObjectRef.isObjectType(type)) return { title: await ObjectRef.title(type, id) };
  switch (type) {
    case "contact":
      return { title: (await Contact.get(id)).name };
    case "company":
      return { title: (await Company.get(id)).name };
    case "ticket": {
      const t = await Ticket.load(id);
      return { title: `#${t.number} ${t.subject}` };
    }
    case "deal":
      return { title: (await Deal.get(id)).title };
    case "lead":
      return { title: (await Lead.get(id)).name };
    default:
      throw new ValidationError("This record type does not take notes or tasks yet.", { recordType: "Not supported yet." });
  }
}

/** The web app's path for a record, for links in notifications and mails. */
export function path(recordKey: string): string {
  const [type, id] = recordKey.split("#");
  if (ObjectRef.isObjectType(type)) return ObjectRef.path(type, id);
  return `/${type === "company" ? "companies" : `${type}s`}/${id}`;
}

/** The scope that reads or writes a record's notes: custom object records use the object routes' `contacts:*`. */
export function scope(type: string, access: "read" | "write"): string {
  if (ObjectRef.isObjectType(type)) return `contacts:${access}`;
  return `${type === "company" ? "companies" : `${type}s`}:${access}`;
}
