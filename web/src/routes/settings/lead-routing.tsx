import { createSignal, For, Index, onMount, Show } from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import { ApiError } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { toMajorText, toMinor } from "../../lib/money";
import { createTeams } from "../../lib/teams";
import { fieldText, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { formSnippet } from "../leads/form-snippet";
import { formEndpoint, leadsApi, type Action, type Rule } from "../leads/leads-api";

/** A rule as edited: lists and amounts as typed. */
interface Draft {
  ruleId?: string; name: string; sources: string; regions: string; tags: string; amountMin: string; amountMax: string;
  type: Action["type"]; ownerId: string; teamId: string;
}
const ACTIONS: Action["type"][] = ["owner", "round_robin", "fewest_open"];

const splitList = (s: string) => s.split(/[,，]/).map((x) => x.trim()).filter(Boolean);

/** Lead routing (admins): ordered rules with up/down, whom each gives the lead to, the default owner, and the web form snippet. */
export function LeadRoutingSettings() {
  const session = useSession();
  const teams = createTeams();
  const [drafts, setDrafts] = createStore<Draft[]>([]);
  const [version, setVersion] = createSignal(0);
  const [defaultOwnerId, setDefaultOwnerId] = createSignal("");
  const [open, setOpen] = createSignal<Record<string, number>>({});
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const currency = () => session.me().tenant?.settings.currency ?? "CNY";
  const owners = () => session.members().filter((m) => m.role !== "viewer");

  const toDraft = (r: Rule): Draft => ({
    ruleId: r.ruleId, name: r.name, sources: (r.conditions.sources ?? []).join(", "), regions: (r.conditions.regions ?? []).join(", "),
    tags: (r.conditions.tags ?? []).join(", "), amountMin: toMajorText(r.conditions.amountMin, currency()), amountMax: toMajorText(r.conditions.amountMax, currency()),
    type: r.action.type, ownerId: r.action.type === "owner" ? r.action.ownerId : "", teamId: r.action.type === "owner" ? "" : r.action.teamId,
  });
  const load = async () => {
    try {
      const [routing, counts] = await Promise.all([leadsApi.routing.get(), leadsApi.routing.openLeads()]);
      setDrafts(reconcile(routing.rules.map(toDraft)));
      setVersion(routing.version);
      setDefaultOwnerId(routing.defaultOwnerId ?? "");
      setOpen(counts);
      setLoaded(true);
      setError(undefined);
    } catch (err) {
      setError(err);
    }
  };
  onMount(load);

  const move = (i: number, by: -1 | 1) => setDrafts(produce((list) => {
    const j = i + by;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
  }));
  const add = () => setDrafts(drafts.length, {
    name: t("routing.rule", { n: drafts.length + 1 }), sources: "", regions: "", tags: "", amountMin: "", amountMax: "",
    type: "owner", ownerId: owners()[0]?.userId ?? "", teamId: teams()[0]?.teamId ?? "",
  });

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setSaved(false);
    setError(undefined);
    setFields({});
    try {
      const bad: Record<string, string> = {};
      const rules: Rule[] = drafts.map((d, i) => {
        const amountMin = toMinor(d.amountMin, currency());
        const amountMax = toMinor(d.amountMax, currency());
        if (amountMin === undefined) bad[`rules.${i}.conditions.amountMin`] = t("leads.amountInvalid");
        if (amountMax === undefined) bad[`rules.${i}.conditions.amountMax`] = t("leads.amountInvalid");
        const conditions = {
          ...(splitList(d.sources).length ? { sources: splitList(d.sources) } : {}),
          ...(splitList(d.regions).length ? { regions: splitList(d.regions) } : {}),
          ...(splitList(d.tags).length ? { tags: splitList(d.tags) } : {}),
          ...(amountMin != null ? { amountMin } : {}),
          ...(amountMax != null ? { amountMax } : {}),
        };
        const action: Action = d.type === "owner" ? { type: "owner", ownerId: d.ownerId } : { type: d.type, teamId: d.teamId };
        return { ...(d.ruleId ? { ruleId: d.ruleId } : {}), name: d.name.trim(), conditions, action };
      });
      if (Object.keys(bad).length) {
        setFields(bad);
        return;
      }
      const res = await leadsApi.routing.put({ version: version(), rules, defaultOwnerId: defaultOwnerId() || null });
      setDrafts(reconcile(res.rules.map(toDraft)));
      setVersion(res.version);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError && err.fields) setFields(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, fieldText(v)])));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (i: number, path: string) => {
    const all = fields();
    const key = Object.keys(all).find((k) => k === `rules.${i}.${path}` || k.startsWith(`rules.${i}.${path}.`));
    return key ? all[key] : undefined;
  };

  return (
    <div class="stack">
      <form class="card" onSubmit={save} data-testid="lead-routing">
        <h2>{t("routing.title")}</h2>
        <p class="muted">{t("routing.hint")}</p>
        <Show when={loaded()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
          <Show when={drafts.length} fallback={<p class="empty">{t("routing.noRules")}</p>}>
            <ol class="routing-rules">
              <Index each={drafts}>
                {(d, i) => (
                  <li class="card routing-rule" data-testid="routing-rule">
                    <div class="page-head">
                      <strong>{i + 1}.</strong>
                      <Show when={session.isAdmin()}>
                        <div class="actions">
                          <button type="button" class="secondary small" disabled={i === 0} aria-label={t("routing.moveUp")} title={t("routing.moveUp")} onClick={() => move(i, -1)} data-testid="rule-up">↑</button>
                          <button type="button" class="secondary small" disabled={i === drafts.length - 1} aria-label={t("routing.moveDown")} title={t("routing.moveDown")} onClick={() => move(i, 1)} data-testid="rule-down">↓</button>
                          <button type="button" class="secondary small" onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>{t("routing.remove")}</button>
                        </div>
                      </Show>
                    </div>
                    <fieldset class="grid" disabled={!session.isAdmin()}>
                      <Field label={t("routing.ruleName")} error={fieldError(i, "name")}>
                        <input name="ruleName" required maxLength={100} value={d().name} onInput={(e) => setDrafts(i, "name", e.currentTarget.value)} />
                      </Field>
                      <Field label={t("routing.sources")} hint={t("routing.listHint")} error={fieldError(i, "conditions.sources")}>
                        <input name="sources" value={d().sources} onInput={(e) => setDrafts(i, "sources", e.currentTarget.value)} />
                      </Field>
                      <Field label={t("routing.regions")} hint={t("routing.listHint")} error={fieldError(i, "conditions.regions")}>
                        <input name="regions" value={d().regions} onInput={(e) => setDrafts(i, "regions", e.currentTarget.value)} />
                      </Field>
                      <Field label={t("routing.tags")} hint={t("routing.listHint")} error={fieldError(i, "conditions.tags")}>
                        <input name="tags" value={d().tags} onInput={(e) => setDrafts(i, "tags", e.currentTarget.value)} />
                      </Field>
                      <Field label={`${t("routing.amountMin")} (${currency()})`} error={fieldError(i, "conditions.amountMin")}>
                        <input name="amountMin" inputMode="decimal" value={d().amountMin} onInput={(e) => setDrafts(i, "amountMin", e.currentTarget.value)} />
                      </Field>
                      <Field label={`${t("routing.amountMax")} (${currency()})`} error={fieldError(i, "conditions.amountMax")}>
                        <input name="amountMax" inputMode="decimal" value={d().amountMax} onInput={(e) => setDrafts(i, "amountMax", e.currentTarget.value)} />
                      </Field>
                      <Field label={t("routing.action")} error={fieldError(i, "action.type")}>
                        <select name="actionType" value={d().type} onChange={(e) => setDrafts(i, "type", e.currentTarget.value as Action["type"])} data-testid="rule-action">
                          <For each={ACTIONS}>{(a) => <option value={a}>{t(`routing.action.${a}` as Key)}</option>}</For>
                        </select>
                      </Field>
                      <Show when={d().type === "owner"} fallback={
                        <Field label={t("routing.team")} error={fieldError(i, "action.teamId")}>
                          <select name="teamId" value={d().teamId} onChange={(e) => setDrafts(i, "teamId", e.currentTarget.value)}>
                            <option value="" disabled>{t("routing.chooseTeam")}</option>
                            <For each={teams()}>{(team) => <option value={team.teamId}>{team.name}</option>}</For>
                          </select>
                        </Field>
                      }>
                        <Field label={t("routing.owner")} error={fieldError(i, "action.ownerId")}>
                          <select name="ownerId" value={d().ownerId} onChange={(e) => setDrafts(i, "ownerId", e.currentTarget.value)}>
                            <For each={owners()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
                          </select>
                        </Field>
                      </Show>
                    </fieldset>
                  </li>
                )}
              </Index>
            </ol>
          </Show>
          <Show when={session.isAdmin()}>
            <button type="button" class="secondary" onClick={add} data-testid="add-rule">{t("routing.addRule")}</button>
          </Show>
          <Field label={t("routing.defaultOwner")} hint={t("routing.defaultOwnerHint")} error={fields().defaultOwnerId}>
            <select name="defaultOwnerId" value={defaultOwnerId()} disabled={!session.isAdmin()} onChange={(e) => setDefaultOwnerId(e.currentTarget.value)}>
              <option value="">{t("routing.workspaceOwner")}</option>
              <For each={owners()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
            </select>
          </Field>
          <FormError error={error()} onReload={() => void load()} />
          <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
          <Show when={session.isAdmin()}>
            <div class="actions"><button type="submit" disabled={busy()} data-testid="save-routing">{t("routing.save")}</button></div>
          </Show>
        </Show>
      </form>
      <section class="card">
        <h2>{t("routing.openLeads")}</h2>
        <ul data-testid="open-leads">
          <For each={owners()}>{(m) => <li>{m.name || m.email}: {open()[m.userId] ?? 0}</li>}</For>
        </ul>
      </section>
      <FormSnippet />
    </div>
  );
}

/** The HTML to paste into the tenant's site, with a copy button. */
function FormSnippet() {
  const session = useSession();
  const [copied, setCopied] = createSignal(false);
  const html = () => formSnippet(formEndpoint(location.origin, session.me().tenant?.slug ?? ""), {
    name: t("snippet.name"), email: t("snippet.email"), phone: t("snippet.phone"), company: t("snippet.company"),
    message: t("snippet.message"), submit: t("snippet.submit"), thanks: t("snippet.thanks"), failed: t("snippet.failed"),
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(html());
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section class="card">
      <h2>{t("routing.snippet")}</h2>
      <p class="muted">{t("routing.snippetHint")}</p>
      <textarea class="code" readOnly rows={12} value={html()} onFocus={(e) => e.currentTarget.select()} data-testid="form-snippet" />
      <div class="actions"><button type="button" class="secondary" onClick={copy} data-testid="copy-snippet">{copied() ? t("routing.copied") : t("routing.copy")}</button></div>
    </section>
  );
}
