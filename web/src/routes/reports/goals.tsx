import { createEffect, createSignal, For, on, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { createTeams } from "../../lib/teams";
import { formatMoney, toMajorText, toMinor } from "../../lib/money";
import { salesApi, type Pipeline } from "../../lib/sales-api";
import { formatNumber, locale, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { GOAL_METRICS, type Goal, type GoalInput, type GoalMetric, isAmountMetric, reportsApi } from "./sales-api";
import "./goals.css";

type Kind = "month" | "quarter" | "year";
const KINDS: Kind[] = ["month", "quarter", "year"];

function currentPeriod(kind: Kind, d = new Date()): string {
  const y = d.getFullYear();
  if (kind === "year") return String(y);
  if (kind === "quarter") return `${y}-Q${Math.floor(d.getMonth() / 3) + 1}`;
  return `${y}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}
const VALID: Record<Kind, RegExp> = { month: /^\d{4}-(0[1-9]|1[0-2])$/, quarter: /^\d{4}-Q[1-4]$/, year: /^\d{4}$/ };

/** Goals of a period: progress against the target and the period before; managers and admins set them. */
export function GoalsPage() {
  const session = useSession();
  const teams = createTeams();
  const [kind, setKind] = createSignal<Kind>("month");
  const [period, setPeriod] = createSignal(currentPeriod("month"));
  const [goals, setGoals] = createSignal<{ period: string; previous: string; items: Goal[] }>();
  const [pipelines, setPipelines] = createSignal<Pipeline[]>([]);
  const [error, setError] = createSignal<unknown>();
  const canSet = () => ["owner", "admin", "manager"].includes(session.me().role ?? "");
  const currency = () => session.me().tenant?.settings.currency ?? "CNY";
  salesApi.pipelines.list().then((r) => setPipelines(r.items), () => undefined);

  let asked = 0;
  const load = () => {
    const mine = ++asked;
    setError(undefined);
    return reportsApi.goals.list(period()).then((r) => mine === asked && setGoals(r), (err) => mine === asked && setError(err));
  };
  createEffect(on(period, load));

  const show = (g: Goal, n: number) => (isAmountMetric(g.metric) ? formatMoney(n, currency(), locale()) : formatNumber(n));
  const pct = (x: number) => new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(x);
  const width = (x: number) => `${Math.max(0, Math.min(100, x * 100))}%`;

  return (
    <div class="stack" data-testid="goals-report">
      <div class="toolbar">
        <label class="inline-label"><span>{t("goals.period")}</span>
          <select name="kind" value={kind()} onChange={(e) => {
            const k = e.currentTarget.value as Kind;
            setKind(k);
            setPeriod(currentPeriod(k));
          }}>
            <For each={KINDS}>{(k) => <option value={k}>{t(`goals.kind.${k}` as Key)}</option>}</For>
          </select>
        </label>
        <Show when={kind() === "month"} fallback={
          <input name="period" value={period()} aria-label={t("goals.period")} placeholder={kind() === "year" ? "2026" : "2026-Q1"}
            onChange={(e) => VALID[kind()].test(e.currentTarget.value.trim()) && setPeriod(e.currentTarget.value.trim())} />
        }>
          <input type="month" name="period" value={period()} aria-label={t("goals.period")} onChange={(e) => VALID.month.test(e.currentTarget.value) && setPeriod(e.currentTarget.value)} />
        </Show>
        <a class="button secondary" data-testid="goals-csv" download="" href={reportsApi.goalsCsvUrl({ period: period(), lang: locale() })}>{t("salesReport.download")}</a>
      </div>
      <FormError error={error()} />
      <Show when={canSet()}>
        <GoalEditor period={period()} teams={teams()} pipelines={pipelines()} currency={currency()} onSaved={load} />
      </Show>
      <Show when={goals()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        {(list) => (
          <section class="card">
            <Show when={list().items.length} fallback={<p class="empty" data-testid="goals-empty">{t("goals.empty")}</p>}>
              <div class="goal-list">
                <For each={[...list().items].sort((x, y) => GOAL_METRICS.indexOf(x.metric) - GOAL_METRICS.indexOf(y.metric))}>
                  {(g) => (
                    <article class="goal" data-testid="goal">
                      <div class="goal-head">
                        <h3>{g.subjectName} · {t(`goals.metric.${g.metric}` as Key)}</h3>
                        <span class="muted">{g.period}</span>
                      </div>
                      <div class="goal-line">
                        <span>{t("goals.vsTarget")}</span>
                        <div class="goal-bar" classList={{ reached: g.progress.reached }} role="progressbar" aria-valuemin={0} aria-valuemax={g.target} aria-valuenow={g.progress.value}>
                          <span style={{ width: width(g.progress.ratio) }} />
                        </div>
                        <span data-testid="goal-progress">{t("goals.progress", { value: show(g, g.progress.value), target: show(g, g.target), pct: pct(g.progress.ratio) })}</span>
                      </div>
                      <div class="goal-line">
                        <span>{t("goals.previousPeriod")}</span>
                        <div class="goal-bar previous"><span style={{ width: width(g.target ? g.progress.previous / g.target : 0) }} /></div>
                        <span data-testid="goal-previous">{t("goals.vsPrevious", { previous: show(g, g.progress.previous), period: g.previousPeriod })}
                          {g.progress.changeRatio === null ? "" : ` (${g.progress.changeRatio > 0 ? "+" : ""}${pct(g.progress.changeRatio)})`}</span>
                      </div>
                      <Show when={g.activities}>{(a) => <span class="muted">{t("goals.activities", a())}</span>}</Show>
                      <Show when={canSet()}>
                        <GoalActions goal={g} currency={currency()} onChanged={load} onError={setError} />
                      </Show>
                    </article>
                  )}
                </For>
              </div>
            </Show>
          </section>
        )}
      </Show>
    </div>
  );
}

function GoalActions(props: { goal: Goal; currency: string; onChanged: () => unknown; onError: (e: unknown) => void }) {
  const [editing, setEditing] = createSignal(false);
  const [text, setText] = createSignal("");
  const amount = () => isAmountMetric(props.goal.metric);
  const save = async (e: Event) => {
    e.preventDefault();
    const target = amount() ? toMinor(text(), props.currency) : Number(text());
    if (!target || !Number.isInteger(target)) return;
    try {
      await reportsApi.goals.update(props.goal.goalId, { version: props.goal.version, target });
      setEditing(false);
      await props.onChanged();
    } catch (err) {
      props.onError(err);
    }
  };
  const remove = async () => {
    if (!confirm(t("goals.deleteConfirm"))) return;
    try {
      await reportsApi.goals.remove(props.goal.goalId);
      await props.onChanged();
    } catch (err) {
      props.onError(err);
    }
  };
  return (
    <Show when={editing()} fallback={
      <div class="goal-actions">
        <button type="button" class="secondary small" onClick={() => { setText(amount() ? toMajorText(props.goal.target, props.currency) : String(props.goal.target)); setEditing(true); }}>{t("goals.edit")}</button>
        <button type="button" class="secondary small" onClick={remove}>{t("goals.delete")}</button>
      </div>
    }>
      <form class="goal-actions" onSubmit={save}>
        <input name="target" inputmode="decimal" value={text()} aria-label={t("goals.target")} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit" class="small">{t("goals.save")}</button>
        <button type="button" class="secondary small" onClick={() => setEditing(false)}>{t("common.cancel")}</button>
      </form>
    </Show>
  );
}

function GoalEditor(props: { period: string; teams: { teamId: string; name: string }[]; pipelines: Pipeline[]; currency: string; onSaved: () => unknown }) {
  const session = useSession();
  const [subjectType, setSubjectType] = createSignal<"user" | "team">("user");
  const [subjectId, setSubjectId] = createSignal("");
  const [metric, setMetric] = createSignal<GoalMetric>("wonAmount");
  const [target, setTarget] = createSignal("");
  const [pipelineId, setPipelineId] = createSignal("");
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const subjects = () => (subjectType() === "user" ? session.members().map((m) => ({ id: m.userId, name: m.name })) : props.teams.map((x) => ({ id: x.teamId, name: x.name })));
  const won = () => metric() === "wonAmount" || metric() === "wonDeals";
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    const value = isAmountMetric(metric()) ? toMinor(target(), props.currency) : /^\d+$/.test(target().trim()) ? Number(target()) : undefined;
    const input: GoalInput = { subjectType: subjectType(), subjectId: subjectId() || subjects()[0]?.id || "", metric: metric(), period: props.period, target: (value ?? -1) as number };
    if (won() && pipelineId()) input.pipelineId = pipelineId();
    try {
      await reportsApi.goals.create(input);
      setTarget("");
      setSaved(true);
      await props.onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="card">
      <h2>{t("goals.new")}</h2>
      <form class="toolbar" onSubmit={submit} data-testid="goal-editor">
        <label class="inline-label"><span>{t("goals.for")}</span>
          <select name="subjectType" value={subjectType()} onChange={(e) => { setSubjectType(e.currentTarget.value as "user" | "team"); setSubjectId(""); }}>
            <option value="user">{t("goals.user")}</option>
            <option value="team">{t("goals.team")}</option>
          </select>
        </label>
        <select name="subjectId" aria-label={t("goals.for")} value={subjectId()} onChange={(e) => setSubjectId(e.currentTarget.value)}>
          <For each={subjects()}>{(s) => <option value={s.id}>{s.name}</option>}</For>
        </select>
        <label class="inline-label"><span>{t("goals.metric")}</span>
          <select name="metric" value={metric()} onChange={(e) => setMetric(e.currentTarget.value as GoalMetric)}>
            <For each={GOAL_METRICS}>{(m) => <option value={m}>{t(`goals.metric.${m}` as Key)}</option>}</For>
          </select>
        </label>
        <Show when={won() && props.pipelines.length > 1}>
          <label class="inline-label"><span>{t("goals.pipeline")}</span>
            <select name="pipelineId" value={pipelineId()} onChange={(e) => setPipelineId(e.currentTarget.value)}>
              <option value="">{t("goals.allPipelines")}</option>
              <For each={props.pipelines}>{(p) => <option value={p.pipelineId}>{p.name}</option>}</For>
            </select>
          </label>
        </Show>
        <label class="inline-label"><span>{t("goals.target")}</span>
          <input name="target" inputmode="decimal" required value={target()} onInput={(e) => setTarget(e.currentTarget.value)} />
        </label>
        <button type="submit">{t("goals.save")}</button>
      </form>
      <FormError error={error()} />
      <Show when={saved()}><p class="muted" role="status">{t("goals.saved")}</p></Show>
    </section>
  );
}
