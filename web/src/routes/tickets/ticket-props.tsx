import { For, Show } from "solid-js";
import { PRIORITIES, TICKET_STATUSES, type Priority, type Team, type Ticket, type TicketStatus } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TagsInput } from "../../components/tags-input";
import { priorityName, statusName } from "../../lib/labels";
import { t } from "../../i18n";
import { useSession } from "../../session";
import type { Patcher } from "./patcher";

/** Status, priority, assignee, group, tags and CCs; each change is saved on its own. */
export function TicketProps(props: { ticket: Ticket; teams: Team[]; patcher: Patcher; onReload: () => void }) {
  const session = useSession();
  const p = props.patcher;
  const readOnly = () => !session.canWrite() || p.busy();
  const agents = () => session.members().filter((m) => m.role !== "viewer");
  const unknownAssignee = () => !!props.ticket.assigneeId && !agents().some((m) => m.userId === props.ticket.assigneeId);
  const unknownGroup = () => !!props.ticket.groupId && !props.teams.some((x) => x.teamId === props.ticket.groupId);
  return (
    <section class="card ticket-props" data-testid="ticket-props" aria-label={t("ticket.properties")}>
      <div class="props-grid">
        <Field label={t("ticket.status")} error={p.fieldError("status")}>
          <select name="status" disabled={readOnly()} value={props.ticket.status} onChange={(e) => p.patch({ status: e.currentTarget.value as TicketStatus })}>
            <For each={TICKET_STATUSES}>{(s) => <option value={s}>{statusName(s)}</option>}</For>
          </select>
        </Field>
        <Field label={t("ticket.priority")} error={p.fieldError("priority")}>
          <select name="priority" disabled={readOnly()} value={props.ticket.priority} onChange={(e) => p.patch({ priority: e.currentTarget.value as Priority })}>
            <For each={PRIORITIES}>{(x) => <option value={x}>{priorityName(x)}</option>}</For>
          </select>
        </Field>
        <Field label={t("ticket.assignee")} error={p.fieldError("assigneeId")}>
          <select name="assigneeId" disabled={readOnly()} value={props.ticket.assigneeId ?? ""} onChange={(e) => p.patch({ assigneeId: e.currentTarget.value || null })}>
            <option value="">{t("ticket.unassigned")}</option>
            <Show when={unknownAssignee()}><option value={props.ticket.assigneeId}>{session.memberName(props.ticket.assigneeId) || t("ticket.formerMember")}</option></Show>
            <For each={agents()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
          </select>
        </Field>
        <Show when={props.teams.length || props.ticket.groupId}>
          <Field label={t("ticket.group")} error={p.fieldError("groupId")}>
            <select name="groupId" disabled={readOnly()} value={props.ticket.groupId ?? ""} onChange={(e) => p.patch({ groupId: e.currentTarget.value || null })}>
              <option value="">{t("ticket.noGroup")}</option>
              <Show when={unknownGroup()}><option value={props.ticket.groupId}>{t("ticket.formerGroup")}</option></Show>
              <For each={props.teams}>{(team) => <option value={team.teamId}>{team.name}</option>}</For>
            </select>
          </Field>
        </Show>
        <Field label={t("ticket.tags")} error={p.fieldError("tags")} class="wide" group>
          <TagsInput value={props.ticket.tags} disabled={readOnly()} onChange={(tags) => p.patch({ tags })} />
        </Field>
        <Field label={t("ticket.cc")} error={p.fieldError("cc")} class="wide" group>
          <TagsInput name="cc" value={props.ticket.cc} disabled={readOnly()} placeholder={t("ticket.addCc")} onChange={(cc) => p.patch({ cc })} />
        </Field>
      </div>
      <FormError error={p.error()} onReload={props.onReload} />
    </section>
  );
}
