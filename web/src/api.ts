/** The one typed HTTP client, grouped by resource. Errors carry the API's code, message and fields. */
export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public fields?: Record<string, string>) {
    super(message);
  }
}

let unauthorized: (() => void) | undefined;

/**
 * Called when a signed-in request answers 401 (the session expired or was revoked). The auth calls are
 * left out: a wrong password is a 401 too, and the form shows it.
 */
export function onUnauthorized(fn: (() => void) | undefined) {
  unauthorized = fn;
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
  if (!res.ok) {
    const error = new ApiError(res.status, json?.error?.code ?? "unknown", json?.error?.message ?? res.statusText, json?.error?.fields);
    if (res.status === 401 && error.code === "unauthorized" && !path.startsWith("/auth/") && !path.startsWith("/invitation")) unauthorized?.();
    throw error;
  }
  return json as T;
}

export type Role = "owner" | "admin" | "manager" | "member" | "viewer";
export const ROLES: Role[] = ["owner", "admin", "manager", "member", "viewer"];
export type InvitableRole = Exclude<Role, "owner">;
export const INVITABLE_ROLES: InvitableRole[] = ["admin", "manager", "member", "viewer"];

export interface Me {
  user: { userId: string; email: string; name: string; locale: string | null };
  tenant: { tenantId: string; name: string; slug: string; plan: string; settings: Record<string, string> } | null;
  role: Role | null;
  teamIds: string[];
  features: string[];
  workspaces: { tenantId: string; name: string; role: Role }[];
}
interface OwnedRecord {
  tags: string[]; ownerId: string; shared: boolean; custom: Record<string, unknown>;
  version: number; createdAt: string; updatedAt: string;
}
export interface Contact extends OwnedRecord {
  contactId: string; name: string; email?: string; phone?: string; title?: string; companyId?: string;
}
export interface Company extends OwnedRecord {
  companyId: string; name: string; domain?: string; phone?: string; industry?: string;
}
/** What a create or update sends: optional fields may be `null` to clear them. */
export type ContactInput = {
  name?: string; email?: string | null; phone?: string | null; title?: string | null; companyId?: string | null;
  tags?: string[]; ownerId?: string; shared?: boolean;
};
export type CompanyInput = {
  name?: string; domain?: string | null; phone?: string | null; industry?: string | null;
  tags?: string[]; ownerId?: string; shared?: boolean;
};
export interface Page<T> { items: T[]; cursor: string | null }
export interface ListParams { q?: string; sort?: "name" | "updated"; cursor?: string; tag?: string; limit?: number }
export interface Member { userId: string; name: string; email: string; role: Role; teamIds: string[]; version: number }
export interface Team { teamId: string; name: string; version: number }
export interface Invitation { invitationId: string; email: string; role: InvitableRole; teamIds: string[]; createdAt: string; expiresAt: number }
export interface WorkspaceSettings { timeZone?: string; phoneRegion?: string; locale?: string; currency?: string }
export interface PlanInfo { key: string; name: Record<string, string>; seats: number | null; limits: { contacts: number | null; companies: number | null } }
export interface FeatureState { key: string; inPlan: boolean; optional: boolean; enabled: boolean }
export interface Workspace {
  tenant: { tenantId: string; slug: string; name: string; settings: WorkspaceSettings; version: number };
  plan: PlanInfo;
  usage: { seats: number; contacts: number; companies: number };
  features: FeatureState[];
  plans: (PlanInfo & { features: string[] })[];
}
export interface InvitationInfo { email: string; role: Role; workspace: string; hasAccount: boolean }

const qs = (params: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};
const id = (s: string) => encodeURIComponent(s);

export const api = {
  auth: {
    signup: (input: { companyName: string; slug: string; name: string; email: string; password: string; locale?: string }) =>
      call<{ tenantId: string; userId: string }>("POST", "/auth/signup", input),
    verify: (token: string) => call<{ verified: boolean }>("POST", "/auth/verify", { token }),
    resend: (email: string) => call<{ sent: boolean }>("POST", "/auth/resend-verification", { email }),
    login: (email: string, password: string) => call<{ tenantId: string | null }>("POST", "/auth/login", { email, password }),
    logout: () => call<void>("POST", "/auth/logout"),
    forgot: (email: string) => call<{ sent: boolean }>("POST", "/auth/forgot", { email }),
    reset: (token: string, password: string) => call<{ reset: boolean }>("POST", "/auth/reset", { token, password }),
  },
  me: {
    get: () => call<Me>("GET", "/me"),
    update: (input: { name?: string; locale?: string }) => call<{ name: string; locale: string | null }>("PATCH", "/me", input),
    switch: (tenantId: string) => call<{ tenantId: string }>("POST", "/me/switch", { tenantId }),
  },
  contacts: {
    list: (params: ListParams & { companyId?: string }) => call<Page<Contact>>("GET", `/contacts${qs(params)}`),
    get: (contactId: string) => call<Contact>("GET", `/contacts/${id(contactId)}`),
    create: (input: ContactInput & { name: string }) => call<Contact>("POST", "/contacts", input),
    update: (contactId: string, input: ContactInput & { version: number }) => call<Contact>("PATCH", `/contacts/${id(contactId)}`, input),
    remove: (contactId: string) => call<void>("DELETE", `/contacts/${id(contactId)}`),
  },
  companies: {
    list: (params: ListParams) => call<Page<Company>>("GET", `/companies${qs(params)}`),
    get: (companyId: string) => call<Company>("GET", `/companies/${id(companyId)}`),
    contacts: (companyId: string, params: { cursor?: string; limit?: number } = {}) =>
      call<Page<Contact>>("GET", `/companies/${id(companyId)}/contacts${qs(params)}`),
    create: (input: CompanyInput & { name: string }) => call<Company>("POST", "/companies", input),
    update: (companyId: string, input: CompanyInput & { version: number }) => call<Company>("PATCH", `/companies/${id(companyId)}`, input),
    remove: (companyId: string) => call<void>("DELETE", `/companies/${id(companyId)}`),
  },
  members: {
    list: () => call<{ items: Member[] }>("GET", "/members"),
    update: (userId: string, input: { version: number; role?: Role; teamIds?: string[] }) => call<Member>("PATCH", `/members/${id(userId)}`, input),
    remove: (userId: string) => call<void>("DELETE", `/members/${id(userId)}`),
  },
  invitations: {
    list: () => call<{ items: Invitation[] }>("GET", "/invitations"),
    create: (input: { email: string; role: InvitableRole; teamIds?: string[] }) => call<Invitation>("POST", "/invitations", input),
    revoke: (invitationId: string) => call<void>("DELETE", `/invitations/${id(invitationId)}`),
    describe: (token: string) => call<InvitationInfo>("GET", `/invitation${qs({ token })}`),
    accept: (input: { token: string; name?: string; password?: string }) => call<{ tenantId: string }>("POST", "/invitation/accept", input),
  },
  teams: {
    list: () => call<{ items: Team[] }>("GET", "/teams"),
    create: (name: string) => call<Team>("POST", "/teams", { name }),
    update: (teamId: string, input: { name: string; version: number }) => call<Team>("PATCH", `/teams/${id(teamId)}`, input),
    remove: (teamId: string) => call<void>("DELETE", `/teams/${id(teamId)}`),
  },
  workspace: {
    get: () => call<Workspace>("GET", "/workspace"),
    settings: (input: WorkspaceSettings & { name?: string; version: number }) => call<Workspace>("PATCH", "/workspace/settings", input),
    features: (features: Record<string, boolean>) => call<Workspace>("PUT", "/workspace/features", { features }),
  },
};
