import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, on, Show } from "solid-js";
import { api, type Contact } from "../../api";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { useCustomColumns } from "../../components/custom-fields";
import { QuickContactForm } from "../../components/quick-entry";
import { Tags } from "../../components/tags-input";
import { createDebounced } from "../../lib/debounce";
import { companyName } from "../../lib/company-names";
import { param } from "../../lib/next";
import { createPaged } from "../../lib/paged";
import { formatDate, t } from "../../i18n";
import { useSession } from "../../session";
import { ContactForm } from "./contact-form";
import { ListToolbar } from "../../components/list-toolbar";
import { ExportMenu } from "../../components/export-menu";
import { FilterBuilder } from "../../components/filter-builder";
import { filterFromParam, filterToParam } from "../../lib/segments-api";

const PAGE = 25;

export function ContactList() {
  const session = useSession();
  const customColumns = useCustomColumns<Contact>("contact");
  const [params, setParams] = useSearchParams();
  const [q, setQ] = createSignal(param(params.q));
  const [tag, setTag] = createSignal(param(params.tag));
  const [creating, setCreating] = createSignal(false);
  const [quick, setQuick] = createSignal(false);
  const debouncedQ = createDebounced(q);
  const debouncedTag = createDebounced(tag);
  const sort = (): "name" | "updated" => (param(params.sort) === "updated" ? "updated" : "name");
  // The custom-field filter lives in the address as JSON (`filter=`); the builder edits a draft applied on demand.
  const [filterOpen, setFilterOpen] = createSignal(!!param(params.filter));
  const [draft, setDraft] = createSignal(filterFromParam(param(params.filter)));
  // A company's contacts (`companyId=`, linked from the company page) combine with the search and the filter.
  const query = createMemo(
    () => ({ q: debouncedQ().trim(), tag: debouncedTag().trim(), sort: sort(), filter: param(params.filter), companyId: param(params.companyId) || undefined }),
    undefined,
    { equals: (a, b) => a.q === b.q && a.tag === b.tag && a.sort === b.sort && a.filter === b.filter && a.companyId === b.companyId },
  );
  // The search and the tag live in the address too, so a reload or a shared link keeps them.
  createEffect(on(query, (p) => setParams({ q: p.q || undefined, tag: p.tag || undefined }, { replace: true }), { defer: true }));
  const list = createPaged(query, async (p, cursor) => {
    // The server joins the search, the filter and the company; a page may come back short while its cursor goes on.
    const params = { q: p.q || undefined, tag: p.tag || undefined, sort: p.sort, cursor, limit: PAGE, filter: p.filter, companyId: p.companyId };
    const page = await api.contacts.list(params);
    // A search answers by relevance and ignores the tag filter, so the tag is applied here.
    return p.q && p.tag ? { ...page, items: page.items.filter((c) => c.tags.includes(p.tag)) } : page;
  });

  return (
    <section class="page">
      <div class="page-head">
        <h1>{t("contacts.title")}</h1>
        <Show when={session.canWrite() && !creating()}>
          <button type="button" onClick={() => setCreating(true)} data-testid="new-contact">{t("contacts.new")}</button>
        </Show>
        <Show when={session.canWrite() && !quick() && !creating()}>
          <button type="button" class="secondary" onClick={() => setQuick(true)} data-testid="quick-contact">{t("fields.quickEntry")}</button>
        </Show>
      </div>
      <Show when={quick()}>
        <div class="card">
          <h2>{t("fields.quickEntry")}</h2>
          <QuickContactForm onCancel={() => setQuick(false)} onCreated={(created) => {
            setQuick(false);
            list.setItems([created, ...list.items().filter((c) => c.contactId !== created.contactId)]);
          }} />
        </div>
      </Show>
      <Show when={creating()}>
        <div class="card">
          <h2>{t("contacts.new")}</h2>
          <ContactForm
            submitLabel={t("common.create")}
            onCancel={() => setCreating(false)}
            onSubmit={async (input) => {
              const created = await api.contacts.create(input);
              setCreating(false);
              list.setItems([created, ...list.items().filter((c) => c.contactId !== created.contactId)]);
            }}
          />
        </div>
      </Show>
      <ListToolbar
        q={q()} onQ={setQ} searchPlaceholder={t("contacts.search")}
        sort={sort()} onSort={(s) => setParams({ sort: s === "name" ? undefined : s }, { replace: true })} sortDisabled={!!debouncedQ().trim()}
        tag={tag()} onTag={setTag}
        actions={<><button type="button" class="secondary" onClick={() => setFilterOpen(!filterOpen())} data-testid="filter-toggle">{t("filter.title")}{draft().conditions.length ? ` (${draft().conditions.length})` : ""}</button><ExportMenu path="contacts" filters={() => ({ q: query().q, tag: query().tag, sort: query().q ? undefined : query().sort, filter: query().filter, companyId: query().companyId })} /><Show when={session.canWrite()}><A href="/import?object=contact" class="button secondary" data-testid="import-link">{t("nav.import")}</A></Show></>}
      />
      <Show when={query().companyId}>
        <p class="row" data-testid="company-scope">{t("field.company")}: {companyName(query().companyId!)}
          <button type="button" class="secondary" aria-label={t("filter.remove")} onClick={() => setParams({ companyId: undefined }, { replace: true })}>×</button>
        </p>
      </Show>
      <Show when={filterOpen()}>
        <FilterBuilder object="contact" value={draft()} onChange={setDraft} />
        <button type="button" onClick={() => setParams({ filter: filterToParam(draft()) }, { replace: true })} data-testid="filter-apply">{t("filter.apply")}</button>
      </Show>
      <customColumns.Chooser />
      <FormError error={list.error()} />
      <Show when={list.loaded()} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={list.items().length} fallback={<p class="empty" data-testid="empty">{query().q || query().tag || query().filter || query().companyId ? t("common.noMatches") : t("contacts.empty")}</p>}>
          <RecordTable<Contact>
            testid="contact-list"
            rows={list.items()}
            columns={[
              { label: t("field.name"), primary: true, cell: (c) => <A href={`/contacts/${c.contactId}`} class="record-link">{c.name}</A> },
              { label: t("field.email"), cell: (c) => c.email ?? "" },
              { label: t("field.phone"), cell: (c) => c.phone ?? "" },
              { label: t("field.company"), cell: (c) => (c.companyId ? <A href={`/companies/${c.companyId}`}>{companyName(c.companyId)}</A> : "") },
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
