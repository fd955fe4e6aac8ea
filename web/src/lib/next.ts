/** Where to go after signing in: a same-origin path from `?next=`, never another site. */
export function safeNext(next: unknown, fallback = "/contacts"): string {
  const v = Array.isArray(next) ? next[0] : next;
  return typeof v === "string" && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : fallback;
}

export function param(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}
