import { ApiError, call } from "../api";

/**
 * Links to a record that was merged away still work: on its 404 the API tells where it went (the merge
 * keeps a redirect item), and the detail page replaces the address with the survivor's.
 * Resolves to the survivor's path, or undefined when the record is simply gone.
 */
export async function survivorPath(object: "contact" | "company", id: string, err: unknown): Promise<string | undefined> {
  if (!(err instanceof ApiError) || err.status !== 404) return undefined;
  const area = object === "contact" ? "contacts" : "companies";
  try {
    const { survivorId } = await call<{ survivorId: string }>("GET", `/${area}/${encodeURIComponent(id)}/merged-into`);
    return survivorId && survivorId !== id ? `/${area}/${encodeURIComponent(survivorId)}` : undefined;
  } catch {
    return undefined;
  }
}

/** An error handler for a detail page's load: follows a merge, or shows the error. */
export function followMerge(object: "contact" | "company", id: string, navigate: (to: string, options: { replace: boolean }) => void, show: (err: unknown) => void) {
  return async (err: unknown) => {
    const to = await survivorPath(object, id, err);
    if (to) navigate(to, { replace: true });
    else show(err);
  };
}
