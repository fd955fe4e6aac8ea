/** The one typed HTTP client, grouped by resource. Errors carry the API's code, message and fields. */
export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public fields?: Record<string, string>) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api${path}`, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? "unknown", json?.error?.message ?? res.statusText, json?.error?.fields);
  return json as T;
}

export type Role = "owner" | "admin" | "manager" | "member" | "viewer";
export interface Me {
  user: { userId: string; email: string; name: string; locale: string | null };
  tenant: { tenantId: string; name: string; slug: string; plan: string; settings: Record<string, string> } | null;
  role: Role | null;
  teamIds: string[];
  features: string[];
  workspaces: { tenantId: string; name: string; role: Role }[];
}
export interface Contact {
  contactId: string; name: string; email?: string; phone?: string; title?: string; companyId?: string;
  tags: string[]; ownerId: string; shared: boolean; version: number; createdAt: string; updatedAt: string;
}
export interface Company {
  companyId: string; name: string; domain?: string; phone?: string; industry?: string;
  tags: string[]; ownerId: string; shared: boolean; version: number; createdAt: string; updatedAt: string;
}
export interface Page<T> { items: T[]; cursor: string | null }
export interface Member { userId: string; name: string; email: string; role: Role; teamIds: string[]; version: number }
export interface Team { teamId: string; name: string; version: number }
export interface Invitation { invitationId: string; email: string; role: Role; teamIds: string[]; createdAt: string }
export interface Workspace {
  tenant: { tenantId: string; slug: string; name: string; settings: Record<string, string>; version: number };
  plan: { key: string; name: Record<string, string>; seats: number | null; limits: Record<string, number | null> };
  usage: Record<string, number>;
  features: { key: string; inPlan: boolean; optional: boolean; enabled: boolean }[];
}

const qs = (params: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};

export const api = {
  auth: {
    signup: (input: { companyName: string; slug: string; name: string; email: string; password: string; locale?: string }) => call<{ tenantId: string }>("POST", "/auth/signup", input),
    verify: (token: string) => call("POST", "/auth/verify", { token }),
    resend: (email: string) => call("POST", "/auth/resend-verification", { email }),
    login: (email: string, password: string) => call<{ tenantId: string | null }>("POST", "/auth/login", { email, password }),
    logout: () => call("POST", "/auth/logout"),
    forgot: (email: string) => call("POST", "/auth/forgot", { email }),
    reset: (token: string, password: string) => call("POST", "/auth/reset", { token, password }),
  },
  me: {
    get: () => call<Me>("GET", "/me"),
    update: (input: { name?: string; locale?: string }) => call("PATCH", "/me", input),
    switch: (tenantId: string) => call("POST", "/me/switch", { tenantId }),
  },
  contacts: {
    list: (params: { q?: string; sort?: string; cursor?: string; tag?: string; companyId?: string; limit?: number }) => call<Page<Contact>>("GET", `/contacts${qs(params)}`),
    get: (id: string) => call<Contact>("GET", `/contacts/${id}`),
    create: (input: Partial<Contact>) => call<Contact>("POST", "/contacts", input),
    update: (id: string, input: Partial<Contact> & { version: number }) => call<Contact>("PATCH", `/contacts/${id}`, input),
    remove: (id: string) => call("DELETE", `/contacts/${id}`),
  },
  companies: {
    list: (params: { q?: string; sort?: string; cursor?: string; tag?: string; limit?: number }) => call<Page<Company>>("GET", `/companies${qs(params)}`),
    get: (id: string) => call<Company>("GET", `/companies/${id}`),
    contacts: (id: string) => call<Page<Contact>>("GET", `/companies/${id}/contacts`),
    create: (input: Partial<Company>) => call<Company>("POST", "/companies", input),
    update: (id: string, input: Partial<Company> & { version: number }) => call<Company>("PATCH", `/companies/${id}`, input),
    remove: (id: string) => call("DELETE", `/companies/${id}`),
  },
  members: {
    list: () => call<{ items: Member[] }>("GET", "/members"),
    update: (userId: string, input: { version: number; role?: Role; teamIds?: string[] }) => call<Member>("PATCH", `/members/${userId}`, input),
    remove: (userId: string) => call("DELETE", `/members/${userId}`),
  },
  invitations: {
    list: () => call<{ items: Invitation[] }>("GET", "/invitations"),
    create: (input: { email: string; role: Role; teamIds?: string[] }) => call<Invitation>("POST", "/invitations", input),
    revoke: (id: string) => call("DELETE", `/invitations/${id}`),
    describe: (token: string) => call<{ email: string; role: Role; workspace: string; hasAccount: boolean }>("GET", `/invitation${qs({ token })}`),
    accept: (input: { token: string; name?: string; password?: string }) => call<{ tenantId: string }>("POST", "/invitation/accept", input),
  },
  teams: {
    list: () => call<{ items: Team[] }>("GET", "/teams"),
    create: (name: string) => call<Team>("POST", "/teams", { name }),
    update: (id: string, input: { name: string; version: number }) => call<Team>("PATCH", `/teams/${id}`, input),
    remove: (id: string) => call("DELETE", `/teams/${id}`),
  },
  workspace: {
    get: () => call<Workspace>("GET", "/workspace"),
    settings: (input: Record<string, unknown> & { version: number }) => call<Workspace>("PATCH", "/workspace/settings", input),
    features: (features: Record<string, boolean>) => call<Workspace>("PUT", "/workspace/features", { features }),
  },
};
