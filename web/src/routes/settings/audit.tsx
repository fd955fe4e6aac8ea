import { A, useSearchParams } from "@solidjs/router";
import { createMemo, createResource, For, Show } from "solid-js";
import { api, type AuditEntry, type AuditQuery } from "../../api";
import { FormError } from "../../components/form-error";
import { UpgradeHint } from "../../components/upgrade-hint";
import { createDebounced } from "../../lib/debounce";
import { param } from "../../lib/next";
import { createPaged } from "../../lib/paged";
import { formatDate, t } from "../../i18n";
import { useSession } from "../../session";

const PAGE = 50;
const RECORD_PATHS: Record<string, string> = { contact: "/contacts", company: "/companies", ticket: "/tickets", deal: "/deals" };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The audit log for admins: filter by person, action, record and period; export what is shown as CSV. */
export function AuditSettings() {
  const session = useSession();
  return (
    <Show when={session.has("audit")} fallback={<section class="card"><h2>{t("settings.audit")}</h2><UpgradeHint feature="audit" /></section>}>
      <AuditLog />
    </Show>
  );
}

function AuditLog() {
  const [params, setParams] = useSearchParams();
  const [members] = createResource(() => api.members.list().then((r) => r.items));
  const [workspace] = createResource(() => api.workspace.get());
  const names = createMemo(() => new Map((members() ?? []).map((m) => [m.userId, m.name])));
  const action = createDebounced(() => param(params.action));
  const record = createDebounced(() => param(params.record));
  const query = createMemo((): AuditQuery => {
    const from = param(params.from);
    const to = param(params.to);
    return {
      actorId: param(params.actor) || undefined,
      action: action().trim() || undefined,
      recordId: record().trim() || undefined,
      from: DAY.test(from) ? from : undefined,
      to: DAY.test(to) ? to : undefined,
    };
  });
  const list = createPaged(query, (q, cursor) => api.audit.list({ ...q, cursor, limit: PAGE }));
  const set = (key: string) => (e: Event & { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    setParams({ [key]: e.currentTarget.value || undefined }, { replace: true });

  const who = (e: AuditEntry) =>
    e.actorType === "user" ? names().get(e.actorId) ?? e.actorId
      : e.actorType === "key" ? t("audit.actor.key", { id: e.actorId })
        : e.actorType === "system" ? t("audit.actor.system", { id: e.actorId })
          : t("audit.actor.public");
  const show = (v: unknown) => (v === null || v === undefined || v === "" ? "∅" : typeof v === "string" ? v : JSON.stringify(v));

  return (
    <section class="card stack audit-log">
      <div class="page-head">
        <h2>{t("settings.audit")}</h2>
        <a class="button secondary" href={api.audit.exportUrl(query())} download="audit-log.csv" data-testid="audit-export">{t("audit.export")}</a>
      </div>
      <p class="muted">{t("audit.intro", { days: workspace()?.plan.auditDays ?? "…" })}</p>
      <div class="toolbar">
        <label class="inline-label">
          <span>{t("audit.filterUser")}</span>
          <select name="actor" value={param(params.actor)} onChange={set("actor")}>
            <option value="">{t("audit.anyone")}</option>
            <For each={members() ?? []}>{(m) => <option value={m.userId}>{m.name}</option>}</For>
          </select>
        </label>
        <label class="inline-label">
          <span>{t("audit.filterAction")}</span>
          <input name="action" value={param(params.action)} placeholder="contact." maxLength={64} onInput={set("action")} />
        </label>
        <label class="inline-label">
          <span>{t("audit.filterRecord")}</span>
          <input name="record" value={param(params.record)} maxLength={64} onInput={set("record")} />
        </label>
        <label class="inline-label">
          <span>{t("audit.from")}</span>
          <input type="date" name="from" value={param(params.from)} onChange={set("from")} />
        </label>
        <label class="inline-label">
          <span>{t("audit.to")}</span>
          <input type="date" name="to" value={param(params.to)} onChange={set("to")} />
        </label>
      </div>
      <FormError error={list.error()} />
      <Show when={list.loaded()} fallback={<Show when={!list.error()}><p class="muted">{t("common.loading")}</p></Show>}>
        <Show when={list.items().length} fallback={<p class="empty">{t("audit.empty")}</p>}>
          <div class="table-scroll">
            <table class="records" data-testid="audit-table">
              <thead>
                <tr><th>{t("audit.when")}</th><th>{t("audit.who")}</th><th>{t("audit.action")}</th><th>{t("audit.record")}</th><th>{t("audit.changes")}</th><th>{t("audit.ip")}</th></tr>
              </thead>
              <tbody>
                <For each={list.items()}>
                  {(e) => (
                    <tr data-testid="audit-entry" data-action={e.action}>
                      <td><time datetime={e.at}>{formatDate(e.at)}</time></td>
                      <td>{who(e)}</td>
                      <td><code>{e.action}</code></td>
                      <td>
                        <Show when={RECORD_PATHS[e.recordType ?? ""]} fallback={<span class="muted">{e.recordType}</span>}>
                          {(path) => <A href={`${path()}/${e.recordId}`}>{e.recordType}</A>}
                        </Show>
                      </td>
                      <td>
                        <Show when={Object.keys(e.changes ?? {}).length} fallback={t("audit.noChanges")}>
                          <ul class="plain changes">
                            <For each={Object.entries(e.changes ?? {})}>
                              {([field, c]) => <li>{t("audit.change", { field, from: show(c.from), to: show(c.to) })}</li>}
                            </For>
                          </ul>
                        </Show>
                      </td>
                      <td class="muted">{e.ip ?? ""}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
      <Show when={list.hasMore()}>
        <button type="button" class="secondary more" disabled={list.loading()} onClick={() => list.loadMore()} data-testid="load-more">{t("common.more")}</button>
      </Show>
    </section>
  );
}
