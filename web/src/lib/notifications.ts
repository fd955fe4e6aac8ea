import { createSignal } from "solid-js";
import { api } from "../api";

/** The signed-in person's unread notification count, shared by the bell and the notification centre. */
const [unread, setUnread] = createSignal(0);
export { setUnread, unread };

export const refreshUnread = () => api.notifications.list({ limit: 1 }).then((r) => setUnread(r.unread), () => undefined);
