import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { call } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { formatDate, formatNumber, t, type Key } from "../../i18n";
import { useSession } from "../../session";

interface ExportJob {
  jobId: string; status: "queued" | "building" | "ready" | "failed"; done: number; total: number; size: number | null;
  requestedBy: string; createdAt: string; finishedAt: string | null; linkExpiresAt: string | null; downloadUrl: string | null; error: string | null;
}
interface DeletionState { status: "active" | "pending"; dueAt: string | null; requestedAt: string | null; requestedBy: string | null }

const dataApi = {
  exports: () => call<{ items: ExportJob[] }>("GET", "/workspace/exports"),
  startExport: () => call<ExportJob>("POST", "/workspace/exports"),
  deletion: () => call<DeletionState>("GET", "/workspace/deletion"),
  requestDeletion: (input: { slug: string; password: string }) => call<DeletionState>("POST", "/workspace/deletion", input),
  cancelDeletion: () => call<DeletionState>("DELETE", "/workspace/deletion"),
};

const POLL_MS = 1500;
const running = (j: ExportJob) => j.status === "queued" || j.status === "building";

function size(bytes: number | null) {
  if (bytes === null) return "—";
  return bytes >= 1024 * 1024 ? `${formatNumber(Math.round(bytes / 104857.6) / 10)} MB` : `${formatNumber(Math.ceil(bytes / 1024))} KB`;
}

/** Settings → Data: export everything (progress, download link, recent exports), and delete the workspace. */
export function DataSettings() {
  return (
    <div class="stack" data-testid="data-settings">
      <ExportSection />
      <DeletionSection />
    </div>
  );
}

function ExportSection() {
  const session = useSession();
  const [jobs, { refetch }] = createResource(() => session.isAdmin(), (admin) => (admin ? dataApi.exports().then((r) => r.items) : Promise.resolve([])));
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  // Poll while an export is being built, as the job's progress is a counter the builder updates.
  const timer = setInterval(() => {
    if (jobs()?.some(running)) void refetch();
  }, POLL_MS);
  onCleanup(() => clearInterval(timer));
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await dataApi.startExport();
      await refetch();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const current = () => jobs()?.find(running);
  const latest = () => jobs()?.[0];
  return (
    <section class="card stack" data-testid="data-export">
      <h2>{t("ownership.exportTitle")}</h2>
      <p class="muted">{t("ownership.exportIntro")}</p>
      <Show when={session.isAdmin()} fallback={<p class="muted">{t("ownership.adminsOnly")}</p>}>
        <div class="actions"><button type="button" onClick={start} disabled={busy() || !!current()} data-testid="export-start">{t("ownership.startExport")}</button></div>
        <FormError error={error() ?? jobs.error} />
        <Show when={current()}>
          {(job) => (
            <div class="usage" data-testid="export-progress">
              <div class="usage-head"><span>{t("ownership.building")}</span><span>{t("ownership.progress", { done: formatNumber(job().done), total: formatNumber(job().total) })}</span></div>
              <div class="bar" role="progressbar" aria-label={t("ownership.building")} aria-valuemin={0} aria-valuemax={job().total || 1} aria-valuenow={job().done}>
                <div class="bar-fill" style={{ width: `${job().total ? Math.min(100, Math.round((job().done / job().total) * 100)) : 5}%` }} />
              </div>
            </div>
          )}
        </Show>
        <Show when={latest()?.status === "ready" && latest()?.downloadUrl ? latest() : undefined}>
          {(job) => (
            <p class="notice" role="status" data-testid="export-ready">
              {t("ownership.ready")}: <a href={job().downloadUrl!} download="" data-testid="export-download">{t("ownership.download")}</a> ({size(job().size)}) · {t("ownership.linkExpires", { date: formatDate(job().linkExpiresAt!) })}
            </p>
          )}
        </Show>
        <h3>{t("ownership.recent")}</h3>
        <Show when={jobs()?.length} fallback={<p class="empty">{t("ownership.noExports")}</p>}>
          <div class="table-scroll">
            <table class="records" data-testid="export-list">
              <thead><tr><th>{t("ownership.started")}</th><th>{t("ownership.status")}</th><th>{t("ownership.size")}</th><th /></tr></thead>
              <tbody>
                <For each={jobs()}>
                  {(j) => (
                    <tr data-testid="export-row" data-status={j.status}>
                      <td>{formatDate(j.createdAt)}</td>
                      <td>{t(`ownership.status.${j.status}` as Key)}</td>
                      <td>{size(j.size)}</td>
                      <td>
                        <Show when={j.downloadUrl} fallback={<span class="muted">{j.status === "ready" ? t("ownership.linkExpired") : ""}</span>}>
                          <a href={j.downloadUrl!} download="">{t("ownership.download")}</a> <small class="muted">{t("ownership.linkExpires", { date: formatDate(j.linkExpiresAt!) })}</small>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </section>
  );
}

function DeletionSection() {
  const session = useSession();
  const owner = () => session.me().role === "owner";
  const [state, { mutate }] = createResource(() => owner(), (isOwner) => (isOwner ? dataApi.deletion() : Promise.resolve(undefined)));
  const [asking, setAsking] = createSignal(false);
  const [notice, setNotice] = createSignal("");
  const f = createForm({ slug: "", password: "" });
  const slug = () => session.me().tenant?.slug ?? "";
  const submit = f.submit(async () => {
    const next = await dataApi.requestDeletion({ slug: f.values.slug.trim(), password: f.values.password });
    mutate(next);
    setAsking(false);
    setNotice("");
    f.setValues({ slug: "", password: "" });
  });
  const cancel = f.submit(async () => {
    mutate(await dataApi.cancelDeletion());
    setNotice(t("ownership.cancelled"));
    await session.refresh();
  });
  return (
    <section class="card stack" data-testid="data-deletion">
      <h2>{t("ownership.deleteTitle")}</h2>
      <p class="muted">{t("ownership.deleteIntro")}</p>
      <Show when={owner()} fallback={<p class="muted">{t("ownership.ownerOnly")}</p>}>
        <Show when={notice()}><p class="notice" role="status">{notice()}</p></Show>
        <Show
          when={state()?.status === "pending"}
          fallback={
            <Show when={asking()} fallback={<div class="actions"><button type="button" class="danger" onClick={() => setAsking(true)} data-testid="delete-workspace">{t("ownership.deleteButton")}</button></div>}>
              <form class="stack" role="dialog" aria-modal="false" aria-labelledby="delete-dialog-title" onSubmit={submit} data-testid="delete-dialog">
                <h3 id="delete-dialog-title">{t("ownership.confirmTitle")}</h3>
                <Field label={t("ownership.confirmSlug", { slug: slug() })} error={f.fieldError("slug") ? t("ownership.slugMismatch") : undefined}>
                  <input name="slug" required autocomplete="off" value={f.values.slug} onInput={f.input("slug")} />
                </Field>
                <Field label={t("ownership.password")} error={f.fieldError("password") ? t("ownership.wrongPassword") : undefined}>
                  <input name="password" type="password" required autocomplete="current-password" value={f.values.password} onInput={f.input("password")} />
                </Field>
                <FormError error={f.error()} />
                <div class="actions">
                  <button type="submit" class="danger" disabled={f.busy() || f.values.slug.trim().toLowerCase() !== slug()} data-testid="delete-confirm">{t("ownership.confirmDelete")}</button>
                  <button type="button" class="secondary" onClick={() => setAsking(false)}>{t("common.cancel")}</button>
                </div>
              </form>
            </Show>
          }
        >
          <div class="stack" role="status" data-testid="deletion-pending">
            <p><strong>{t("ownership.pending", { date: formatDate(state()!.dueAt ?? undefined) })}</strong></p>
            <p class="muted">{t("ownership.pendingHint")}</p>
            <FormError error={f.error()} />
            <div class="actions"><button type="button" onClick={() => cancel()} disabled={f.busy()} data-testid="cancel-deletion">{t("ownership.cancelDeletion")}</button></div>
          </div>
        </Show>
        <FormError error={state.error} />
      </Show>
    </section>
  );
}
