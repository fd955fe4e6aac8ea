import { createResource, createSignal, For, Show } from "solid-js";
import { errorText, t } from "../../i18n";
import { useSession } from "../../session";
import { dedupeApi, type DupGroup, type DupObject, type Scan } from "./duplicates-api";
import { MergePanel } from "./duplicates-merge";

/** /duplicates: run a scan with its progress, the groups with reason and confidence, and the merge screen. */
export function DuplicatesPage() {
  const session = useSession();
  const [object, setObject] = createSignal<DupObject>("contact");
  const [scan, setScan] = createSignal<Scan | null>(null);
  const [merging, setMerging] = createSignal<DupGroup | null>(null);
  const [error, setError] = createSignal("");
  const [groups, { refetch }] = createResource(object, async (o) => {
    const res = await dedupeApi.groups(o);
    setScan(res.scan);
    return res.items;
  });
  const run = async () => {
    setError("");
    try {
      let s: Scan | null = (await dedupeApi.scan(object())).scan;
      setScan(s);
      while (s && s.status === "running") {
        await new Promise((r) => setTimeout(r, 1000));
        s = (await dedupeApi.scanStatus(object())).scan;
        setScan(s);
      }
      await refetch();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const pct = (s: Scan) => (s.total ? Math.min(100, Math.round((s.processed / s.total) * 100)) : s.status === "done" ? 100 : 0);
  return (
    <section class="page">
      <div class="page-head">
        <h1>{t("dedupe.title")}</h1>
        <Show when={session.canWrite()}>
          <button type="button" onClick={run} disabled={scan()?.status === "running"} data-testid="dedupe-scan">{t("dedupe.scan")}</button>
        </Show>
      </div>
      <div class="tabs" role="tablist">
        <For each={["contact", "company"] as DupObject[]}>
          {(o) => (
            <button type="button" role="tab" aria-selected={object() === o} classList={{ secondary: object() !== o }} onClick={() => { setMerging(null); setObject(o); }} data-testid={`dedupe-tab-${o}`}>
              {t(`dedupe.object.${o}`)}
            </button>
          )}
        </For>
      </div>
      <Show when={scan()}>
        {(s) => (
          <div data-testid="dedupe-progress">
            <progress max={100} value={pct(s())} style={{ width: "100%" }} />
            <p class="muted">{s().status === "running" ? t("dedupe.scanning", { processed: s().processed, total: s().total }) : t("dedupe.scanned", { groups: s().groups, processed: s().processed })}</p>
          </div>
        )}
      </Show>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <Show when={merging()}>
        {(g) => <MergePanel object={object()} group={g()} onCancel={() => setMerging(null)} onDone={() => { setMerging(null); void refetch(); }} />}
      </Show>
      <Show when={!merging()}>
        <Show when={groups()?.length} fallback={<p class="muted">{t("dedupe.none")}</p>}>
          <ul class="cards" style={{ "list-style": "none", padding: 0 }}>
            <For each={groups()}>
              {(g) => (
                <li class="card" data-testid="dedupe-group">
                  <p>
                    <strong>{g.reasons.map((r) => t(`dedupe.reason.${r}`)).join(" · ")}</strong>{" "}
                    <span class="muted">{t("dedupe.confidence", { pct: Math.round(g.confidence * 100) })}</span>
                  </p>
                  <ul>
                    <For each={g.records}>{(r) => <li>{r.name}<span class="muted">{[r.email, r.phone, r.domain].filter(Boolean).map((x) => ` · ${x}`).join("")}</span></li>}</For>
                  </ul>
                  <Show when={session.canWrite()}>
                    <button type="button" class="secondary" onClick={() => setMerging(g)} data-testid="dedupe-merge">{t("dedupe.merge")}</button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}
