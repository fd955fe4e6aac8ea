import { For, Show } from "solid-js";
import { api, type RecordType, type Task } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";

const REMINDERS = [0, 15, 60, 1440];

/** Tomorrow at 10:00 local time, as a datetime-local value. */
function tomorrowMorning(): string {
  const d = new Date(Date.now() + 86400_000);
  d.setHours(10, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
}

/** A short form for a new task, on the tasks page or on a record (then the task is about that record). */
export function TaskForm(props: { record?: { type: RecordType; id: string }; onCreated: (t: Task) => void }) {
  const session = useSession();
  const f = createForm({ title: "", dueAt: tomorrowMorning(), remindMinutesBefore: "15", assigneeId: "" });
  const submit = f.submit(async () => {
    const due = new Date(f.values.dueAt);
    const task = await api.tasks.create({
      title: f.values.title,
      // An unparseable date goes as typed, so the API names the field.
      dueAt: Number.isNaN(due.getTime()) ? f.values.dueAt : due.toISOString(),
      remindMinutesBefore: Number(f.values.remindMinutesBefore),
      assigneeId: f.values.assigneeId || undefined,
      ...(props.record ? { recordType: props.record.type, recordId: props.record.id } : {}),
    });
    f.setValues("title", "");
    props.onCreated(task);
  });
  return (
    <form class="task-form" onSubmit={submit} data-testid="task-form">
      <Field label={t("tasks.what")} error={f.fieldError("title")} class="grow">
        <input name="title" required maxLength={300} value={f.values.title} onInput={f.input("title")} />
      </Field>
      <Field label={t("tasks.due")} error={f.fieldError("dueAt")}>
        <input type="datetime-local" name="dueAt" required value={f.values.dueAt} onInput={f.input("dueAt")} />
      </Field>
      <Field label={t("tasks.remind")} error={f.fieldError("remindMinutesBefore")}>
        <select name="remind" value={f.values.remindMinutesBefore} onChange={f.input("remindMinutesBefore")}>
          <For each={REMINDERS}>{(m) => <option value={String(m)}>{t(m === 0 ? "tasks.remindNone" : (`tasks.remind${m}` as Key))}</option>}</For>
        </select>
      </Field>
      <Show when={session.members().length > 1}>
        <Field label={t("tasks.assignee")} error={f.fieldError("assigneeId")}>
          <select name="assigneeId" value={f.values.assigneeId} onChange={f.input("assigneeId")}>
            <option value="">{t("tasks.me")}</option>
            <For each={session.members().filter((m) => m.userId !== session.me().user.userId)}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
          </select>
        </Field>
      </Show>
      <div class="actions"><button type="submit" disabled={f.busy()}>{t("tasks.add")}</button></div>
      <FormError error={f.error()} />
    </form>
  );
}
