import { createResource, createSignal, For, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { FormError } from "../../components/form-error";
import { t, type Key } from "../../i18n";
import { type FieldDef, type FieldObject, forgetDefinitions, HIDEABLE_ROLES, type Layout, labelOf, layoutsApi } from "../../lib/custom-fields";
import { objectsApi } from "../objects/api";

const BUILT_IN_LABELS: Record<string, Key> = {
  name: "field.name", email: "field.email", phone: "field.phone", title: "field.title", birthday: "field.birthday", language: "field.language",
  companyId: "field.company", tags: "field.tags", ownerId: "field.owner", shared: "field.shared", domain: "field.domain", industry: "field.industry",
};

/** Settings → Custom fields → Layout: sections with ordered fields, quick entry, fields hidden from roles. */
export function LayoutEditor(props: { object: FieldObject; fields: FieldDef[] }) {
  // Read again when fields come or go, so new ones show up in the last section.
  const [saved, { refetch }] = createResource(() => `${props.object}:${props.fields.map((f) => f.key).join(",")}`, (k) => layoutsApi.get(k.split(":")[0] as FieldObject));
  return (
    <Show when={saved()} keyed>
      {(l) => <LayoutForm object={props.object} layout={l} fields={props.fields} onSaved={() => void refetch()} />}
    </Show>
  );
}

function LayoutForm(props: { object: FieldObject; layout: Layout; fields: FieldDef[]; onSaved: () => void }) {
  const [l, setL] = createStore(structuredClone({ sections: props.layout.sections, quickEntry: props.layout.quickEntry, hidden: props.layout.hidden }));
  const [error, setError] = createSignal<unknown>();
  const [done, setDone] = createSignal(false);
  const def = (key: string) => props.fields.find((f) => f.key === key);
  // A custom object's built-in fields are its name and its relations (`relations.<key>`), labelled by its definition.
  const [objectDef] = createResource(() => (props.object.startsWith("obj_") ? props.object.slice(4) : null), (key) => objectsApi.get(key));
  const name = (key: string) => {
    const d = def(key);
    if (d) return labelOf(d.labels, d.key);
    const o = objectDef();
    if (o && key === "name") return labelOf(o.nameLabel, t("objects.name"));
    const relation = o && key.startsWith("relations.") ? o.relations.find((r) => `relations.${r.key}` === key) : undefined;
    if (relation) return labelOf(relation.labels, relation.key);
    return BUILT_IN_LABELS[key] ? t(BUILT_IN_LABELS[key]) : key;
  };
  const move = (s: number, i: number, by: -1 | 1) =>
    setL("sections", s, "fields", produce((f) => {
      const j = i + by;
      if (j < 0 || j >= f.length) return;
      [f[i], f[j]] = [f[j], f[i]];
    }));
  const toSection = (from: number, key: string, to: number) =>
    setL("sections", produce((ss) => {
      ss[from].fields = ss[from].fields.filter((k) => k !== key);
      ss[to].fields.push(key);
    }));
  const toggleQuick = (key: string, on: boolean) => setL("quickEntry", (q) => (on ? [...q, key] : q.filter((k) => k !== key)));
  const toggleHidden = (key: string, role: string, on: boolean) =>
    setL("hidden", key, (roles = []) => (on ? [...roles, role] : roles.filter((r) => r !== role)));
  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setDone(false);
    try {
      await layoutsApi.put(props.object, { version: props.layout.version, sections: l.sections, quickEntry: l.quickEntry, hidden: l.hidden });
      forgetDefinitions(props.object);
      setDone(true);
      props.onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="stack" onSubmit={save} data-testid="layout-editor">
      <h3>{t("fields.layout")}</h3>
      <p class="muted">{t("fields.layoutIntro")}</p>
      <For each={l.sections}>
        {(section, s) => (
          <fieldset class="stack policy" data-testid="layout-section">
            <div class="inline">
              <input aria-label={`${t("fields.section")} · ${t("fields.labelZh")}`} maxLength={100} value={section.labels["zh-CN"]} onInput={(e) => setL("sections", s(), "labels", "zh-CN", e.currentTarget.value)} />
              <input aria-label={`${t("fields.section")} · ${t("fields.labelEn")}`} maxLength={100} value={section.labels.en} onInput={(e) => setL("sections", s(), "labels", "en", e.currentTarget.value)} />
            </div>
            <ul class="policy-list">
              <For each={section.fields}>
                {(key, i) => (
                  <li class="inline layout-field" data-testid={`layout-field-${key}`}>
                    <span>{name(key)} <Show when={!def(key)}><span class="badge">{key.startsWith("relations.") ? t("objects.relations") : t("fields.builtIn")}</span></Show></span>
                    <button type="button" class="small secondary" aria-label={t("fields.moveUp")} disabled={i() === 0} onClick={() => move(s(), i(), -1)}>↑</button>
                    <button type="button" class="small secondary" aria-label={t("fields.moveDown")} disabled={i() === section.fields.length - 1} onClick={() => move(s(), i(), 1)}>↓</button>
                    <Show when={l.sections.length > 1}>
                      <select aria-label={t("fields.section")} value={s()} onChange={(e) => toSection(s(), key, Number(e.currentTarget.value))}>
                        <For each={l.sections}>{(o, k) => <option value={k()}>{labelOf(o.labels, o.id)}</option>}</For>
                      </select>
                    </Show>
                    <label class="check">
                      <input type="checkbox" checked={l.quickEntry.includes(key)} onChange={(e) => toggleQuick(key, e.currentTarget.checked)} />
                      <span>{t("fields.quickEntry")}</span>
                    </label>
                    <Show when={def(key)}>
                      <span class="muted">{t("fields.hiddenFrom")}:</span>
                      <For each={HIDEABLE_ROLES}>
                        {(role) => (
                          <label class="check">
                            <input type="checkbox" checked={(l.hidden[key] ?? []).includes(role)} onChange={(e) => toggleHidden(key, role, e.currentTarget.checked)} />
                            <span>{t(`fields.role.${role}` as Key)}</span>
                          </label>
                        )}
                      </For>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </fieldset>
        )}
      </For>
      <FormError error={error()} onReload={props.onSaved} />
      <Show when={done()}><p class="notice" role="status">{t("fields.layoutSaved")}</p></Show>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => setL("sections", (ss) => [...ss, { id: `section_${ss.length + 1}`, labels: { en: "", "zh-CN": `${t("fields.section")} ${ss.length + 1}` }, fields: [] }])}>{t("fields.sectionAdd")}</button>
        <button type="submit" data-testid="save-layout">{t("fields.saveLayout")}</button>
      </div>
    </form>
  );
}
