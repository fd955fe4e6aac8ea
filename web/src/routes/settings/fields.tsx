import { createResource, createSignal, For, Show } from "solid-js";
import { ConfirmButton } from "../../components/confirm-button";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { FIELD_OBJECTS, type FieldDef, type FieldObject, fieldsApi, forgetDefinitions, labelOf } from "../../lib/custom-fields";
import { useSession } from "../../session";
import { FieldForm } from "./fields-form";
import { LayoutEditor } from "./fields-layout";
import { useSearchParams } from "@solidjs/router";
import { CustomObjectFieldTabs } from "../objects/field-tabs";

/** Settings → Custom fields: per object, the fields in form order; add, edit, reorder, delete, restore, purge. */
export function FieldSettings() {
  const session = useSession();
  return (
    <Show when={session.has("customFields")} fallback={<FeatureLocked feature="customFields" />}>
      <FieldList />
    </Show>
  );
}

function FieldList() {
  const session = useSession();
  const [params] = useSearchParams();
  // `?object=obj_<key>` opens a custom object's fields (linked from Settings → Custom objects).
  const [object, setObject] = createSignal<FieldObject>(typeof params.object === "string" && params.object.startsWith("obj_") ? (params.object as FieldObject) : "contact");
  const [data, { refetch }] = createResource(object, (o) => fieldsApi.list(o, true));
  const [editing, setEditing] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const active = () => (data()?.items ?? []).filter((f) => !f.deletedAt);
  const deleted = () => (data()?.items ?? []).filter((f) => f.deletedAt);
  const changed = async () => {
    forgetDefinitions(object());
    await refetch();
  };
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
    await changed();
  };
  /** Swaps the positions of two neighbours (two versioned updates). */
  const move = (f: FieldDef, by: -1 | 1) => {
    const list = active();
    const other = list[list.indexOf(f) + by];
    if (!other) return;
    const [a, b] = f.position === other.position ? [f.position + by, other.position] : [other.position, f.position];
    return act(async () => {
      await fieldsApi.update(f.fieldId, { version: f.version, position: a });
      await fieldsApi.update(other.fieldId, { version: other.version, position: b });
    });
  };
  return (
    <section class="card stack" data-testid="custom-fields-settings">
      <div class="section-head">
        <h2>{t("fields.title")}</h2>
        <Show when={session.isAdmin() && editing() !== "new"}>
          <button type="button" class="small" onClick={() => setEditing("new")} data-testid="new-field">{t("fields.new")}</button>
        </Show>
      </div>
      <p class="muted">{t("fields.intro")}</p>
      <div class="tabs" role="tablist">
        <For each={FIELD_OBJECTS}>
          {(o) => (
            <button type="button" role="tab" class="tab" classList={{ active: object() === o }} aria-selected={object() === o}
              data-testid={`fields-tab-${o}`} onClick={() => { setObject(o); setEditing(undefined); }}>{t(`fields.object.${o}` as never)}</button>
          )}
        </For>
        <CustomObjectFieldTabs current={object()} onPick={(o) => { setObject(o); setEditing(undefined); }} />
      </div>
      <Show when={data()?.limit !== null && data()}>
        <p class="muted" data-testid="fields-usage">{t("fields.usage", { used: active().length, limit: data()!.limit ?? "∞" })}</p>
      </Show>
      <FormError error={error()} onReload={() => void changed()} />
      <Show when={editing() === "new"}>
        <div class="policy new">
          <h3>{t("fields.new")}</h3>
          <FieldForm object={object()} onCancel={() => setEditing(undefined)} onSubmit={async (input) => {
            await fieldsApi.create(input);
            setEditing(undefined);
            await changed();
          }} />
        </div>
      </Show>
      <Show when={active().length || data.loading} fallback={<p class="empty">{t("fields.none")}</p>}>
        <ul class="policy-list">
          <For each={active()}>
            {(f, n) => (
              <li class="policy" data-testid="field-row">
                <Show when={editing() === f.fieldId} fallback={
                  <div class="section-head">
                    <div>
                      <strong>{labelOf(f.labels, f.key)}</strong> <code>{f.key}</code>{" "}
                      <span class="badge">{t(`fields.type.${f.type}` as never)}</span>
                      <Show when={f.required}> <span class="badge">{t("fields.required")}</span></Show>
                      <Show when={f.searchable}> <span class="badge">{t("fields.searchable")}</span></Show>
                    </div>
                    <Show when={session.isAdmin()}>
                      <div class="inline">
                        <button type="button" class="small secondary" disabled={n() === 0} aria-label={t("fields.moveUp")} onClick={() => move(f, -1)}>↑</button>
                        <button type="button" class="small secondary" disabled={n() === active().length - 1} aria-label={t("fields.moveDown")} onClick={() => move(f, 1)}>↓</button>
                        <button type="button" class="small secondary" onClick={() => setEditing(f.fieldId)}>{t("common.edit")}</button>
                        <ConfirmButton label={t("common.delete")} question={t("fields.deleteQuestion")} onConfirm={() => act(() => fieldsApi.remove(f.fieldId))} testid="delete-field" />
                      </div>
                    </Show>
                  </div>
                }>
                  <FieldForm object={object()} initial={f} onCancel={() => setEditing(undefined)} onSubmit={async (input) => {
                    await fieldsApi.update(f.fieldId, { ...input, version: f.version });
                    setEditing(undefined);
                    await changed();
                  }} />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={session.isAdmin() && data()}>
        <LayoutEditor object={object()} fields={active()} />
      </Show>
      <Show when={deleted().length}>
        <h3>{t("fields.deleted")}</h3>
        <p class="muted">{t("fields.deletedHint")}</p>
        <ul class="policy-list">
          <For each={deleted()}>
            {(f) => (
              <li class="policy section-head" data-testid="deleted-field-row">
                <div><strong>{labelOf(f.labels, f.key)}</strong> <code>{f.key}</code> <Show when={f.purging}><span class="badge">{t("fields.purging")}</span></Show></div>
                <Show when={session.isAdmin() && !f.purging}>
                  <div class="inline">
                    <button type="button" class="small secondary" onClick={() => act(() => fieldsApi.restore(f.fieldId))}>{t("fields.restore")}</button>
                    <ConfirmButton label={t("fields.purge")} question={t("fields.purgeQuestion")} onConfirm={() => act(() => fieldsApi.purge(f.fieldId))} testid="purge-field" />
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
