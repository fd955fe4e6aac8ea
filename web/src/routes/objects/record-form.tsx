import { useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api";
import { CustomFieldInput, errorText } from "../../components/custom-fields";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { fieldText, t } from "../../i18n";
import { customPayload, definitionsOf, labelOf, layoutOf } from "../../lib/custom-fields";
import { useSession } from "../../session";
import { type ObjectDef, type ObjectRecord, objectsApi } from "./api";
import { formSections } from "./record-layout";
import { RelationInputs, relationIds, type RelationValues } from "./relation-inputs";

const GROUPED = ["multi_select", "money", "record_link", "user", "checkbox"];

/**
 * Creates or edits a custom object's record, drawn from the object's layout: its sections in order, or
 * with `quick` the quick-entry form (a phone in the field: the name, the quick-entry and required fields).
 * Required fields are enforced by the API; its `custom.<key>` and `relations.<key>` errors show at the field.
 */
export function RecordForm(props: { def: ObjectDef; initial?: ObjectRecord; related?: RelationValues; quick?: boolean; onCancel: () => void; onSaved: (r: ObjectRecord) => void }) {
  const session = useSession();
  const navigate = useNavigate();
  const [arranged] = createResource(
    () => ({ def: props.def, quick: props.quick ?? false, on: session.has("customFields") }),
    async ({ def, quick, on }) => {
      const [defs, layout] = on ? await Promise.all([definitionsOf(def.objectType), layoutOf(def.objectType)]) : [[], null];
      return formSections(layout, def.relations, defs, quick);
    },
  );
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
  const many = () => (arranged() ?? []).length > 1;
  return (
    <form class="card stack" onSubmit={submit} data-testid={props.quick ? "object-quick-form" : "object-record-form"}>
      <Show when={props.quick}><h2>{t("fields.quickEntry")}</h2></Show>
      <For each={arranged() ?? []}>
        {(section) => (
          <fieldset class="stack form-section" data-testid={`object-form-section-${section.id}`}>
            <Show when={many() && section.labels}><legend>{labelOf(section.labels!, section.id)}</legend></Show>
            <div class="grid">
              <For each={section.slots}>
                {(slot) => (
                  <Switch>
                    <Match when={slot.kind === "name"}>
                      <Field label={`${labelOf(props.def.nameLabel, t("objects.name"))} *`} error={err("name")}>
                        <input name="name" value={name()} required maxLength={200} onInput={(e) => setName(e.currentTarget.value)} data-testid="object-record-name" />
                      </Field>
                    </Match>
                    <Match when={slot.kind === "relation" && slot}>
                      {(s) => <RelationInputs relations={[s().relation]} values={relations()} onChange={setRelations} error={err} />}
                    </Match>
                    <Match when={slot.kind === "custom" && slot}>
                      {(s) => {
                        const d = s().def;
                        return (
                          <Field label={`${labelOf(d.labels, d.key)}${d.required ? " *" : ""}`} hint={labelOf(d.help) || undefined} error={errorText(fields()[`custom.${d.key}`])}
                            group={GROUPED.includes(d.type)} class={d.type === "long_text" || d.type === "multi_select" ? "wide" : undefined}>
                            <CustomFieldInput def={d} value={custom()[d.key]} onChange={(v) => setCustom({ ...custom(), [d.key]: v })} />
                          </Field>
                        );
                      }}
                    </Match>
                  </Switch>
                )}
              </For>
            </div>
          </fieldset>
        )}
      </For>
      <FormError error={error()} onReload={props.initial ? () => navigate(0) : undefined} />
      <div class="inline">
        <button type="submit" disabled={busy() || arranged.loading} data-testid="object-record-save">{props.initial ? t("common.save") : t("common.create")}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}

