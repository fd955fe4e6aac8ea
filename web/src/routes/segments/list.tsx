import { A, useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { Field } from "../../components/field";
import { FilterBuilder } from "../../components/filter-builder";
import { FormError } from "../../components/form-error";
import { formatNumber, t } from "../../i18n";
import { type Filter, type SegmentObject, segmentsApi } from "../../lib/segments-api";
import { useSession } from "../../session";

/** Segments the user sees (theirs and shared ones) with live counts, and a form for a new one. */
export function SegmentList() {
  const session = useSession();
  return (
    <Show when={session.has("segments")} fallback={<FeatureLocked feature="segments" />}>
      <Segments />
    </Show>
  );
}

function Segments() {
  const session = useSession();
  const navigate = useNavigate();
  const [segments] = createResource(() => segmentsApi.list());
  const [creating, setCreating] = createSignal(false);
  const [name, setName] = createSignal("");
  const [object, setObject] = createSignal<SegmentObject>("contact");
  const [shared, setShared] = createSignal(false);
  const [filter, setFilter] = createSignal<Filter>({ match: "all", conditions: [] });
  const [error, setError] = createSignal<unknown>();

  const save = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const s = await segmentsApi.create({ name: name(), objectType: object(), filter: filter(), shared: shared() });
      navigate(`/segments/${s.segmentId}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="page">
      <div class="page-head">
        <h1>{t("segments.title")}</h1>
        <Show when={session.canWrite() && !creating()}>
          <button type="button" onClick={() => setCreating(true)} data-testid="new-segment">{t("segments.new")}</button>
        </Show>
      </div>
      <Show when={creating()}>
        <form class="card" onSubmit={save} data-testid="segment-form">
          <h2>{t("segments.new")}</h2>
          <Field label={t("segments.name")}><input value={name()} onInput={(e) => setName(e.currentTarget.value)} required data-testid="segment-name" /></Field>
          <Field label={t("segments.object")}>
            <select value={object()} onChange={(e) => { setObject(e.currentTarget.value as SegmentObject); setFilter({ match: "all", conditions: [] }); }}>
              <option value="contact">{t("segments.object.contact")}</option>
              <option value="company">{t("segments.object.company")}</option>
            </select>
          </Field>
          <label class="check"><input type="checkbox" checked={shared()} onChange={(e) => setShared(e.currentTarget.checked)} /> {t("segments.shared")}</label>
          <FilterBuilder object={object()} value={filter()} onChange={setFilter} />
          <FormError error={error()} />
          <div class="row">
            <button type="submit" data-testid="segment-save">{t("common.create")}</button>
            <button type="button" class="secondary" onClick={() => setCreating(false)}>{t("common.cancel")}</button>
          </div>
        </form>
      </Show>
      <FormError error={segments.error} />
      <Show when={segments()} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={segments()!.items.length} fallback={<p class="empty">{t("segments.empty")}</p>}>
          <table class="table" data-testid="segment-list">
            <thead><tr><th>{t("segments.name")}</th><th>{t("segments.object")}</th><th>{t("segments.count")}</th><th /></tr></thead>
            <tbody>
              <For each={segments()!.items}>
                {(s) => (
                  <tr>
                    <td><A href={`/segments/${s.segmentId}`}>{s.name}</A></td>
                    <td>{t(s.objectType === "contact" ? "segments.object.contact" : "segments.object.company")}</td>
                    <td data-testid="segment-count">{s.capped ? t("segments.capped", { count: formatNumber(s.count) }) : formatNumber(s.count)}</td>
                    <td class="muted">{s.shared ? t("segments.shared") : t("segments.private")}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </Show>
    </section>
  );
}
