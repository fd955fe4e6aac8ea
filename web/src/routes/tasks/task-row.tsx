import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { api, type Task } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { useNow } from "../../lib/now";
import { relativeTime } from "../../lib/relative-time";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { singular, useObjectDefs, type ObjectDef } from "../objects/api";

const PATHS: Record<string, string> = { contact: "/contacts", company: "/companies", ticket: "/tickets", deal: "/deals", lead: "/leads" };
const OBJECT_PREFIX = "obj_";

/** Where a task's record opens and what it is called: built-in types by name, custom objects by their label. */
function recordLink(type: string, id: string, defs: ObjectDef[] | undefined): { href: string; label: string } | undefined {
  if (PATHS[type]) return { href: `${PATHS[type]}/${id}`, label: t(`tasks.record.${type}` as Key) };
  if (!type.startsWith(OBJECT_PREFIX)) return undefined;
  const objectKey = type.slice(OBJECT_PREFIX.length);
  const def = defs?.find((d) => d.objectKey === objectKey);
  return { href: `/objects/${objectKey}/${id}`, label: def ? singular(def) : objectKey };
}

/** One task: a checkbox to finish it, its due time (overdue ones stand out), whose it is and what it is about. */
export function TaskRow(props: { task: Task; showAssignee?: boolean; showRecord?: boolean; onChange: (t: Task) => void; onRemove: (t: Task) => void; onError: (e: unknown) => void }) {
  const session = useSession();
  const now = useNow();
  const [busy, setBusy] = createSignal(false);
  const defs = useObjectDefs(() => props.showRecord && props.task.recordType?.startsWith(OBJECT_PREFIX) && session.me().tenant?.tenantId);
  const link = () => (props.task.recordType && props.task.recordId ? recordLink(props.task.recordType, props.task.recordId, defs()) : undefined);
  const toggle = async () => {
    setBusy(true);
    try {
      props.onChange(await api.tasks.update(props.task.taskId, { version: props.task.version, status: props.task.status === "open" ? "done" : "open" }));
    } catch (err) {
      props.onError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    await api.tasks.remove(props.task.taskId);
    props.onRemove(props.task);
  };
  const overdue = () => props.task.status === "open" && Date.parse(props.task.dueAt) < now();
  return (
    <li class="task" classList={{ overdue: overdue(), done: props.task.status === "done" }} data-testid="task" data-overdue={overdue() ? "true" : undefined}>
      <input type="checkbox" checked={props.task.status === "done"} disabled={busy() || !session.canWrite()} onChange={toggle}
        aria-label={t(props.task.status === "open" ? "tasks.complete" : "tasks.reopen", { title: props.task.title })} data-testid="task-done" />
      <div class="task-main">
        <span class="task-title">{props.task.title}</span>
        <span class="muted task-meta">
          <Show when={overdue()}><strong class="badge overdue-badge">{t("tasks.overdue")}</strong> </Show>
          <time datetime={props.task.dueAt} title={formatDate(props.task.dueAt)}>{t("tasks.dueAt", { when: relativeTime(props.task.dueAt, now()) })}</time>
          <Show when={props.showAssignee}> · {session.memberName(props.task.assigneeId)}</Show>
          <Show when={props.showRecord && link()}>
            {(l) => <>{" · "}<A href={l().href} data-testid="task-record">{l().label}</A></>}
          </Show>
        </span>
      </div>
      <Show when={session.canWrite()}>
        <ConfirmButton small label={t("common.delete")} question={t("tasks.deleteQuestion")} onConfirm={remove} testid="task-delete" />
      </Show>
    </li>
  );
}
