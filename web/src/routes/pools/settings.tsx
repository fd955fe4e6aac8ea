import { createResource, createSignal, For, Show } from "solid-js";
import { createStore, unwrap } from "solid-js/store";
import { FormError } from "../../components/form-error";
import { UpgradeHint } from "../../components/upgrade-hint";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { poolsApi, RULE_KEYS, type Pool, type PoolInput } from "./api";

const blank = (): PoolInput => ({
  name: "", memberIds: [], teamIds: [], levels: {}, isDefault: false,
  rules: { noFollowUpDays: 30, noOpenDealDays: null, noWonDealDays: null, afterContractEndDays: null, warnDays: 3 },
  limits: { dailyClaimLimit: 10, cooldownDays: 7, ownershipCap: null, capCountsWon: true },
});

/** Settings → Customer pools: who is in each pool, when customers go back, and how many one may claim. */
export function PoolSettings() {
  const session = useSession();
  const [pools, { refetch }] = createResource(() => session.has("pools"), () => poolsApi.list().then((r) => r.items));
  const [editing, setEditing] = createSignal<Pool | "new">();
  return (
    <Show when={session.has("pools")} fallback={<section class="card"><h2>{t("pools.settings")}</h2><UpgradeHint feature="pools" /></section>}>
      <section class="card" data-testid="pool-settings">
        <div class="page-head">
          <h2>{t("pools.settings")}</h2>
          <Show when={session.isAdmin()}><button type="button" onClick={() => setEditing("new")} data-testid="pool-new">{t("pools.new")}</button></Show>
        </div>
        <p class="muted">{t("pools.settingsIntro")}</p>
        <table>
          <thead><tr><th>{t("pools.name")}</th><th>{t("pools.members")}</th><th>{t("pools.rulesSummary")}</th><th /></tr></thead>
          <tbody>
            <For each={pools() ?? []}>
              {(p) => (
                <tr>
                  <td>{p.name}<Show when={p.isDefault}> <span class="badge">{t("pools.default")}</span></Show></td>
                  <td>{p.memberIds.length}</td>
                  <td class="muted">{RULE_KEYS.filter((k) => p.rules[k] != null).map((k) => t(`pools.rule.${k}` as Key) + " " + p.rules[k]).join(" · ")}</td>
                  <td><Show when={session.isAdmin()}><button type="button" class="secondary small" onClick={() => setEditing(p)}>{t("common.edit")}</button></Show></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <Show when={editing()} keyed>
          {(e) => <PoolForm pool={e === "new" ? undefined : e} onDone={() => { setEditing(undefined); void refetch(); }} />}
        </Show>
      </section>
    </Show>
  );
}

function PoolForm(props: { pool?: Pool; onDone: () => void }) {
  const session = useSession();
  const start = props.pool ? (structuredClone(unwrap(props.pool)) as PoolInput) : blank();
  const [form, setForm] = createStore<PoolInput>(start);
  const [error, setError] = createSignal<unknown>();
  const num = (v: string) => (v.trim() === "" ? null : Math.max(0, Math.floor(Number(v))));
  const save = async (ev: Event) => {
    ev.preventDefault();
    setError(undefined);
    try {
      const body = { name: form.name, memberIds: form.memberIds, teamIds: form.teamIds, levels: form.levels, isDefault: form.isDefault, rules: form.rules, limits: form.limits };
      if (props.pool) await poolsApi.update(props.pool.poolId, { ...body, version: props.pool.version });
      else await poolsApi.create(body);
      props.onDone();
    } catch (err) {
      setError(err);
    }
  };
  const toggleMember = (userId: string, on: boolean) => setForm("memberIds", on ? [...form.memberIds, userId] : form.memberIds.filter((m) => m !== userId));
  return (
    <form class="stack" onSubmit={save} data-testid="pool-form">
      <h3>{props.pool ? props.pool.name : t("pools.new")}</h3>
      <label>{t("pools.name")}<input value={form.name} onInput={(e) => setForm("name", e.currentTarget.value)} required data-testid="pool-name" /></label>
      <fieldset>
        <legend>{t("pools.members")}</legend>
        <For each={session.members()}>
          {(m) => (
            <label class="check"><input type="checkbox" checked={form.memberIds.includes(m.userId)} onChange={(e) => toggleMember(m.userId, e.currentTarget.checked)} /> {m.name || m.email}</label>
          )}
        </For>
      </fieldset>
      <fieldset>
        <legend>{t("pools.recycle")}</legend>
        <For each={RULE_KEYS}>
          {(k) => (
            <label>{t(`pools.rule.${k}` as Key)}
              <input type="number" min="1" value={form.rules[k] ?? ""} placeholder={t("pools.off")} onInput={(e) => setForm("rules", k, num(e.currentTarget.value))} data-testid={`pool-${k}`} />
            </label>
          )}
        </For>
        <label>{t("pools.warnDays")}<input type="number" min="0" value={form.rules.warnDays} onInput={(e) => setForm("rules", "warnDays", num(e.currentTarget.value) ?? 0)} /></label>
      </fieldset>
      <fieldset>
        <legend>{t("pools.limits")}</legend>
        <label>{t("pools.dailyClaimLimit")}<input type="number" min="0" value={form.limits.dailyClaimLimit ?? ""} placeholder={t("pools.off")} onInput={(e) => setForm("limits", "dailyClaimLimit", num(e.currentTarget.value))} data-testid="pool-daily" /></label>
        <label>{t("pools.cooldownDays")}<input type="number" min="0" data-testid="pool-cooldown" value={form.limits.cooldownDays} onInput={(e) => setForm("limits", "cooldownDays", num(e.currentTarget.value) ?? 0)} /></label>
        <label>{t("pools.ownershipCap")}<input type="number" min="0" value={form.limits.ownershipCap ?? ""} placeholder={t("pools.off")} onInput={(e) => setForm("limits", "ownershipCap", num(e.currentTarget.value))} /></label>
        <label class="check"><input type="checkbox" checked={form.limits.capCountsWon} onChange={(e) => setForm("limits", "capCountsWon", e.currentTarget.checked)} /> {t("pools.capCountsWon")}</label>
      </fieldset>
      <label class="check"><input type="checkbox" checked={form.isDefault} onChange={(e) => setForm("isDefault", e.currentTarget.checked)} /> {t("pools.isDefault")}</label>
      <FormError error={error()} />
      <div class="row">
        <button type="submit" data-testid="pool-save">{t("common.save")}</button>
        <button type="button" class="secondary" onClick={() => props.onDone()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
