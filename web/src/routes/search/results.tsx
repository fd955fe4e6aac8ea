import { A, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { errorText, t } from "../../i18n";
import { param } from "../../lib/next";
import { useSession } from "../../session";
import { HIT_TYPES, searchApi, type ReindexJob } from "./search-api";

/** /search?q=: the best hits of every type, grouped; admins can reindex records written before search knew them. */
export function SearchPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const q = () => param(params.q).trim();
  const [text, setText] = createSignal(q());
  const [result] = createResource(() => q() || false, (term) => searchApi.search(term, 20));
  const [job, setJob] = createSignal<ReindexJob | null>(null);
  const [error, setError] = createSignal("");
  const reindex = async () => {
    setError("");
    try {
      let current = (await searchApi.reindex()).job;
      setJob(current);
      while (current && current.status === "running") {
        await new Promise((r) => setTimeout(r, 1000));
        current = (await searchApi.reindexStatus()).job;
        setJob(current);
      }
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section class="page">
      <div class="page-head"><h1>{t("search.title")}</h1></div>
      <form role="search" onSubmit={(e) => { e.preventDefault(); setParams({ q: text().trim() || undefined }); }}>
        <input type="search" value={text()} onInput={(e) => setText(e.currentTarget.value)} placeholder={t("search.placeholder")} aria-label={t("search.label")} data-testid="search-page-input" />
      </form>
      <p class="muted">{t("search.hint")}</p>
      <Show when={result()}>
        <Show when={HIT_TYPES.some((type) => result()!.groups[type].length)} fallback={<p>{t("search.none", { q: q() })}</p>}>
          <For each={HIT_TYPES.filter((type) => result()!.groups[type].length)}>
            {(type) => (
              <div class="card" data-testid={`search-group-${type}`}>
                <h2>{t(`search.group.${type}`)}</h2>
                <ul>
                  <For each={result()!.groups[type]}>
                    {(hit) => (
                      <li><A href={hit.link}>{hit.name}</A><Show when={hit.subtitle}><span class="muted"> · {hit.subtitle}</span></Show></li>
                    )}
                  </For>
                </ul>
              </div>
            )}
          </For>
        </Show>
      </Show>
      <Show when={session.isAdmin()}>
        <div class="card">
          <button type="button" class="secondary" onClick={reindex} disabled={job()?.status === "running"} data-testid="search-reindex">{t("search.reindex")}</button>
          <Show when={job()}>
            <p>{job()!.status === "running" ? t("search.reindexing", { done: job()!.done }) : t("search.reindexed", { done: job()!.done })}</p>
          </Show>
          <Show when={error()}><p class="error">{error()}</p></Show>
        </div>
      </Show>
    </section>
  );
}
