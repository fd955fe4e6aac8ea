import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js";
import { api, PRIORITIES, TICKET_QUEUES, TICKET_STATUSES, type Priority, type Ticket, type TicketQueue, type TicketStatusFilter } from "../../api";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { PriorityBadge, SlaBadge, StatusBadge } from "../../components/ticket-badges";
import { createDebounced } from "../../lib/debounce";
import { priorityName, statusName } from "../../lib/labels";
import { param } from "../../lib/next";
import { useNow } from "../../lib/now";
import { createPaged } from "../../lib/paged";
import { createTeams, teamName } from "../../lib/teams";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { TicketForm } from "./ticket-form";
import { ExportMenu } from "../../components/export-menu";

const PAGE = 25;
/** Unsolved (the default), any status, or one status. */
const STATUS_FILTERS: TicketStatusFilter[] = ["unsolved", "all", ...TICKET_STATUSES];

export function TicketList() {
  const session = useSession();
  return <Show when={session.has("tickets")} fallback={<FeatureLocked feature="tickets" />}><Tickets /></Show>;
}

function Tickets() {
  const session = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const teams = createTeams();
  const [params, setParams] = useSearchParams();
  const [tag, setTag] = createSignal(param(params.tag));
  const [creating, setCreating] = createSignal(false);
  const debouncedTag = createDebounced(tag);
  const queue = (): TicketQueue => {
    const q = param(params.queue) as TicketQueue;
    return TICKET_QUEUES.includes(q) ? q : "all";
  };
  const status = (): TicketStatusFilter => {
    const s = param(params.status) as TicketStatusFilter;
    return STATUS_FILTERS.includes(s) ? s : "unsolved";
  };
  const priority = (): Priority | "" => {
    const p = param(params.priority) as Priority;
    return PRIORITIES.includes(p) ? p : "";
  };
  const myTeams = () => session.me().teamIds;
  const groupId = () => (myTeams().includes(param(params.group)) ? param(params.group) : myTeams()[0] ?? "");
  const query = createMemo(
    () => ({ queue: queue(), status: status(), priority: priority(), tag: debouncedTag().trim(), groupId: queue() === "group" ? groupId() : "" }),
    undefined,
    { equals: (a, b) => a.queue === b.queue && a.status === b.status && a.priority === b.priority && a.tag === b.tag && a.groupId === b.groupId },
  );
  createEffect(on(debouncedTag, (v) => setParams({ tag: v.trim() || undefined }, { replace: true }), { defer: true }));
  const list = createPaged(query, (p, cursor) =>
    api.tickets.list({ queue: p.queue, status: p.status, priority: p.priority || undefined, tag: p.tag || undefined, groupId: p.groupId || undefined, cursor, limit: PAGE }),
  );
  const queueLabel = (q: TicketQueue): string => (q === "all" && status() === "unsolved" ? t("queue.allOpen") : t(`queue.${q}` as Key));
  const requester = (x: Ticket) => x.requesterName || x.requesterEmail || "";

  return (
    <section class="page">
      <div class="page-head">
        <h1>{t("tickets.title")}</h1>
        <Show when={session.canWrite() && !creating()}>
          <button type="button" onClick={() => setCreating(true)} data-testid="new-ticket">{t("tickets.new")}</button>
        </Show>
      </div>
      <Show when={creating()}>
        <div class="card">
          <h2>{t("tickets.new")}</h2>
          <TicketForm
            teams={teams()}
            onCancel={() => setCreating(false)}
            onSubmit={async (input) => {
              const created = await api.tickets.create(input);
              navigate(`/tickets/${created.ticketId}`);
            }}
          />
        </div>
      </Show>
      <div class="tabs" role="tablist" aria-label={t("tickets.queue")}>
        <For each={TICKET_QUEUES}>
          {(q) => (
            <button type="button" role="tab" class="tab" aria-selected={queue() === q} classList={{ active: queue() === q }}
              data-testid={`queue-${q}`} onClick={() => setParams({ queue: q === "all" ? undefined : q }, { replace: true })}>
              {queueLabel(q)}
            </button>
          )}
        </For>
      </div>
      <div class="toolbar" role="search">
        <Show when={queue() === "group" && myTeams().length > 1}>
          <label class="inline-label">
            <span>{t("ticket.group")}</span>
            <select name="group" value={groupId()} onChange={(e) => setParams({ group: e.currentTarget.value }, { replace: true })}>
              <For each={myTeams()}>{(id) => <option value={id}>{teamName(teams(), id) || id}</option>}</For>
            </select>
          </label>
        </Show>
        <label class="inline-label">
          <span>{t("filter.status")}</span>
          <select name="status" value={status()} onChange={(e) => setParams({ status: e.currentTarget.value === "unsolved" ? undefined : e.currentTarget.value }, { replace: true })}>
            <For each={STATUS_FILTERS}>
              {(s) => <option value={s}>{s === "unsolved" ? t("filter.unsolved") : s === "all" ? t("filter.anyStatus") : statusName(s)}</option>}
            </For>
          </select>
        </label>
        <label class="inline-label">
          <span>{t("filter.priority")}</span>
          <select name="priority" value={priority()} onChange={(e) => setParams({ priority: e.currentTarget.value || undefined }, { replace: true })}>
            <option value="">{t("filter.anyPriority")}</option>
            <For each={PRIORITIES}>{(p) => <option value={p}>{priorityName(p)}</option>}</For>
          </select>
        </label>
        <input type="search" name="tag" class="tag-filter" aria-label={t("list.tag")} placeholder={t("list.tag")} value={tag()} onInput={(e) => setTag(e.currentTarget.value)} />
        <button type="button" class="secondary small" onClick={() => list.reload()} data-testid="refresh">{t("common.refresh")}</button>
        <ExportMenu path="tickets" filters={() => ({ ...query(), priority: query().priority || undefined, tag: query().tag || undefined, groupId: query().groupId || undefined })} />
      </div>
      <FormError error={list.error()} />
      <Show when={list.loaded()} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={list.items().length} fallback={
          <p class="empty" data-testid="empty">{queue() === "group" && !myTeams().length ? t("tickets.noGroup") : t("tickets.empty")}</p>
        }>
          <RecordTable<Ticket>
            testid="ticket-list"
            rows={list.items()}
            columns={[
              { label: t("ticket.number"), cell: (x) => <span class="ticket-number">#{x.number}</span> },
              { label: t("ticket.subject"), primary: true, cell: (x) => <A href={`/tickets/${x.ticketId}`} class="record-link">{x.subject}</A> },
              { label: t("ticket.requester"), cell: (x) => <span title={x.requesterEmail}>{requester(x)}</span> },
              { label: t("ticket.status"), cell: (x) => <StatusBadge status={x.status} /> },
              { label: t("ticket.priority"), cell: (x) => <PriorityBadge priority={x.priority} /> },
              { label: t("ticket.assignee"), cell: (x) => session.memberName(x.assigneeId) },
              { label: t("ticket.updated"), cell: (x) => formatDate(x.updatedAt) },
              { label: t("ticket.sla"), cell: (x) => <SlaBadge sla={x.sla} now={now()} /> },
            ]}
          />
        </Show>
        <Show when={list.hasMore()}>
          <button type="button" class="secondary more" disabled={list.loading()} onClick={() => list.loadMore()} data-testid="load-more">{t("common.more")}</button>
        </Show>
      </Show>
    </section>
  );
}
