import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { Tags } from "../../components/tags-input";
import { createDebounced } from "../../lib/debounce";
import { formatMoney } from "../../lib/money";
import { param } from "../../lib/next";
import { createPaged } from "../../lib/paged";
import { formatDate, locale, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { LeadForm } from "./lead-form";
import { LEAD_STATUSES, leadsApi, type Lead, type LeadStatus } from "./leads-api";
import { ExportMenu } from "../../components/export-menu";

const PAGE = 25;

export const statusLabel = (s: LeadStatus) => t(`leads.status.${s}` as Key);

export function StatusBadge(props: { status: LeadStatus }) {
  return <span class={`badge lead-status-${props.status}`} data-testid="lead-status">{statusLabel(props.status)}</span>;
}

/** Leads newest first, with filters by status, owner and source, a tag and a search, a page at a time. */
export function LeadList() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = createSignal(param(params.q));
  const [source, setSource] = createSignal(param(params.source));
  const [tag, setTag] = createSignal(param(params.tag));
  const [creating, setCreating] = createSignal(false);
  const status = () => (LEAD_STATUSES as string[]).includes(param(params.status)) ? (param(params.status) as LeadStatus) : undefined;
  const ownerId = () => param(params.owner) || undefined;
  const debouncedQ = createDebounced(q);
  const debouncedSource = createDebounced(source);
  const debouncedTag = createDebounced(tag);
  const query = createMemo(
    () => ({ q: debouncedQ().trim(), source: debouncedSource().trim(), tag: debouncedTag().trim(), status: status(), ownerId: ownerId() }),
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  // Filters live in the address too, so a reload or a shared link keeps them.
  createEffect(on(query, (p) => setParams({ q: p.q || undefined, source: p.source || undefined, tag: p.tag || undefined }, { replace: true }), { defer: true }));
  const list = createPaged(query, (p, cursor) =>
    leadsApi.list({ q: p.q || undefined, source: p.source || undefined, tag: p.tag || undefined, status: p.status, ownerId: p.ownerId, cursor, limit: PAGE }));

  return (
    <section class="page">
      <div class="page-head">
        <h1>{t("leads.title")}</h1>
        <Show when={session.canWrite() && !creating()}>
          <button type="button" onClick={() => setCreating(true)} data-testid="new-lead">{t("leads.new")}</button>
        </Show>
      </div>
      <Show when={creating()}>
        <div class="card">
          <h2>{t("leads.new")}</h2>
          <LeadForm
            submitLabel={t("common.create")}
            onCancel={() => setCreating(false)}
            onSubmit={async (input) => {
              const created = await leadsApi.create(input);
              setCreating(false);
              list.setItems([created, ...list.items().filter((l) => l.leadId !== created.leadId)]);
            }}
          />
        </div>
      </Show>
      <div class="toolbar" role="search">
        <input type="search" name="q" class="search" aria-label={t("leads.search")} placeholder={t("leads.search")} value={q()} onInput={(e) => setQ(e.currentTarget.value)} data-testid="search" />
        <select name="status" aria-label={t("leads.status")} value={status() ?? ""} onChange={(e) => setParams({ status: e.currentTarget.value || undefined }, { replace: true })} data-testid="status-filter">
          <option value="">{t("leads.allStatuses")}</option>
          <For each={LEAD_STATUSES}>{(s) => <option value={s}>{statusLabel(s)}</option>}</For>
        </select>
        <select name="owner" aria-label={t("field.owner")} value={ownerId() ?? ""} onChange={(e) => setParams({ owner: e.currentTarget.value || undefined }, { replace: true })}>
          <option value="">{t("leads.allOwners")}</option>
          <For each={session.members()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
        </select>
        <input type="search" name="source" class="tag-filter" aria-label={t("leads.sourceFilter")} placeholder={t("leads.sourceFilter")} value={source()} onInput={(e) => setSource(e.currentTarget.value)} />
        <input type="search" name="tag" class="tag-filter" aria-label={t("field.tags")} placeholder={t("field.tags")} value={tag()} onInput={(e) => setTag(e.currentTarget.value)} />
        <ExportMenu path="leads" filters={() => query()} />
      </div>
      <FormError error={list.error()} />
      <Show when={list.loaded()} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={list.items().length} fallback={<p class="empty" data-testid="empty">{Object.values(query()).some(Boolean) ? t("common.noMatches") : t("leads.empty")}</p>}>
          <RecordTable<Lead>
            testid="lead-list"
            rows={list.items()}
            columns={[
              { label: t("field.name"), primary: true, cell: (l) => <A href={`/leads/${l.leadId}`} class="record-link">{l.name}</A> },
              { label: t("leads.companyName"), cell: (l) => l.companyName ?? "" },
              { label: t("leads.status"), cell: (l) => <StatusBadge status={l.status} /> },
              { label: t("leads.source"), cell: (l) => l.source ?? "" },
              { label: t("leads.region"), cell: (l) => l.region ?? "" },
              { label: t("leads.amount"), cell: (l) => formatMoney(l.amount, l.currency ?? "CNY", locale()) },
              { label: t("field.tags"), cell: (l) => <Tags tags={l.tags} /> },
              { label: t("field.owner"), cell: (l) => session.memberName(l.ownerId) },
              { label: t("leads.received"), cell: (l) => formatDate(l.createdAt) },
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
