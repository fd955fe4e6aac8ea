import { useSearchParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { api, type Task } from "../../api";
import { FormError } from "../../components/form-error";
import { param } from "../../lib/next";
import { createPaged } from "../../lib/paged";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { TaskForm } from "./task-form";
import { TaskRow } from "./task-row";

const PAGE = 50;

/** "My tasks" (or a teammate's): to do, soonest first with overdue ones marked, or done. */
export function TaskList() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const status = (): "open" | "done" => (param(params.status) === "done" ? "done" : "open");
  const assignee = () => param(params.assignee) || "me";
  const [error, setError] = createSignal<unknown>();
  const list = createPaged(() => ({ status: status(), assignee: assignee() }), (q, cursor) => api.tasks.list({ ...q, cursor, limit: PAGE }));
  const mine = () => assignee() === "me" || assignee() === session.me().user.userId;
  const created = (task: Task) => {
    if (status() === "open" && (task.assigneeId === session.me().user.userId) === mine()) {
      list.setItems([...list.items(), task].sort((a, b) => a.dueAt.localeCompare(b.dueAt)));
    }
  };
  const changed = (task: Task) => list.setItems(list.items().filter((x) => x.taskId !== task.taskId));

  return (
    <section class="page tasks-page">
      <div class="page-head">
        <h1>{mine() ? t("tasks.title") : t("tasks.titleOf", { name: session.memberName(assignee()) })}</h1>
        <Show when={session.members().length > 1}>
          <label class="inline-label">
            <span>{t("tasks.assignee")}</span>
            <select name="assignee" value={assignee()} onChange={(e) => setParams({ assignee: e.currentTarget.value === "me" ? undefined : e.currentTarget.value }, { replace: true })}>
              <option value="me">{t("tasks.me")}</option>
              <For each={session.members().filter((m) => m.userId !== session.me().user.userId)}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
            </select>
          </label>
        </Show>
      </div>
      <Show when={session.canWrite()}>
        <section class="card"><h2>{t("tasks.new")}</h2><TaskForm onCreated={created} /></section>
      </Show>
      <nav class="tabs" aria-label={t("tasks.title")}>
        <For each={["open", "done"] as const}>
          {(s) => (
            <button type="button" class="tab" classList={{ active: status() === s }} aria-pressed={status() === s}
              onClick={() => setParams({ status: s === "open" ? undefined : s }, { replace: true })} data-testid={`tab-${s}`}>
              {t(s === "open" ? "tasks.open" : "tasks.done")}
            </button>
          )}
        </For>
      </nav>
      <FormError error={error() ?? list.error()} />
      <Show when={list.loaded()} fallback={<Show when={!list.error()}><p class="muted">{t("common.loading")}</p></Show>}>
        <Show when={list.items().length} fallback={<p class="empty">{t(status() === "open" ? "tasks.empty" : "tasks.emptyDone")}</p>}>
          <ul class="plain task-list" data-testid="task-list">
            <For each={list.items()}>{(task) => <TaskRow task={task} showRecord onChange={changed} onRemove={changed} onError={setError} />}</For>
          </ul>
        </Show>
      </Show>
      <Show when={list.hasMore()}>
        <button type="button" class="secondary more" disabled={list.loading()} onClick={() => list.loadMore()}>{t("common.more")}</button>
      </Show>
    </section>
  );
}
