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

/** One request to the API; resource clients outside this file (lib/sales-api.ts) use it too. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
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
  birthday?: string; language?: "zh-CN" | "en"; externalId?: string;
  source?: string; campaignId?: string;
}
export interface Company extends OwnedRecord {
  companyId: string; name: string; domain?: string; phone?: string; industry?: string; creditCode?: string;
}
/** What a create or update sends: optional fields may be `null` to clear them. */
export type ContactInput = {
  name?: string; email?: string | null; phone?: string | null; title?: string | null; companyId?: string | null;
  tags?: string[]; ownerId?: string; shared?: boolean; birthday?: string | null; language?: "zh-CN" | "en" | null;
  custom?: Record<string, unknown>; source?: string | null; campaignId?: string | null;
};
export type CompanyInput = {
  name?: string; domain?: string | null; phone?: string | null; industry?: string | null;
  tags?: string[]; ownerId?: string; shared?: boolean;
  custom?: Record<string, unknown>; creditCode?: string | null; acknowledgeConflicts?: boolean;
};
export interface Page<T> { items: T[]; cursor: string | null }
export interface ListParams { q?: string; sort?: "name" | "updated"; cursor?: string; tag?: string; limit?: number }
export interface Member { userId: string; name: string; email: string; role: Role; teamIds: string[]; version: number }
export interface Team { teamId: string; name: string; version: number }
export interface Invitation { invitationId: string; email: string; role: InvitableRole; teamIds: string[]; createdAt: string; expiresAt: number }
export interface WorkspaceSettings { timeZone?: string; phoneRegion?: string; locale?: string; currency?: string; exchangeRates?: Record<string, number> }
export interface PlanInfo { key: string; name: Record<string, string>; seats: number | null; limits: { contacts: number | null; companies: number | null }; auditDays?: number }
export interface FeatureState { key: string; inPlan: boolean; optional: boolean; enabled: boolean }
export interface Workspace {
  tenant: { tenantId: string; slug: string; name: string; settings: WorkspaceSettings; version: number };
  plan: PlanInfo;
  usage: { seats: number; contacts: number; companies: number };
  features: FeatureState[];
  plans: (PlanInfo & { features: string[] })[];
}
export const ACTIVITY_KINDS = ["call", "meeting", "visit", "email"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export interface ActivityInput {
  kind: ActivityKind; recordType: RecordType; recordId: string; at?: string; durationMinutes?: number; outcome?: string; notes?: string;
  location?: { lat: number; lng: number; address?: string };
}
export interface LoggedActivity extends ActivityInput { activityId: string; userId: string; at: string; version: number }
export interface Task {
  taskId: string; title: string; notes?: string; dueAt: string; remindMinutesBefore: number; assigneeId: string;
  status: "open" | "done"; completedAt?: string; recordType: RecordType | null; recordId: string | null; overdue: boolean; version: number;
}
export interface TaskInput { title: string; notes?: string; dueAt: string; remindMinutesBefore?: number; assigneeId?: string; recordType?: RecordType; recordId?: string }
export interface TaskQuery { assignee?: string; recordType?: RecordType; recordId?: string; status?: "open" | "done"; cursor?: string; limit?: number }
export interface AuditEntry {
  auditId: string; at: string; action: string; actorType: "user" | "key" | "system" | "public"; actorId: string; ip?: string;
  recordType?: string; recordId: string; changes?: Record<string, { from: unknown; to: unknown }>;
}
export interface AuditQuery { actorId?: string; action?: string; recordId?: string; from?: string; to?: string; limit?: number; cursor?: string }
export interface InvitationInfo { email: string; role: Role; workspace: string; hasAccount: boolean }

export const TICKET_STATUSES = ["new", "open", "pending", "on-hold", "solved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const TICKET_QUEUES = ["all", "mine", "group", "unassigned", "overdue"] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number];
/** `unsolved` is new, open, pending and on-hold together; `all` is any status. */
export type TicketStatusFilter = "unsolved" | "all" | TicketStatus;
export const SLA_METRICS = ["firstResponse", "nextResponse", "resolution"] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
/** Statuses a policy may pause on; solved and closed always stop the clocks. */
export const PAUSABLE_STATUSES = ["new", "open", "pending", "on-hold"] as const;
export type PausableStatus = (typeof PAUSABLE_STATUSES)[number];

/** One SLA clock as the ticket stores it: instants are ISO strings, `null` when not (yet) known. */
export interface SlaClock {
  metric: SlaMetric; status: "running" | "paused" | "met" | "breached";
  targetMinutes: number; businessHours: boolean;
  startAt: string | null; completedAt: string | null; dueAt: string | null; warnAt: string | null;
  elapsedMinutes: number; remainingMinutes: number; paused: boolean; warning: boolean;
}
export interface TicketSla { policyId: string; policyName: string; clocks: SlaClock[]; nextAt: string | null; computedAt?: string }
export interface Ticket {
  ticketId: string; number: number; subject: string;
  requesterId?: string; requesterEmail?: string; requesterName?: string; cc: string[];
  status: TicketStatus; priority: Priority; assigneeId?: string; groupId?: string; tags: string[];
  channel: "email" | "web" | "api"; companyId?: string; sla?: TicketSla;
  version: number; createdAt: string; updatedAt: string; solvedAt?: string;
  custom?: Record<string, unknown>;
}
export interface TicketAttachment { index: number; filename: string; contentType: string; size: number; inline: boolean }
export interface TicketMessage {
  messageId: string; kind: "inbound" | "reply" | "note" | "system"; authorType: "customer" | "agent" | "system"; authorId?: string;
  fromEmail?: string; fromName?: string; to?: string[]; cc?: string[]; subject?: string;
  /** The whole plain text; `visible` is its new part and `quoted` the history a mail client quoted. */
  text: string; visible?: string; quoted?: string;
  /** The mail's own HTML: never rendered, the plain text is. */
  html?: string;
  attachments: TicketAttachment[]; autoReply: boolean; bounce: boolean; problems?: string[]; createdAt: string;
}
export type TicketWithMessages = Ticket & { messages: TicketMessage[] };
export interface TicketListParams { queue?: TicketQueue; status?: TicketStatusFilter; priority?: Priority; tag?: string; groupId?: string; limit?: number; cursor?: string }
export interface TicketCreateInput {
  subject: string; requesterEmail?: string; requesterId?: string; requesterName?: string; cc?: string[]; text: string;
  priority?: Priority; assigneeId?: string; groupId?: string; tags?: string[];
  custom?: Record<string, unknown>;
}
export interface TicketPatch {
  version: number; status?: TicketStatus; priority?: Priority; assigneeId?: string | null; groupId?: string | null;
  tags?: string[]; cc?: string[]; subject?: string;
  custom?: Record<string, unknown>;
}
export interface ReplyInput { text: string; kind: "reply" | "note"; status?: TicketStatus }

export interface Localized { en: string; "zh-CN": string }
export interface DeskSettings { ackEnabled: boolean; ackSubject: Localized; ackBody: Localized; supportAddresses: string[]; inboundAddress: string; version: number }
export type DeskSettingsInput = Partial<Omit<DeskSettings, "inboundAddress" | "version">> & { version: number };

export interface SlaTarget { minutes: number; businessHours: boolean }
export const ESCALATION_ACTIONS = ["notify_assignee", "notify_group_manager", "reassign", "raise_priority"] as const;
export interface EscalationStep {
  level: number; after: "warning" | "breach"; delayMinutes: number; metrics?: SlaMetric[];
  action: (typeof ESCALATION_ACTIONS)[number]; assignTo?: { userId?: string; groupId?: string }; priority?: Priority;
}
export interface SlaPolicyInput {
  name: string; position: number;
  conditions: { priorities?: Priority[]; groupIds?: string[]; tags?: string[]; companyIds?: string[] };
  targets: Partial<Record<SlaMetric, SlaTarget>>;
  calendarId?: string; pauseStatuses: PausableStatus[];
  warning: { percent?: number; minutesBefore?: number };
  escalation: EscalationStep[];
}
export type SlaPolicy = SlaPolicyInput & { id: string; version: number; updatedAt: string };
/** Opening hours: `day` 0 = Sunday … 6 = Saturday, times "HH:MM" in the calendar's zone (end may be "24:00"). */
export interface BusinessCalendar { timeZone: string; weekly: { day: number; start: string; end: string }[]; holidays: string[]; alwaysOpen?: boolean }
export type SlaCalendar = BusinessCalendar & { id: string; name: string; version: number; updatedAt: string };

export interface SlaMetricStats { met: number; breached: number; compliance: number | null; p50Minutes: number | null; p90Minutes: number | null }
export type SlaReportBy = "policy" | "priority" | "agent";
export interface SlaReport {
  from: string; to: string; by: SlaReportBy;
  rows: { key: string; label: string; metrics: Record<SlaMetric, SlaMetricStats> }[];
  months: { month: string; metrics: Record<SlaMetric, SlaMetricStats> }[];
}

export type RecordType = "contact" | "company" | "ticket" | "deal" | `obj_${string}`;
const AREA: Record<string, string> = { contact: "contacts", company: "companies", ticket: "tickets", deal: "deals" };
/** A custom object's records (`obj_<key>`) keep their notes and timeline under /objects/<key>/records. */
const areaOf = (type: RecordType) => (type.startsWith("obj_") ? `objects/${encodeURIComponent(type.slice(4))}/records` : AREA[type]);
export interface TimelineEntry {
  entryId: string; type: string; at: string; actorType: string; actorId: string; summary: string; data: Record<string, unknown>;
}
export interface Note {
  noteId: string; recordType: RecordType; recordId: string; body: string; mentions: string[]; authorId: string;
  version: number; createdAt: string; updatedAt: string;
}
export const NOTIFICATION_KINDS = ["mention", "assigned", "sla", "churn", "task", "pool", "approval"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_CHANNELS = ["app", "email", "digest"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number] | "off";
export interface AppNotification {
  notificationId: string; kind: NotificationKind; title: string; body: string | null; link: string | null; readAt: string | null; createdAt: string;
}
export type NotificationPrefs = Record<NotificationKind, NotificationChannel[]>;

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
  tickets: {
    list: (params: TicketListParams) => call<Page<Ticket>>("GET", `/tickets${qs(params)}`),
    get: (ticketId: string) => call<TicketWithMessages>("GET", `/tickets/${id(ticketId)}`),
    create: (input: TicketCreateInput) => call<TicketWithMessages>("POST", "/tickets", input),
    update: (ticketId: string, input: TicketPatch) => call<Ticket>("PATCH", `/tickets/${id(ticketId)}`, input),
    reply: (ticketId: string, input: ReplyInput) => call<{ ticket: Ticket; message: TicketMessage }>("POST", `/tickets/${id(ticketId)}/replies`, input),
    /** A plain link (the browser downloads it with the session cookie). */
    attachmentUrl: (ticketId: string, messageId: string, index: number) => `/api/tickets/${id(ticketId)}/messages/${id(messageId)}/attachments/${index}`,
    ofContact: (contactId: string) => call<{ items: Ticket[] }>("GET", `/contacts/${id(contactId)}/tickets`),
  },
  desk: {
    get: () => call<DeskSettings>("GET", "/desk/settings"),
    update: (input: DeskSettingsInput) => call<DeskSettings>("PUT", "/desk/settings", input),
  },
  sla: {
    policies: () => call<{ items: SlaPolicy[] }>("GET", "/sla/policies"),
    createPolicy: (input: SlaPolicyInput) => call<SlaPolicy>("POST", "/sla/policies", input),
    updatePolicy: (policyId: string, input: SlaPolicyInput & { version: number }) => call<SlaPolicy>("PUT", `/sla/policies/${id(policyId)}`, input),
    removePolicy: (policyId: string) => call<void>("DELETE", `/sla/policies/${id(policyId)}`),
    calendars: () => call<{ items: SlaCalendar[] }>("GET", "/sla/calendars"),
    createCalendar: (input: { name: string; calendar: BusinessCalendar }) => call<SlaCalendar>("POST", "/sla/calendars", input),
    updateCalendar: (calendarId: string, input: { name: string; calendar: BusinessCalendar; version: number }) =>
      call<SlaCalendar>("PUT", `/sla/calendars/${id(calendarId)}`, input),
    removeCalendar: (calendarId: string) => call<void>("DELETE", `/sla/calendars/${id(calendarId)}`),
  },
  reports: {
    sla: (params: { from?: string; to?: string; by?: SlaReportBy }) => call<SlaReport>("GET", `/reports/sla${qs(params)}`),
  },
  timeline: (type: RecordType, recordId: string, params: { cursor?: string; limit?: number } = {}) =>
    call<Page<TimelineEntry>>("GET", `/${areaOf(type)}/${id(recordId)}/timeline${qs(params)}`),
  notes: {
    list: (type: RecordType, recordId: string, params: { cursor?: string; limit?: number } = {}) =>
      call<Page<Note>>("GET", `/${areaOf(type)}/${id(recordId)}/notes${qs(params)}`),
    create: (type: RecordType, recordId: string, input: { body: string; mentions?: string[] }) =>
      call<Note>("POST", `/${areaOf(type)}/${id(recordId)}/notes`, input),
    update: (type: RecordType, recordId: string, noteId: string, input: { version: number; body: string }) =>
      call<Note>("PATCH", `/${areaOf(type)}/${id(recordId)}/notes/${id(noteId)}`, input),
    remove: (type: RecordType, recordId: string, noteId: string) => call<void>("DELETE", `/${areaOf(type)}/${id(recordId)}/notes/${id(noteId)}`),
  },
  notifications: {
    list: (params: { kind?: NotificationKind; unread?: "1"; cursor?: string; limit?: number } = {}) =>
      call<Page<AppNotification> & { unread: number }>("GET", `/notifications${qs(params)}`),
    read: (notificationId: string) => call<AppNotification>("POST", `/notifications/${id(notificationId)}/read`),
    readAll: () => call<{ marked: number }>("POST", "/notifications/read-all"),
    preferences: () => call<{ prefs: NotificationPrefs }>("GET", "/notifications/preferences"),
    setPreferences: (prefs: Partial<NotificationPrefs>) => call<{ prefs: NotificationPrefs }>("PUT", "/notifications/preferences", { prefs }),
  },
  activities: {
    log: (input: ActivityInput) => call<LoggedActivity>("POST", "/activities", input),
    list: (q: { recordType?: RecordType; recordId?: string; userId?: string; from?: string; to?: string; cursor?: string; limit?: number }) =>
      call<Page<LoggedActivity>>("GET", `/activities${qs(q)}`),
  },
  tasks: {
    list: (q: TaskQuery = {}) => call<Page<Task>>("GET", `/tasks${qs(q)}`),
    create: (input: TaskInput) => call<Task>("POST", "/tasks", input),
    update: (taskId: string, input: Partial<Pick<Task, "title" | "notes" | "dueAt" | "remindMinutesBefore" | "assigneeId" | "status">> & { version: number }) =>
      call<Task>("PATCH", `/tasks/${id(taskId)}`, input),
    remove: (taskId: string) => call<void>("DELETE", `/tasks/${id(taskId)}`),
  },
  audit: {
    list: (q: AuditQuery) => call<Page<AuditEntry>>("GET", `/audit${qs(q)}`),
    exportUrl: (q: AuditQuery) => `/api/audit/export${qs(q)}`,
  },
  workspace: {
    get: () => call<Workspace>("GET", "/workspace"),
    settings: (input: WorkspaceSettings & { name?: string; version: number }) => call<Workspace>("PATCH", "/workspace/settings", input),
    features: (features: Record<string, boolean>) => call<Workspace>("PUT", "/workspace/features", { features }),
  },
};
