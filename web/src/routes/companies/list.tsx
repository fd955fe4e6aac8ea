import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, on, Show } from "solid-js";
import { api, type Company } from "../../api";
import { FormError } from "../../components/form-error";
import { ListToolbar } from "../../components/list-toolbar";
import { ExportMenu } from "../../components/export-menu";
import { FilterBuilder } from "../../components/filter-builder";
import { filterFromParam, filterToParam } from "../../lib/segments-api";
import { RecordTable } from "../../components/record-table";
import { useCustomColumns } from "../../components/custom-fields";
import { Tags } from "../../components/tags-input";
import { rememberCompany } from "../../lib/company-names";
import { createDebounced } from "../../lib/debounce";
import { param } from "../../lib/next";
import { createPaged } from "../../lib/paged";
import { formatDate, t } from "../../i18n";
import { useSession } from "../../session";
import { CompanyForm } from "./company-form";

const PAGE = 25;

export function CompanyList() {
  const session = useSession();
  const customColumns = useCustomColumns<Company>("company");
  const [params, setParams] = useSearchParams();
  const [q, setQ] = createSignal(param(params.q));
  const [tag, setTag] = createSignal(param(params.tag));
  const [creating, setCreating] = createSignal(false);
  const debouncedQ = createDebounced(q);
  const debouncedTag = createDebounced(tag);
  const sort = (): "name" | "updated" => (param(params.sort) === "updated" ? "updated" : "name");
  // The custom-field filter lives in the address as JSON (`filter=`); the builder edits a draft applied on demand.
  const [filterOpen, setFilterOpen] = createSignal(!!param(params.filter));
  const [draft, setDraft] = createSignal(filterFromParam(param(params.filter)));
  const query = createMemo(
    () => ({ q: debouncedQ().trim(), tag: debouncedTag().trim(), sort: sort(), filter: param(params.filter) }),
    undefined,
    { equals: (a, b) => a.q === b.q && a.tag === b.tag && a.sort === b.sort && a.filter === b.filter },
  );
  createEffect(on(query, (p) => setParams({ q: p.q || undefined, tag: p.tag || undefined }, { replace: true }), { defer: true }));
  const list = createPaged(query, async (p, cursor) => {
    // The server joins the search and the filter; a page may come back short while its cursor goes on.
    const params = { q: p.q || undefined, tag: p.tag || undefined, sort: p.sort, cursor, limit: PAGE, filter: p.filter };
    const page = await api.companies.list(params);
    page.items.forEach(rememberCompany);
    // A search answers by relevance and ignores the tag filter, so the tag is applied here.
    return p.q && p.tag ? { ...page, items: page.items.filter((c) => c.tags.includes(p.tag)) } : page;
  });

  return (
    <section class="page">
      <div class="page-head">
        <h1>{t("companies.title")}</h1>
        <Show when={session.canWrite() && !creating()}>
          <button type="button" onClick={() => setCreating(true)} data-testid="new-company">{t("companies.new")}</button>
        </Show>
      </div>
      <Show when={creating()}>
        <div class="card">
          <h2>{t("companies.new")}</h2>
          <CompanyForm
            submitLabel={t("common.create")}
            onCancel={() => setCreating(false)}
            onSubmit={async (input) => {
              const created = await api.companies.create(input);
              rememberCompany(created);
              setCreating(false);
              list.setItems([created, ...list.items().filter((c) => c.companyId !== created.companyId)]);
            }}
          />
        </div>
      </Show>
      <ListToolbar
        q={q()} onQ={setQ} searchPlaceholder={t("companies.search")}
        sort={sort()} onSort={(s) => setParams({ sort: s === "name" ? undefined : s }, { replace: true })} sortDisabled={!!debouncedQ().trim()}
        tag={tag()} onTag={setTag}
        actions={<><button type="button" class="secondary" onClick={() => setFilterOpen(!filterOpen())} data-testid="filter-toggle">{t("filter.title")}{draft().conditions.length ? ` (${draft().conditions.length})` : ""}</button><ExportMenu path="companies" filters={() => ({ q: query().q, tag: query().tag, sort: query().q ? undefined : query().sort, filter: query().filter })} /><Show when={session.canWrite()}><A href="/import?object=company" class="button secondary" data-testid="import-link">{t("nav.import")}</A></Show></>}
      />
      <Show when={filterOpen()}>
        <FilterBuilder object="company" value={draft()} onChange={setDraft} />
        <button type="button" onClick={() => setParams({ filter: filterToParam(draft()) }, { replace: true })} data-testid="filter-apply">{t("filter.apply")}</button>
      </Show>
      <customColumns.Chooser />
      <FormError error={list.error()} />
      <Show when={list.loaded()} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={list.items().length} fallback={<p class="empty" data-testid="empty">{query().q || query().tag ? t("common.noMatches") : t("companies.empty")}</p>}>
          <RecordTable<Company>
            testid="company-list"
            rows={list.items()}
            columns={[
              { label: t("field.companyName"), primary: true, cell: (c) => <A href={`/companies/${c.companyId}`} class="record-link">{c.name}</A> },
              { label: t("field.domain"), cell: (c) => c.domain ?? "" },
              { label: t("field.industry"), cell: (c) => c.industry ?? "" },
              { label: t("field.creditCode"), cell: (c) => c.creditCode ?? "" },
              { label: t("field.phone"), cell: (c) => c.phone ?? "" },
              { label: t("field.tags"), cell: (c) => <Tags tags={c.tags} /> },
              { label: t("field.owner"), cell: (c) => session.memberName(c.ownerId) },
              { label: t("field.updated"), cell: (c) => formatDate(c.updatedAt) },
              ...customColumns.columns(),
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
