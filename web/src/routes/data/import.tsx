import { useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { formatDate, locale, t, type Key } from "../../i18n";
import { importsApi, type Analysis, type DuplicateMode, type ImportField, type ImportJob, type ImportObject, type PreviewRow } from "./import-api";

const POLL_MS = 1000;

function fieldLabel(f: ImportField): string {
  if (f.custom) return (locale() === "zh-CN" ? f.labels?.["zh-CN"] || f.labels?.en : f.labels?.en || f.labels?.["zh-CN"]) || f.key.slice(7);
  return t(`imports.field.${f.key}` as Key);
}

function percent(job: ImportJob): number {
  if (job.status === "done") return 100;
  const total = Math.max(job.totalRows ?? 0, job.rowsDone, 1);
  return Math.min(99, Math.floor((job.rowsDone / total) * 100));
}

/** Progress of a running or finished import: a bar, the counts, cancel and the error report. */
function Progress(props: { job: ImportJob; onCancel: () => void }) {
  return (
    <div class="card" data-testid="import-progress-card">
      <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent(props.job)} data-testid="import-progress"
        style={{ background: "var(--border, #ddd)", "border-radius": "4px", height: "12px", overflow: "hidden" }}>
        <div style={{ width: `${percent(props.job)}%`, height: "100%", background: "var(--accent, #2563eb)", transition: "width .3s" }} />
      </div>
      <p data-testid="import-percent">{percent(props.job)}% · {t("imports.progress", { done: props.job.rowsDone, total: Math.max(props.job.totalRows ?? 0, props.job.rowsDone) })} · {t(`imports.status.${props.job.status}` as Key)}</p>
      <p data-testid="import-counts">{t("imports.counts", { created: props.job.created, updated: props.job.updated, skipped: props.job.skipped, failed: props.job.failed })}</p>
      <Show when={props.job.status === "running"}>
        <button type="button" class="secondary" onClick={props.onCancel} data-testid="import-cancel">{t("imports.cancel")}</button>
      </Show>
      <Show when={props.job.status !== "running" && props.job.failed + props.job.skipped > 0}>
        <a href={importsApi.errorsUrl(props.job.importId)} download="" data-testid="import-errors">{t("imports.errors")}</a>
      </Show>
    </div>
  );
}

export function ImportPage() {
  const [params] = useSearchParams();
  const [object, setObject] = createSignal<ImportObject>(params.object === "company" ? "company" : "contact");
  const [file, setFile] = createSignal<File>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [analysis, setAnalysis] = createSignal<Analysis>();
  const [mapping, setMapping] = createSignal<Array<string | null>>([]);
  const [preview, setPreview] = createSignal<PreviewRow[]>([]);
  const [mode, setMode] = createSignal<DuplicateMode>("skip");
  const [job, setJob] = createSignal<ImportJob>();
  const [recent, { refetch }] = createResource(() => importsApi.list().then((r) => r.items).catch(() => []));
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const poll = (id: string) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const j = await importsApi.get(id);
        setJob(j);
        if (j.status === "running") poll(id);
        else void refetch();
      } catch (err) {
        setError(err);
      }
    }, POLL_MS);
  };

  const upload = async (e: Event) => {
    e.preventDefault();
    const f = file();
    if (!f) return;
    setBusy(true);
    setError(undefined);
    setJob(undefined);
    try {
      const created = await importsApi.create({ object: object(), fileName: f.name.slice(0, 255) || "import.csv", size: f.size });
      await importsApi.upload(created.upload.url, f);
      const a = await importsApi.analyze(created.job.importId);
      setAnalysis(a);
      setMapping(a.suggestion);
      setPreview(a.preview);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const changeMapping = async (i: number, value: string) => {
    const next = [...mapping()];
    // A field goes to one column: choosing it here frees it elsewhere.
    for (let k = 0; k < next.length; k++) if (value && next[k] === value) next[k] = null;
    next[i] = value || null;
    setMapping(next);
    try {
      setPreview((await importsApi.preview(analysis()!.job.importId, next)).rows);
    } catch (err) {
      setError(err);
    }
  };

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const j = await importsApi.start(analysis()!.job.importId, mapping(), mode());
      setJob(j);
      setAnalysis(undefined);
      poll(j.importId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    try {
      setJob(await importsApi.cancel(job()!.importId));
      void refetch();
    } catch (err) {
      setError(err);
    }
  };

  const reset = () => {
    clearTimeout(timer);
    setJob(undefined);
    setAnalysis(undefined);
    setFile(undefined);
  };

  return (
    <section class="page" data-testid="import-page">
      <div class="page-head">
        <h1>{t("imports.title")}</h1>
      </div>
      <p class="muted">{t("imports.intro")}</p>
      <FormError error={error()} />
      <Show when={!analysis() && !job()}>
        <form class="card" onSubmit={upload}>
          <label>
            <span>{t("imports.object")}</span>
            <select name="object" value={object()} onChange={(e) => setObject(e.currentTarget.value as ImportObject)} data-testid="import-object">
              <option value="contact">{t("imports.object.contact")}</option>
              <option value="company">{t("imports.object.company")}</option>
            </select>
          </label>
          <label>
            <span>{t("imports.file")}</span>
            <input type="file" name="file" accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.currentTarget.files?.[0])} data-testid="import-file" />
          </label>
          <button type="submit" disabled={!file() || busy()} data-testid="import-upload">{busy() ? t("imports.uploading") : t("imports.upload")}</button>
        </form>
      </Show>
      <Show when={analysis()}>
        {(a) => (
          <div class="card" data-testid="import-mapping">
            <p class="muted" data-testid="import-detected">
              {a().job.fileName} — {t("imports.detected", { format: (a().job.format ?? "csv").toUpperCase(), encoding: a().job.encoding ?? "", delimiter: a().job.delimiter === "\t" ? "Tab" : a().job.delimiter ?? ",", rows: a().job.totalRows ?? "?" })}
            </p>
            <h2>{t("imports.mapping")}</h2>
            <table class="table">
              <thead><tr><th>{t("imports.column")}</th><th>{t("imports.field")}</th><th>{t("imports.sample")}</th></tr></thead>
              <tbody>
                <For each={a().job.headers}>
                  {(header, i) => (
                    <tr>
                      <td>{header}</td>
                      <td>
                        <select value={mapping()[i()] ?? ""} onChange={(e) => void changeMapping(i(), e.currentTarget.value)} data-testid={`map-${i()}`} aria-label={header}>
                          <option value="">{t("imports.ignore")}</option>
                          <For each={a().fields}>{(f) => <option value={f.key}>{fieldLabel(f)}</option>}</For>
                        </select>
                      </td>
                      <td class="muted">{preview()[0]?.cells[i()] ?? ""}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <h2>{t("imports.preview")}</h2>
            <div style={{ "overflow-x": "auto" }}>
              <table class="table" data-testid="import-preview">
                <thead><tr><th>{t("imports.row")}</th><For each={a().job.headers}>{(h) => <th>{h}</th>}</For><th /></tr></thead>
                <tbody>
                  <For each={preview()}>
                    {(r) => (
                      <tr data-testid="preview-row" classList={{ invalid: r.problems.length > 0 }}>
                        <td>{r.row}</td>
                        <For each={a().job.headers}>{(_, i) => <td>{r.cells[i()] ?? ""}</td>}</For>
                        <td data-testid="preview-status" title={r.problems.map((p) => p.message).join(" ")}>
                          {r.problems.length ? r.problems.map((p) => p.code).join(", ") : t("imports.ok")}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <fieldset>
              <legend>{t("imports.duplicates")}</legend>
              <For each={["skip", "update", "create"] as DuplicateMode[]}>
                {(m) => (
                  <label class="inline-label">
                    <input type="radio" name="duplicateMode" value={m} checked={mode() === m} onChange={() => setMode(m)} data-testid={`mode-${m}`} />
                    <span>{t(`imports.mode.${m}` as Key)}</span>
                  </label>
                )}
              </For>
            </fieldset>
            <button type="button" disabled={busy()} onClick={() => void start()} data-testid="import-start">{t("imports.start")}</button>
          </div>
        )}
      </Show>
      <Show when={job()}>
        {(j) => (
          <>
            <Progress job={j()} onCancel={() => void cancel()} />
            <Show when={j().status !== "running"}>
              <button type="button" class="secondary" onClick={reset} data-testid="import-again">{t("imports.new")}</button>
            </Show>
          </>
        )}
      </Show>
      <h2>{t("imports.recent")}</h2>
      <Show when={recent()?.length} fallback={<p class="empty">{t("imports.none")}</p>}>
        <table class="table" data-testid="import-recent">
          <thead><tr><th>{t("imports.when")}</th><th>{t("imports.fileName")}</th><th>{t("imports.object")}</th><th>{t("imports.statusLabel")}</th><th /></tr></thead>
          <tbody>
            <For each={recent()}>
              {(r) => (
                <tr>
                  <td>{formatDate(r.createdAt)}</td>
                  <td>{r.fileName}</td>
                  <td>{t(`imports.object.${r.object}` as Key)}</td>
                  <td>{t(`imports.status.${r.status}` as Key)} · {t("imports.counts", { created: r.created, updated: r.updated, skipped: r.skipped, failed: r.failed })}</td>
                  <td>
                    <Show when={r.failed + r.skipped > 0}>
                      <a href={importsApi.errorsUrl(r.importId)} download="">{t("imports.errors")}</a>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
