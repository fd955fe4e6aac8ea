import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, Show } from "solid-js";
import { ApiError } from "../../api";
import { customValueText, CustomFieldInputs } from "../../components/custom-fields";
import { FeatureLocked } from "../../components/feature-locked";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { type Column, RecordTable } from "../../components/record-table";
import { fieldText, formatDate, t } from "../../i18n";
import { customPayload, labelOf, useDefinitions } from "../../lib/custom-fields";
import { createDebounced } from "../../lib/debounce";
import { createPaged } from "../../lib/paged";
import { useSession } from "../../session";
import { type ObjectDef, type ObjectRecord, objectsApi, plural, singular } from "./api";
import { RelationInputs, relationIds, type RelationValues } from "./relation-inputs";

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
  const [creating, setCreating] = createSignal(false);
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
                <button type="button" onClick={() => setCreating(true)} data-testid="object-record-new">{t("objects.newRecord", { name: singular(d()) })}</button>
              </Show>
            </div>
            <Show when={d().description}><p class="muted">{d().description}</p></Show>
            <Show when={creating()}>
              <RecordForm def={d()} onCancel={() => setCreating(false)} onSaved={() => { setCreating(false); void list.reload(); }} />
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

/** Creates or edits a record: name, custom fields (required ones enforced by the API), relations. */
export function RecordForm(props: { def: ObjectDef; initial?: ObjectRecord; related?: RelationValues; onCancel: () => void; onSaved: (r: ObjectRecord) => void }) {
  const navigate = useNavigate();
  const [name, setName] = createSignal(props.initial?.name ?? "");
  const [custom, setCustom] = createSignal<Record<string, unknown>>({ ...(props.initial?.custom ?? {}) });
  const [relations, setRelations] = createSignal<RelationValues>(props.related ?? {});
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const err = (k: string) => (fields()[k] ? fieldText(fields()[k]) : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFields({});
    setError(undefined);
    try {
      const key = props.def.objectKey;
      const saved = props.initial
        ? await objectsApi.updateRecord(key, props.initial.recordId, { version: props.initial.version, name: name(), custom: customPayload(custom(), props.initial.custom), relations: relationIds(relations()) })
        : await objectsApi.createRecord(key, { name: name(), custom: customPayload(custom()), relations: relationIds(relations()) });
      props.onSaved(saved);
    } catch (x) {
      if (x instanceof ApiError && x.fields) setFields(x.fields);
      setError(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card stack" onSubmit={submit} data-testid="object-record-form">
      <div class="grid">
        <Field label={`${labelOf(props.def.nameLabel, t("objects.name"))} *`} error={err("name")}>
          <input name="name" value={name()} required onInput={(e) => setName(e.currentTarget.value)} data-testid="object-record-name" />
        </Field>
        <RelationInputs relations={props.def.relations} values={relations()} onChange={setRelations} error={err} />
      </div>
      <CustomFieldInputs object={props.def.objectType} values={custom()} onChange={setCustom} error={err} />
      <FormError error={error()} onReload={props.initial ? () => navigate(0) : undefined} />
      <div class="inline">
        <button type="submit" disabled={busy()} data-testid="object-record-save">{props.initial ? t("common.save") : t("common.create")}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
