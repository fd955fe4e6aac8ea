import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, Show } from "solid-js";
import { customValueText } from "../../components/custom-fields";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { type Column, RecordTable } from "../../components/record-table";
import { formatDate, t } from "../../i18n";
import { labelOf, useDefinitions } from "../../lib/custom-fields";
import { createDebounced } from "../../lib/debounce";
import { createPaged } from "../../lib/paged";
import { useSession } from "../../session";
import { type ObjectRecord, objectsApi, plural, singular } from "./api";
import { RecordForm } from "./record-form";
import { ObjectExportMenu } from "./export-menu";

/** /objects/:objectKey — a custom object's records: name and custom field columns, search, and a new-record form. */
export function ObjectList() {
  const session = useSession();
  return (
    <Show when={session.has("customObjects")} fallback={<FeatureLocked feature="customObjects" />}>
      <Records />
    </Show>
  );
}

function Records() {
  const params = useParams();
  const session = useSession();
  const [def] = createResource(() => params.objectKey, (key: string) => objectsApi.get(key));
  const [query, setQuery] = createSignal("");
  const q = createDebounced(query, 250);
  const list = createPaged(() => ({ key: params.objectKey ?? "", q: q().trim() }), (p, cursor) => objectsApi.records(p.key, { q: p.q || undefined, cursor, limit: 50 }));
  const defs = useDefinitions(() => `obj_${params.objectKey}` as const, () => session.has("customFields"));
  // false, "full" (every section of the layout) or "quick" (the quick-entry form, for a phone in the field).
  const [creating, setCreating] = createSignal<false | "full" | "quick">(false);
  const columns = (): Column<ObjectRecord>[] => [
    { label: labelOf(def()?.nameLabel, t("objects.name")), primary: true, cell: (r) => <A href={`/objects/${params.objectKey}/${r.recordId}`} data-testid="object-record-link">{r.name}</A> },
    ...(defs() ?? []).slice(0, 6).map((d) => ({ label: labelOf(d.labels, d.key), cell: (r: ObjectRecord) => customValueText(d, r.custom?.[d.key], session.memberName) })),
    { label: t("objects.updated"), cell: (r) => formatDate(r.updatedAt) },
  ];
  return (
    <section class="page stack" data-testid="object-list">
      <FormError error={def.error} />
      <Show when={def()}>
        {(d) => (
          <>
            <div class="page-head">
              <h1>{plural(d())}</h1>
              <Show when={session.canWrite() && !creating()}>
                <button type="button" onClick={() => setCreating("full")} data-testid="object-record-new">{t("objects.newRecord", { name: singular(d()) })}</button>
                <button type="button" class="secondary" onClick={() => setCreating("quick")} data-testid="object-record-quick">{t("fields.quickEntry")}</button>
              </Show>
              <ObjectExportMenu objectKey={d().objectKey} q={() => q().trim()} />
            </div>
            <Show when={d().description}><p class="muted">{d().description}</p></Show>
            <Show when={creating()} keyed>
              {(mode) => <RecordForm def={d()} quick={mode === "quick"} onCancel={() => setCreating(false)} onSaved={() => { setCreating(false); void list.reload(); }} />}
            </Show>
            <input type="search" value={query()} placeholder={t("objects.search")} aria-label={t("objects.search")} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="object-search" />
            <FormError error={list.error()} />
            <Show when={list.items().length || !list.loaded()} fallback={<p class="empty">{t("objects.empty")}</p>}>
              <RecordTable columns={columns()} rows={list.items()} testid="object-records" />
            </Show>
            <Show when={list.hasMore()}>
              <button type="button" class="secondary more" disabled={list.loading()} onClick={() => list.loadMore()}>{t("common.more")}</button>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

/** The record form lives in record-form.tsx (drawn from the object's layout); detail.tsx imports it from here too. */
export { RecordForm };
