import { A } from "@solidjs/router";
import { createResource, createSignal, For, Index, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { ApiError } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { FeatureLocked } from "../../components/feature-locked";
import { Field } from "../../components/field";
import { EditableList } from "../../components/editable-list";
import { FormError } from "../../components/form-error";
import { fieldText, t, type Key } from "../../i18n";
import { labelOf } from "../../lib/custom-fields";
import { useSession } from "../../session";
import { forgetObjectDefs, type ObjectDef, type ObjectDefInput, objectsApi, plural, RELATION_TARGETS, type RelationTarget } from "../objects/api";

/** Settings → Custom objects: define objects, their name field and relations; their fields live in Settings → Fields. */
export function ObjectSettings() {
  const session = useSession();
  return (
    <Show when={session.has("customObjects")} fallback={<FeatureLocked feature="customObjects" />}>
      <ObjectDefs />
    </Show>
  );
}

function ObjectDefs() {
  const session = useSession();
  const [data, { refetch }] = createResource(() => objectsApi.list());
  const [editing, setEditing] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const changed = async () => {
    forgetObjectDefs();
    setEditing(undefined);
    await refetch();
  };
  return (
    <EditableList testid="object-settings" title={t("objects.title")} intro={t("objects.intro")} error={error() ?? data.error}
      canAdd={session.isAdmin()} newLabel={t("objects.new")} newTestid="new-object" editing={editing()} setEditing={setEditing}
      newForm={() => <ObjectForm onCancel={() => setEditing(undefined)} onSubmit={async (input) => { await objectsApi.create(input as ObjectDefInput & { key: string }); await changed(); }} />}
      items={data()?.items ?? []} loading={data.loading} empty={t("objects.none")} itemTestid="object-row" idOf={(o) => o.objectKey}
      row={(o) => (
        <div class="section-head">
          <div>
            <strong><A href={`/objects/${o.objectKey}`}>{plural(o)}</A></strong> <code>{o.objectKey}</code>{" "}
            <span class="badge">{t("objects.recordCount", { count: o.records })}</span>
            <For each={o.relations}>{(r) => <> <span class="badge">{labelOf(r.labels, r.key)} → {t(`objects.target.${r.target}` as Key)}</span></>}</For>
            <Show when={o.description}><p class="muted">{o.description}</p></Show>
          </div>
          <div class="inline">
            <A class="button small secondary" href={`/settings/fields?object=${o.objectType}`} data-testid="object-fields">{t("objects.fields")}</A>
            <Show when={session.isAdmin()}>
              <button type="button" class="small secondary" onClick={() => setEditing(o.objectKey)}>{t("common.edit")}</button>
              <ConfirmButton label={t("common.delete")} question={t("objects.deleteQuestion")} testid="delete-object"
                onConfirm={async () => {
                  setError(undefined);
                  try {
                    await objectsApi.remove(o.objectKey);
                    await changed();
                  } catch (err) {
                    setError(err);
                  }
                }} />
            </Show>
          </div>
        </div>
      )}
      form={(o) => <ObjectForm initial={o} onCancel={() => setEditing(undefined)} onSubmit={async (input) => { await objectsApi.update(o.objectKey, { ...input, version: o.version }); await changed(); }} />}>
      <Show when={data() && data()!.limit !== null}>
        <p class="muted" data-testid="objects-usage">{t("objects.usage", { used: data()!.items.length, limit: data()!.limit ?? "∞" })}</p>
      </Show>
    </EditableList>
  );
}

type RelationRow = { key: string; en: string; zh: string; target: RelationTarget; many: boolean };

/** Defines or edits one object: key (fixed once created), labels in both languages, name label, relations. */
function ObjectForm(props: { initial?: ObjectDef; onSubmit: (input: ObjectDefInput) => Promise<unknown>; onCancel: () => void }) {
  const i = props.initial;
  const [v, setV] = createStore({
    key: i?.objectKey ?? "",
    oneEn: i?.labels.singular.en ?? "", oneZh: i?.labels.singular["zh-CN"] ?? "",
    manyEn: i?.labels.plural.en ?? "", manyZh: i?.labels.plural["zh-CN"] ?? "",
    description: i?.description ?? "",
    nameEn: i?.nameLabel.en ?? "Name", nameZh: i?.nameLabel["zh-CN"] ?? "名称",
    relations: (i?.relations ?? []).map((r) => ({ key: r.key, en: r.labels.en, zh: r.labels["zh-CN"], target: r.target, many: r.many })) as RelationRow[],
  });
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const err = (k: string) => {
    const all = fields();
    const hit = all[k] ?? Object.entries(all).find(([p]) => p.startsWith(`${k}.`))?.[1];
    return hit ? fieldText(hit) : undefined;
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFields({});
    setError(undefined);
    try {
      await props.onSubmit({
        ...(i ? {} : { key: v.key.trim() }),
        labels: { singular: { en: v.oneEn.trim(), "zh-CN": v.oneZh.trim() }, plural: { en: v.manyEn.trim(), "zh-CN": v.manyZh.trim() } },
        description: v.description.trim(),
        nameLabel: { en: v.nameEn.trim(), "zh-CN": v.nameZh.trim() },
        relations: v.relations.map((r) => ({ key: r.key.trim(), labels: { en: r.en.trim(), "zh-CN": r.zh.trim() }, target: r.target, many: r.many })),
      });
    } catch (x) {
      if (x instanceof ApiError && x.fields) setFields(x.fields);
      setError(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} data-testid="object-form">
      <div class="grid">
        <Field label={t("objects.key")} hint={t("objects.keyHint")} error={err("key")}>
          <input name="key" value={v.key} disabled={!!i} required pattern="[a-z][a-z0-9_]{1,30}" onInput={(e) => setV("key", e.currentTarget.value)} data-testid="object-key" />
        </Field>
        <Field label={`${t("objects.singular")} · ${t("objects.labelZh")}`} error={err("labels.singular")}>
          <input name="singular.zh" value={v.oneZh} onInput={(e) => setV("oneZh", e.currentTarget.value)} data-testid="object-singular-zh" />
        </Field>
        <Field label={`${t("objects.singular")} · ${t("objects.labelEn")}`}>
          <input name="singular.en" value={v.oneEn} onInput={(e) => setV("oneEn", e.currentTarget.value)} data-testid="object-singular-en" />
        </Field>
        <Field label={`${t("objects.plural")} · ${t("objects.labelZh")}`} error={err("labels.plural")}>
          <input name="plural.zh" value={v.manyZh} onInput={(e) => setV("manyZh", e.currentTarget.value)} data-testid="object-plural-zh" />
        </Field>
        <Field label={`${t("objects.plural")} · ${t("objects.labelEn")}`}>
          <input name="plural.en" value={v.manyEn} onInput={(e) => setV("manyEn", e.currentTarget.value)} data-testid="object-plural-en" />
        </Field>
        <Field label={`${t("objects.nameLabel")} · ${t("objects.labelZh")}`} error={err("nameLabel")}>
          <input name="name.zh" value={v.nameZh} onInput={(e) => setV("nameZh", e.currentTarget.value)} />
        </Field>
        <Field label={`${t("objects.nameLabel")} · ${t("objects.labelEn")}`}>
          <input name="name.en" value={v.nameEn} onInput={(e) => setV("nameEn", e.currentTarget.value)} />
        </Field>
        <Field label={t("objects.description")} class="wide" error={err("description")}>
          <textarea name="description" rows={2} value={v.description} onInput={(e) => setV("description", e.currentTarget.value)} />
        </Field>
      </div>
      <fieldset>
        <legend>{t("objects.relations")}</legend>
        <Index each={v.relations}>
          {(r, n) => (
            <div class="row" data-testid="relation-row">
              <Field label={t("objects.relationKey")} error={err(`relations.${n}`) ?? err(`relations.${r().key}`)}>
                <input value={r().key} required pattern="[a-z][a-z0-9_]{0,30}" onInput={(e) => setV("relations", n, "key", e.currentTarget.value)} data-testid="relation-key" />
              </Field>
              <Field label={`${t("objects.relationLabel")} · ${t("objects.labelZh")}`}>
                <input value={r().zh} onInput={(e) => setV("relations", n, "zh", e.currentTarget.value)} data-testid="relation-label-zh" />
              </Field>
              <Field label={`${t("objects.relationLabel")} · ${t("objects.labelEn")}`}>
                <input value={r().en} onInput={(e) => setV("relations", n, "en", e.currentTarget.value)} />
              </Field>
              <Field label={t("objects.relationTarget")}>
                <select value={r().target} onChange={(e) => setV("relations", n, "target", e.currentTarget.value as RelationTarget)} data-testid="relation-target">
                  <For each={RELATION_TARGETS}>{(target) => <option value={target}>{t(`objects.target.${target}` as Key)}</option>}</For>
                </select>
              </Field>
              <label class="check">
                <input type="checkbox" checked={r().many} onChange={(e) => setV("relations", n, "many", e.currentTarget.checked)} />
                <span>{t("objects.relationMany")}</span>
              </label>
              <button type="button" class="secondary small" aria-label={t("objects.remove")} onClick={() => setV("relations", v.relations.filter((_, j) => j !== n))}>×</button>
            </div>
          )}
        </Index>
        <button type="button" class="secondary small" data-testid="relation-add"
          onClick={() => setV("relations", [...v.relations, { key: "", en: "", zh: "", target: "company", many: false }])}>{t("objects.relationAdd")}</button>
      </fieldset>
      <FormError error={error()} />
      <div class="inline">
        <button type="submit" disabled={busy()} data-testid="object-save">{i ? t("common.save") : t("common.create")}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
