export * as CareTemplate from "./care-template";

/** The variables a care template may use, as `{{name}}`. */
export const VARIABLES = ["contact.name", "contact.email", "owner.name", "company.name", "tenant.name", "unsubscribe.url"] as const;
export type Variable = (typeof VARIABLES)[number];
export type Values = Partial<Record<Variable, string>>;

const PATTERN = /\{\{\s*([a-zA-Z_.]+)\s*\}\}/g;

/** The `{{...}}` names in `text` that are not variables (to refuse them when a campaign is saved). */
export function unknownVariables(text: string): string[] {
  const known = new Set<string>(VARIABLES);
  return [...new Set([...text.matchAll(PATTERN)].map((m) => m[1]).filter((v) => !known.has(v)))];
}

/** Replaces each variable with its value; a value the record lacks renders as nothing. */
export function render(text: string, values: Values): string {
  return text.replace(PATTERN, (_all, name: string) => (VARIABLES as readonly string[]).includes(name) ? values[name as Variable] ?? "" : "");
}

export type Language = "zh-CN" | "en";
export type Templates = Partial<Record<Language, { subject: string; body: string }>>;

/** The contact's language when the campaign has it, else the tenant's, else whichever exists. */
export function choose(templates: Templates, contactLanguage: string | null | undefined, tenantLanguage: string): { language: Language; subject: string; body: string } {
  for (const lang of [contactLanguage, tenantLanguage, "zh-CN", "en"]) {
    const t = lang ? templates[lang as Language] : undefined;
    if (t) return { language: lang as Language, ...t };
  }
  throw new Error("A campaign has at least one template.");
}

const FOOTER: Record<Language, string> = {
  "zh-CN": "不想再收到这类邮件？退订：",
  en: "Don't want these emails? Unsubscribe: ",
};

/** The message as sent: the rendered body and, always, the unsubscribe line. */
export function compose(template: { language: Language; subject: string; body: string }, values: Values) {
  const body = render(template.body, values).trimEnd();
  return {
    subject: render(template.subject, values).replace(/\s+/g, " ").trim(),
    text: `${body}\n\n--\n${FOOTER[template.language]}${values["unsubscribe.url"] ?? ""}\n`,
  };
}
