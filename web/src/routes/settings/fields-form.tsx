import { createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { CustomFieldInput } from "../../components/custom-fields";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { fieldText, t } from "../../i18n";
import { ApiError } from "../../api";
import { FIELD_OBJECTS, FIELD_TYPES, type FieldDef, type FieldInput, type FieldObject, type FieldOption, type FieldType, SEARCHABLE_TYPES } from "../../lib/custom-fields";

const RANGED: FieldType[] = ["text", "long_text", "number", "money", "multi_select"];

/**
 * Adds or edits one custom field: labels and help in both languages, and what the type takes (options for
 * selects, min/max, a pattern for text, link targets). Key and type are fixed once the field exists.
 */
export function FieldForm(props: { object: FieldObject; initial?: FieldDef; onSubmit: (input: FieldInput) => Promise<unknown>; onCancel: () => void }) {
  const i = props.initial;
  const [v, setV] = createStore({
    key: i?.key ?? "", type: (i?.type ?? "text") as FieldType,
    en: i?.labels.en ?? "", zh: i?.labels["zh-CN"] ?? "", helpEn: i?.help.en ?? "", helpZh: i?.help["zh-CN"] ?? "",
    required: i?.required ?? false, searchable: i?.searchable ?? false,
    min: i?.validation.min === undefined ? "" : String(i.validation.min), max: i?.validation.max === undefined ? "" : String(i.validation.max),
    pattern: i?.validation.pattern ?? "", options: (i?.validation.options ?? []) as FieldOption[],
    objectTypes: (i?.validation.objectTypes ?? []) as FieldObject[], default: (i?.default ?? null) as unknown,
  });
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const err = (k: string) => {
    const all = fields();
    const hit = all[k] ?? Object.entries(all).find(([p]) => p.startsWith(`${k}.`))?.[1];
    return hit ? fieldText(hit) : undefined;
  };
  const selects = () => v.type === "single_select" || v.type === "multi_select";
  const num = (s: string) => (s.trim() === "" ? undefined : Number(s));

  const input = (): FieldInput => {
    const validation: FieldInput["validation"] = {};
    if (RANGED.includes(v.type)) {
      if (num(v.min) !== undefined) validation.min = num(v.min);
      if (num(v.max) !== undefined) validation.max = num(v.max);
    }
    if ((v.type === "text" || v.type === "long_text") && v.pattern.trim()) validation.pattern = v.pattern.trim();
    if (selects()) validation.options = v.options.map((o) => ({ key: o.key.trim(), labels: { en: o.labels.en.trim(), "zh-CN": o.labels["zh-CN"].trim() } }));
    if (v.type === "record_link" && v.objectTypes.length) validation.objectTypes = [...v.objectTypes];
    const hasDefault = v.default !== null && v.default !== "" && !(Array.isArray(v.default) && !v.default.length);
    return {
      ...(i ? {} : { objectType: props.object, key: v.key.trim(), type: v.type }),
      labels: { en: v.en.trim(), "zh-CN": v.zh.trim() },
      help: { ...(v.helpEn.trim() ? { en: v.helpEn.trim() } : {}), ...(v.helpZh.trim() ? { "zh-CN": v.helpZh.trim() } : {}) },
      required: v.required,
      searchable: SEARCHABLE_TYPES.includes(v.type) ? v.searchable : false,
      validation,
      ...(hasDefault ? { default: v.default } : i ? { default: null } : {}),
    };
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFields({});
    setError(undefined);
    try {
      await props.onSubmit(input());
    } catch (x) {
      if (x instanceof ApiError && x.fields) setFields(x.fields);
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  // The default is entered with the field's own control, built from what the form says so far.
  const draft = (): FieldDef => ({
    fieldId: "", objectType: props.object, key: v.key || "default", type: v.type, labels: { en: v.en, "zh-CN": v.zh }, help: {},
    required: false, default: null, validation: { options: v.options, objectTypes: v.objectTypes.length ? v.objectTypes : undefined },
    searchable: false, position: 0, deletedAt: null, purging: false, version: 0, createdAt: "", updatedAt: "",
  });

  return (
    <form class="record-form stack" onSubmit={submit} data-testid="field-form">
      <div class="grid">
        <Field label={t("fields.key")} hint={t("fields.keyHint")} error={err("key")}>
          <input name="key" required pattern="[a-z][a-z0-9_]{0,39}" maxLength={40} value={v.key} disabled={!!i} onInput={(e) => setV("key", e.currentTarget.value)} />
        </Field>
        <Field label={t("fields.type")} error={err("type")}>
          <select name="type" value={v.type} disabled={!!i} onChange={(e) => { setV("type", e.currentTarget.value as FieldType); setV("default", null); }}>
            <For each={FIELD_TYPES}>{(ty) => <option value={ty}>{t(`fields.type.${ty}` as never)}</option>}</For>
          </select>
        </Field>
        <Field label={t("fields.labelZh")} error={err("labels")}>
          <input name="labelZh" maxLength={100} value={v.zh} onInput={(e) => setV("zh", e.currentTarget.value)} />
        </Field>
        <Field label={t("fields.labelEn")} error={err("labels")}>
          <input name="labelEn" maxLength={100} value={v.en} onInput={(e) => setV("en", e.currentTarget.value)} />
        </Field>
        <Field label={t("fields.helpZh")} error={err("help")}>
          <input name="helpZh" maxLength={500} value={v.helpZh} onInput={(e) => setV("helpZh", e.currentTarget.value)} />
        </Field>
        <Field label={t("fields.helpEn")} error={err("help")}>
          <input name="helpEn" maxLength={500} value={v.helpEn} onInput={(e) => setV("helpEn", e.currentTarget.value)} />
        </Field>
        <Show when={RANGED.includes(v.type)}>
          <Field label={t("fields.min")} hint={v.type.includes("text") ? t("fields.lengthHint") : undefined} error={err("validation.min")}>
            <input name="min" type="number" step="any" value={v.min} onInput={(e) => setV("min", e.currentTarget.value)} />
          </Field>
          <Field label={t("fields.max")} error={err("validation.max")}>
            <input name="max" type="number" step="any" value={v.max} onInput={(e) => setV("max", e.currentTarget.value)} />
          </Field>
        </Show>
        <Show when={v.type === "text" || v.type === "long_text"}>
          <Field label={t("fields.pattern")} error={err("validation.pattern")} class="wide">
            <input name="pattern" maxLength={200} value={v.pattern} onInput={(e) => setV("pattern", e.currentTarget.value)} />
          </Field>
        </Show>
        <Show when={selects()}>
          <Field label={t("fields.options")} error={err("validation.options")} class="wide" group>
            <ul class="options-editor">
              <For each={v.options}>
                {(o, n) => (
                  <li class="inline" data-testid="option-row">
                    <input name="optionKey" aria-label={t("fields.optionKey")} maxLength={40} value={o.key} onInput={(e) => setV("options", n(), "key", e.currentTarget.value)} />
                    <input name="optionZh" aria-label={t("fields.labelZh")} maxLength={100} value={o.labels["zh-CN"]} onInput={(e) => setV("options", n(), "labels", "zh-CN", e.currentTarget.value)} />
                    <input name="optionEn" aria-label={t("fields.labelEn")} maxLength={100} value={o.labels.en} onInput={(e) => setV("options", n(), "labels", "en", e.currentTarget.value)} />
                    <button type="button" class="small secondary" aria-label={t("fields.optionRemove")} onClick={() => setV("options", v.options.filter((_, k) => k !== n()))}>×</button>
                  </li>
                )}
              </For>
            </ul>
            <button type="button" class="small secondary" data-testid="add-option"
              onClick={() => setV("options", [...v.options, { key: `option_${v.options.length + 1}`, labels: { en: "", "zh-CN": "" } }])}>{t("fields.optionAdd")}</button>
          </Field>
        </Show>
        <Show when={v.type === "record_link"}>
          <Field label={t("fields.linkTargets")} class="wide" group>
            <div class="checks">
              <For each={FIELD_OBJECTS}>
                {(o) => (
                  <label class="check">
                    <input type="checkbox" checked={v.objectTypes.includes(o)} onChange={(e) => setV("objectTypes", e.currentTarget.checked ? [...v.objectTypes, o] : v.objectTypes.filter((x) => x !== o))} />
                    <span>{t(`fields.object.${o}` as never)}</span>
                  </label>
                )}
              </For>
            </div>
          </Field>
        </Show>
        <Show when={v.type !== "user" && v.type !== "record_link"}>
          <Field label={t("fields.default")} error={err("default")} group class={v.type === "multi_select" || v.type === "long_text" ? "wide" : undefined}>
            <CustomFieldInput def={draft()} value={v.default} onChange={(x) => setV("default", x as never)} />
          </Field>
        </Show>
        <label class="check">
          <input type="checkbox" name="required" checked={v.required} onChange={(e) => setV("required", e.currentTarget.checked)} />
          <span>{t("fields.required")}</span>
        </label>
        <Show when={SEARCHABLE_TYPES.includes(v.type)}>
          <label class="check">
            <input type="checkbox" name="searchable" checked={v.searchable} onChange={(e) => setV("searchable", e.currentTarget.checked)} />
            <span>{t("fields.searchable")}</span>
          </label>
        </Show>
      </div>
      <FormError error={error()} />
      <div class="actions">
        <button type="submit" disabled={busy()} data-testid="save-field">{i ? t("common.save") : t("fields.create")}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
