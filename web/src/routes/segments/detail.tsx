import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FilterBuilder } from "../../components/filter-builder";
import { FormError } from "../../components/form-error";
import { formatNumber, t } from "../../i18n";
import { createPaged } from "../../lib/paged";
import { type CountProgress, type Filter, type Segment, broadcastsApi, segmentsApi } from "../../lib/segments-api";
import { useSession } from "../../session";

/** A segment: its filter (editable by its owner), live count, members a page at a time, and "new broadcast". */
export function SegmentDetail() {
  const session = useSession();
  return (
    <Show when={session.has("segments")} fallback={<FeatureLocked feature="segments" />}>
      <Detail />
    </Show>
  );
}

function Detail() {
  const params = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const [segment, { mutate, refetch }] = createResource(() => params.id, (id) => segmentsApi.get(id));
  // The count arrives in slices: the running total shows while a large workspace is still being counted.
  const [counting, setCounting] = createSignal<CountProgress>();
  const [count, { refetch: recount }] = createResource(() => params.id, (id) => {
    setCounting(undefined);
    return segmentsApi.countAll(id, setCounting, () => params.id !== id);
  });
  const [draft, setDraft] = createSignal<Filter | null>(null);
  const [error, setError] = createSignal<unknown>();
  const members = createPaged(() => ({ id: params.id, version: segment()?.version }), (p, cursor) => segmentsApi.members(p.id!, cursor));

  const saveFilter = async (s: Segment) => {
    setError(undefined);
    try {
      mutate(await segmentsApi.update(s.segmentId, { filter: draft() ?? s.filter, version: s.version }));
      setDraft(null);
      void recount();
    } catch (err) {
      setError(err);
    }
  };
  const newBroadcast = async (s: Segment) => {
    setError(undefined);
    try {
      const subject = s.name;
      const b = await broadcastsApi.create({ name: t("broadcast.defaultName", { segment: s.name }), segmentId: s.segmentId, templates: { "zh-CN": { subject, body: "{{contact.name}}：" }, en: { subject, body: "Dear {{contact.name}}," } } });
      navigate(`/broadcasts/${b.broadcastId}`);
    } catch (err) {
      setError(err);
    }
  };
  const linkOf = (item: Record<string, unknown>) => (item.contactId ? `/contacts/${item.contactId}` : `/companies/${item.companyId}`);

  return (
    <section class="page">
      <FormError error={segment.error} />
      <Show when={segment()}>
        {(s) => (
          <>
            <div class="page-head">
              <h1>{s().name}</h1>
              <span class="muted" data-testid="segment-count" aria-live="polite">
                {count() ? `${t("segments.count")}: ${formatNumber(count()!.count)}`
                  : counting() ? t("segments.counting", { count: formatNumber(counting()!.count), scanned: formatNumber(counting()!.scanned) }) : ""}
              </span>
              <Show when={s().objectType === "contact" && session.canWrite()}>
                <button type="button" onClick={() => newBroadcast(s())} data-testid="new-broadcast">{t("segments.newBroadcast")}</button>
              </Show>
            </div>
            <p class="muted">{t(s().objectType === "contact" ? "segments.object.contact" : "segments.object.company")} · {s().shared ? t("segments.shared") : t("segments.private")}</p>
            <FilterBuilder object={s().objectType} value={draft() ?? s().filter} onChange={setDraft} />
            <Show when={draft()}>
              <div class="row">
                <button type="button" onClick={() => saveFilter(s())} data-testid="segment-save-filter">{t("segments.saveFilter")}</button>
                <button type="button" class="secondary" onClick={() => setDraft(null)}>{t("common.cancel")}</button>
              </div>
            </Show>
            <FormError error={error()} onReload={() => { setDraft(null); void refetch(); }} />
            <h2>{t("segments.members")}</h2>
            <FormError error={members.error()} />
            <Show when={members.items().length} fallback={<p class="empty">{members.loaded() ? t("segments.noMembers") : t("common.loading")}</p>}>
              <ul class="list" data-testid="segment-members">
                <For each={members.items() as unknown as Array<Record<string, unknown>>}>
                  {(m) => <li><A href={linkOf(m)}>{String(m.name)}</A> <span class="muted">{String(m.email ?? "")}</span></li>}
                </For>
              </ul>
            </Show>
            <Show when={members.hasMore()}>
              <button type="button" class="secondary more" disabled={members.loading()} onClick={() => members.loadMore()}>{t("common.more")}</button>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
