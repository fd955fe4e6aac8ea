import { createSignal, For, Show } from "solid-js";
import { api, type RecordType, type Task } from "../../api";
import { FormError } from "../../components/form-error";
import { createPaged } from "../../lib/paged";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { TaskForm } from "../tasks/task-form";
import { TaskRow } from "../tasks/task-row";

/** The open tasks about one record, with a quick form to add one. */
export function RecordTasks(props: { recordType: RecordType; recordId: string }) {
  const session = useSession();
  const [error, setError] = createSignal<unknown>();
  const list = createPaged(() => props.recordId, (recordId, cursor) => api.tasks.list({ recordType: props.recordType, recordId, cursor, limit: 20 }));
  const drop = (task: Task) => list.setItems(list.items().filter((x) => x.taskId !== task.taskId));
  return (
    <section class="record-tasks" aria-label={t("tasks.forRecord")} data-testid="record-tasks">
      <h3>{t("tasks.forRecord")}</h3>
      <FormError error={error() ?? list.error()} />
      <Show when={list.items().length}>
        <ul class="plain task-list">
          <For each={list.items()}>{(task) => <TaskRow task={task} showAssignee onChange={drop} onRemove={drop} onError={setError} />}</For>
        </ul>
      </Show>
      <Show when={session.canWrite()}>
        <details>
          <summary>{t("tasks.new")}</summary>
          <TaskForm record={{ type: props.recordType, id: props.recordId }} onCreated={(task) => list.setItems([...list.items(), task].sort((a, b) => a.dueAt.localeCompare(b.dueAt)))} />
        </details>
      </Show>
    </section>
  );
}
