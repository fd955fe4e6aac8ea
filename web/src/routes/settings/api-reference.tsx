import { createMemo, createResource, createSignal, For, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";

interface Param { name: string; in: "path" | "query"; required: boolean; schema: unknown }
interface Operation {
  method: string; path: string; summary: string; tags: string[]; parameters: Param[];
  body?: unknown; scope?: string; feature?: string;
}

async function loadOperations(): Promise<Operation[]> {
  const res = await fetch("/api/openapi.json", { credentials: "same-origin" });
  const doc = (await res.json()) as { paths: Record<string, Record<string, Record<string, any>>> };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method, path, summary: op.summary, tags: op.tags ?? [], parameters: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema, scope: op["x-scope"], feature: op["x-feature"],
      });
    }
  }
  return ops;
}

/**
 * The interactive API reference: the OpenAPI document the server generates from its route table, grouped by
 * area, each operation with its parameters and body schema and a "try it" form that calls the API with the
 * current session.
 */
export function ApiReference() {
  const [ops] = createResource(loadOperations);
  const [filter, setFilter] = createSignal("");
  const groups = createMemo(() => {
    const q = filter().trim().toLowerCase();
    const byTag = new Map<string, Operation[]>();
    for (const op of ops() ?? []) {
      if (q && !`${op.method} ${op.path} ${op.summary}`.toLowerCase().includes(q)) continue;
      const tag = op.tags[0] ?? "other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), op]);
    }
    return [...byTag.entries()].sort(([a], [b]) => a.localeCompare(b));
  });
  return (
    <section class="card stack api-reference" data-testid="api-reference">
      <div class="page-head">
        <h2>{t("settings.apiReference")}</h2>
        <a class="button secondary" href="/api/openapi.json" download="openapi.json">{t("apiref.download")}</a>
      </div>
      <p class="muted">{t("apiref.intro", { count: ops()?.length ?? "…" })}</p>
      <input type="search" placeholder={t("apiref.filter")} value={filter()} onInput={(e) => setFilter(e.currentTarget.value)} data-testid="api-filter" />
      <FormError error={ops.error} />
      <For each={groups()}>
        {([tag, list]) => (
          <section class="api-group">
            <h3>{tag}</h3>
            <For each={list}>{(op) => <OperationView op={op} />}</For>
          </section>
        )}
      </For>
    </section>
  );
}

function OperationView(props: { op: Operation }) {
  const [values, setValues] = createSignal<Record<string, string>>({});
  const [body, setBody] = createSignal(props.op.body ? "{}" : "");
  const [result, setResult] = createSignal<{ status: number; ms: number; text: string }>();
  const [error, setError] = createSignal<unknown>();
  const send = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    let payload: string | undefined;
    if (props.op.body) {
      try {
        payload = JSON.stringify(JSON.parse(body() || "{}"));
      } catch {
        setError(new Error(t("apiref.badJson")));
        return;
      }
    }
    const path = props.op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(values()[name] ?? ""));
    const query = new URLSearchParams(props.op.parameters.filter((p) => p.in === "query" && values()[p.name]).map((p) => [p.name, values()[p.name]]));
    const started = performance.now();
    try {
      const res = await fetch(`${path}${query.size ? `?${query}` : ""}`, {
        method: props.op.method.toUpperCase(), credentials: "same-origin",
        headers: payload ? { "content-type": "application/json" } : {}, body: payload,
      });
      const text = await res.text();
      let pretty = text;
      try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON: shown as it is */ }
      setResult({ status: res.status, ms: Math.round(performance.now() - started), text: pretty.slice(0, 20_000) });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details class="api-op" data-testid="api-op" data-op={`${props.op.method} ${props.op.path}`}>
      <summary>
        <code class={`method method-${props.op.method}`}>{props.op.method.toUpperCase()}</code> <code>{props.op.path}</code>
        <span class="muted"> {props.op.summary}</span>
      </summary>
      <div class="stack">
        <p class="muted">
          <Show when={props.op.scope}>{t("apiref.scope")}: <code>{props.op.scope}</code> </Show>
          <Show when={props.op.feature}>· {t("apiref.feature")}: <code>{props.op.feature}</code></Show>
        </p>
        <form class="stack" onSubmit={send}>
          <Show when={props.op.parameters.length}>
            <h4>{t("apiref.params")}</h4>
            <For each={props.op.parameters}>
              {(p) => (
                <label class="inline-label">
                  <span><code>{p.name}</code> <span class="muted">({p.in}{p.required ? ", required" : ""})</span></span>
                  <input name={p.name} aria-label={t("apiref.paramValue", { name: p.name })} required={p.required && p.in === "path"}
                    onInput={(e) => setValues({ ...values(), [p.name]: e.currentTarget.value })} />
                </label>
              )}
            </For>
          </Show>
          <Show when={props.op.body}>
            <h4>{t("apiref.body")}</h4>
            <pre class="schema">{JSON.stringify(props.op.body, null, 2)}</pre>
            <label class="field">
              <span class="field-label">{t("apiref.bodyInput")}</span>
              <textarea name="body" rows={5} spellcheck={false} value={body()} onInput={(e) => setBody(e.currentTarget.value)} />
            </label>
          </Show>
          <div class="actions"><button type="submit" data-testid="api-send">{t("apiref.send")}</button></div>
        </form>
        <FormError error={error()} />
        <Show when={result()}>
          {(r) => (
            <div data-testid="api-result">
              <p><strong>{t("apiref.response", { status: r().status, ms: r().ms })}</strong></p>
              <pre class="schema">{r().text}</pre>
            </div>
          )}
        </Show>
      </div>
    </details>
  );
}
