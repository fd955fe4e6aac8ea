import { createContext, createEffect, createSignal, on, useContext, type Accessor, type ParentProps } from "solid-js";
import { api, type Me, type Member } from "./api";

/** Who is signed in, in which workspace, with which role and features; provided by the app shell. */
export interface Session {
  me: Accessor<Me>;
  refresh: () => Promise<unknown>;
  /** Owners and admins manage the team, the plan's features and the workspace defaults. */
  isAdmin: () => boolean;
  /** Everyone but viewers creates and edits records. */
  canWrite: () => boolean;
  has: (feature: string) => boolean;
  members: () => Member[];
  refreshMembers: () => Promise<unknown>;
  memberName: (userId: string | undefined) => string;
}

const SessionContext = createContext<Session>();

export function SessionProvider(props: ParentProps<{ me: Accessor<Me>; refresh: () => Promise<unknown> }>) {
  const [members, setMembers] = createSignal<Member[]>([]);
  const refetch = () => api.members.list().then((r) => setMembers(r.items), () => undefined);
  createEffect(on(() => props.me().tenant?.tenantId, (tenantId) => tenantId && refetch()));
  const session: Session = {
    me: props.me,
    refresh: props.refresh,
    isAdmin: () => props.me().role === "owner" || props.me().role === "admin",
    canWrite: () => !!props.me().role && props.me().role !== "viewer",
    has: (feature) => props.me().features.includes(feature),
    members,
    refreshMembers: refetch,
    memberName: (userId) => {
      if (!userId) return "";
      const m = members().find((x) => x.userId === userId);
      return m ? m.name || m.email : "";
    },
  };
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside the app shell");
  return s;
}
