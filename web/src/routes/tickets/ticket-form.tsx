import { createSignal, For, Show } from "solid-js";
import { CustomFieldInputs } from "../../components/custom-fields";
import { customPayload } from "../../lib/custom-fields";
import { PRIORITIES, type Priority, type Team, type TicketCreateInput } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TagsInput } from "../../components/tags-input";
import { createForm, orUndefined } from "../../lib/form";
import { priorityName } from "../../lib/labels";
import { t } from "../../i18n";
import { useSession } from "../../session";

/** Opening a ticket by hand (a phone call, a walk-in): the requester, what it is about, and who takes it. */
export function TicketForm(props: { teams: Team[]; onSubmit: (input: TicketCreateInput) => Promise<unknown>; onCancel: () => void }) {
  const session = useSession();
  const f = createForm({
    subject: "", requesterEmail: "", requesterName: "", text: "", priority: "normal" as Priority,
    assigneeId: "", groupId: "", tags: [] as string[],
  });
  const [custom, setCustom] = createSignal<Record<string, unknown>>({});
  const agents = () => session.members().filter((m) => m.role !== "viewer");
  const submit = f.submit(() =>
    props.onSubmit({
      subject: f.values.subject.trim(), requesterEmail: orUndefined(f.values.requesterEmail), requesterName: orUndefined(f.values.requesterName),
      text: f.values.text.trim(), priority: f.values.priority, assigneeId: f.values.assigneeId || undefined,
      groupId: f.values.groupId || undefined, tags: f.values.tags.length ? [...f.values.tags] : undefined,
      ...(Object.keys(customPayload(custom())).length ? { custom: customPayload(custom()) } : {}),
    }),
  );
  return (
    <form class="record-form" onSubmit={submit} data-testid="ticket-form">
      <div class="grid">
        <Field label={t("ticket.subject")} error={f.fieldError("subject")} class="wide">
          <input name="subject" required maxLength={500} value={f.values.subject} onInput={f.input("subject")} />
        </Field>
        <Field label={t("ticket.requesterEmail")} error={f.fieldError("requesterEmail")}>
          <input name="requesterEmail" type="email" required value={f.values.requesterEmail} onInput={f.input("requesterEmail")} />
        </Field>
        <Field label={t("ticket.requesterName")} error={f.fieldError("requesterName")}>
          <input name="requesterName" value={f.values.requesterName} onInput={f.input("requesterName")} />
        </Field>
        <Field label={t("ticket.description")} error={f.fieldError("text")} hint={t("ticket.descriptionHint")} class="wide">
          <textarea name="text" required rows={5} value={f.values.text} onInput={f.input("text")} />
        </Field>
        <Field label={t("ticket.priority")} error={f.fieldError("priority")}>
          <select name="priority" value={f.values.priority} onChange={f.input("priority")}>
            <For each={PRIORITIES}>{(p) => <option value={p}>{priorityName(p)}</option>}</For>
          </select>
        </Field>
        <Field label={t("ticket.assignee")} error={f.fieldError("assigneeId")}>
          <select name="assigneeId" value={f.values.assigneeId} onChange={f.input("assigneeId")}>
            <option value="">{t("ticket.unassigned")}</option>
            <For each={agents()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
          </select>
        </Field>
        <Show when={props.teams.length}>
          <Field label={t("ticket.group")} error={f.fieldError("groupId")}>
            <select name="groupId" value={f.values.groupId} onChange={f.input("groupId")}>
              <option value="">{t("ticket.noGroup")}</option>
              <For each={props.teams}>{(team) => <option value={team.teamId}>{team.name}</option>}</For>
            </select>
          </Field>
        </Show>
        <Field label={t("ticket.tags")} error={f.fieldError("tags")} class="wide" group>
          <TagsInput value={f.values.tags} onChange={(tags) => f.setValues("tags", tags)} />
        </Field>
      </div>
      <CustomFieldInputs object="ticket" values={custom()} onChange={setCustom} error={f.fieldError} />
      <FormError error={f.error()} />
      <div class="actions">
        <button type="submit" disabled={f.busy()}>{t("ticket.create")}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
