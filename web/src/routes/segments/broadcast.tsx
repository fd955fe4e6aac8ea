import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { formatDate, type Key, t } from "../../i18n";
import { type Broadcast, type Templates, broadcastsApi } from "../../lib/segments-api";
import { useSession } from "../../session";

const LANGS = ["zh-CN", "en"] as const;

/** A broadcast: subject and body per language, preview, test send, send now or schedule, progress and the send log. */
export function BroadcastEditor() {
  const session = useSession();
  return (
    <Show when={session.has("segments")} fallback={<FeatureLocked feature="segments" />}>
      <Editor />
    </Show>
  );
}

function Editor() {
  const params = useParams();
  const session = useSession();
  const [broadcast, { mutate, refetch }] = createResource(() => params.id, (id) => broadcastsApi.get(id));
  const [log, { refetch: reloadLog }] = createResource(() => params.id, (id) => broadcastsApi.log(id));
  const [templates, setTemplates] = createSignal<Templates | null>(null);
  const [name, setName] = createSignal<string | null>(null);
  const [at, setAt] = createSignal("");
  const [preview, setPreview] = createSignal<{ to: string | null; subject: string; text: string } | null>(null);
  const [notice, setNotice] = createSignal("");
  const [error, setError] = createSignal<unknown>();
  // While it sends, the progress and the log refresh every few seconds. The log is read after the
  // broadcast: read together, a broadcast that just finished could show with a log from before its last sends.
  const timer = setInterval(async () => {
    const s = broadcast()?.status;
    if (s === "sending" || s === "scheduled") {
      await Promise.resolve(refetch()).catch(() => undefined);
      void reloadLog();
    }
  }, 5000);
  onCleanup(() => clearInterval(timer));

  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    setNotice("");
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  const current = (b: Broadcast) => templates() ?? b.templates;
  const setPart = (b: Broadcast, lang: (typeof LANGS)[number], part: "subject" | "body", value: string) => {
    const t0 = current(b);
    const prev = t0[lang] ?? { subject: "", body: "" };
    setTemplates({ ...t0, [lang]: { ...prev, [part]: value } });
  };
  /** Languages with neither subject nor body are left out (the contact falls back to the other). */
  const cleaned = (b: Broadcast): Templates => Object.fromEntries(Object.entries(current(b)).filter(([, v]) => v && (v.subject || v.body))) as Templates;
  const save = (b: Broadcast) => act(async () => {
    const saved = await broadcastsApi.update(b.broadcastId, { templates: cleaned(b), ...(name() !== null ? { name: name()! } : {}), version: b.version });
    mutate(saved);
    setTemplates(null);
    setName(null);
  });
  const dirty = () => templates() !== null || name() !== null;

  return (
    <section class="page">
      <FormError error={broadcast.error} />
      <Show when={broadcast()}>
        {(b) => (
          <>
            <div class="page-head">
              <h1>{t("broadcast.title")}: {b().name}</h1>
              <span class="badge" data-testid="broadcast-status">{t(`broadcast.status.${b().status}` as Key)}</span>
            </div>
            <p class="muted">
              <A href={`/segments/${b().segmentId}`}>{t("broadcast.segment")}</A>
              {" · "}
              <span data-testid="broadcast-progress">{t("broadcast.progress", { sent: b().sent, suppressed: b().suppressed, failed: b().failed })}</span>
              <Show when={b().scheduledAt}> · {t("broadcast.at")}: {formatDate(b().scheduledAt!)}</Show>
            </p>
            <Show when={b().status === "draft" && session.canWrite()} fallback={<Readonly b={b()} />}>
              <div class="card">
                <Field label={t("broadcast.name")}><input value={name() ?? b().name} onInput={(e) => setName(e.currentTarget.value)} /></Field>
                <For each={LANGS}>
                  {(lang) => (
                    <fieldset>
                      <legend>{t(`broadcast.lang.${lang}` as Key)}</legend>
                      <Field label={t("broadcast.subject")}>
                        <input value={current(b())[lang]?.subject ?? ""} onInput={(e) => setPart(b(), lang, "subject", e.currentTarget.value)} data-testid={`subject-${lang}`} />
                      </Field>
                      <Field label={t("broadcast.body")}>
                        <textarea rows={6} value={current(b())[lang]?.body ?? ""} onInput={(e) => setPart(b(), lang, "body", e.currentTarget.value)} data-testid={`body-${lang}`} />
                      </Field>
                    </fieldset>
                  )}
                </For>
                <p class="muted">{t("broadcast.placeholders")}</p>
                <div class="row">
                  <button type="button" disabled={!dirty()} onClick={() => save(b())} data-testid="broadcast-save">{t("broadcast.save")}</button>
                  <button type="button" class="secondary" disabled={dirty()} onClick={() => act(async () => setPreview(await broadcastsApi.preview(b().broadcastId, {})))} data-testid="broadcast-preview">{t("broadcast.preview")}</button>
                  <button type="button" class="secondary" disabled={dirty()} onClick={() => act(async () => setNotice(t("broadcast.testSent", { to: (await broadcastsApi.test(b().broadcastId)).to })))} data-testid="broadcast-test">{t("broadcast.test")}</button>
                </div>
                <div class="row">
                  <button type="button" disabled={dirty()} onClick={() => act(async () => mutate(await broadcastsApi.schedule(b().broadcastId, { version: b().version })))} data-testid="broadcast-send-now">{t("broadcast.sendNow")}</button>
                  <input type="datetime-local" aria-label={t("broadcast.at")} value={at()} onInput={(e) => setAt(e.currentTarget.value)} />
                  <button type="button" class="secondary" disabled={dirty() || !at()} onClick={() => act(async () => mutate(await broadcastsApi.schedule(b().broadcastId, { at: new Date(at()).toISOString(), version: b().version })))} data-testid="broadcast-schedule">{t("broadcast.schedule")}</button>
                </div>
              </div>
            </Show>
            <Show when={(b().status === "scheduled" || b().status === "sending") && session.canWrite()}>
              <button type="button" class="secondary" onClick={() => act(async () => mutate(await broadcastsApi.cancel(b().broadcastId, b().version)))} data-testid="broadcast-cancel">{t("broadcast.cancel")}</button>
            </Show>
            <Show when={notice()}><p class="notice" role="status">{notice()}</p></Show>
            <FormError error={error()} onReload={() => { setTemplates(null); void refetch(); }} />
            <Show when={preview()}>
              {(p) => (
                <div class="card" data-testid="broadcast-preview-card">
                  <p class="muted">{t("broadcast.previewFor", { to: p().to ?? "" })}</p>
                  <h3>{p().subject}</h3>
                  <pre class="mail-text">{p().text}</pre>
                </div>
              )}
            </Show>
            <h2>{t("broadcast.log")}</h2>
            <Show when={log()?.items.length} fallback={<p class="empty">{t("broadcast.log.empty")}</p>}>
              <table class="table" data-testid="broadcast-log">
                <tbody>
                  <For each={log()!.items}>
                    {(l) => (
                      <tr>
                        <td><A href={`/contacts/${l.contactId}`}>{l.email ?? l.contactId}</A></td>
                        <td>{t(`broadcast.log.status.${l.status}` as Key)}</td>
                        <td class="muted">{l.error ?? ""}</td>
                        <td class="muted">{formatDate(l.at)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

function Readonly(props: { b: Broadcast }) {
  return (
    <div class="card">
      <For each={LANGS}>
        {(lang) => (
          <Show when={props.b.templates[lang]}>
            <h3>{t(`broadcast.lang.${lang}` as Key)}: {props.b.templates[lang]!.subject}</h3>
            <pre class="mail-text">{props.b.templates[lang]!.body}</pre>
          </Show>
        )}
      </For>
    </div>
  );
}
