import { createResource, createSignal, For, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { poolsApi } from "./api";

/** On a company's page: which pool's rules it is under, when it returns, and a way to give it back. */
export function CompanyPool(props: { companyId: string; onChange?: () => void }) {
  const session = useSession();
  const [status, { refetch }] = createResource(() => session.has("pools") && props.companyId, (id) => poolsApi.status(id as string).catch(() => undefined));
  const [reason, setReason] = createSignal("");
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const giveBack = async (ev: Event) => {
    ev.preventDefault();
    setError(undefined);
    try {
      await poolsApi.giveBack(props.companyId, reason());
      setOpen(false);
      await refetch();
      props.onChange?.();
    } catch (err) {
      setError(err);
    }
  };
  const setLevel = async (version: number, level: string | null) => {
    setError(undefined);
    try {
      await poolsApi.setLevel(props.companyId, version, level);
    } catch (err) {
      setError(err);
    }
    await refetch();
  };
  const [pools] = createResource(() => session.isAdmin() && session.has("pools"), () => poolsApi.list().then((r) => r.items));
  const [target, setTarget] = createSignal("");
  const moveIn = async () => {
    setError(undefined);
    try {
      await poolsApi.add(target() || pools()![0].poolId, props.companyId);
      await refetch();
      props.onChange?.();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
    <Show when={status() && !status()!.managed && session.isAdmin() && pools()?.length}>
      <div class="card row" data-testid="company-pool-move">
        <select value={target()} onChange={(e) => setTarget(e.currentTarget.value)} data-testid="pool-move-target">
          <For each={pools()}>{(p) => <option value={p.poolId}>{p.name}</option>}</For>
        </select>
        <button type="button" class="secondary" onClick={moveIn} data-testid="pool-move">{t("pools.moveIn")}</button>
        <FormError error={error()} />
      </div>
    </Show>
    <Show when={(() => { const s = status(); return s && s.managed ? s : undefined; })()} keyed>
      {(s) => (
        <div class="card" data-testid="company-pool">
          <h2>{t("pools.title")}</h2>
          <Show when={session.isAdmin() || session.me().role === "manager"} fallback={<Show when={s.level}><p>{t("pools.level")}: {s.level}</p></Show>}>
            <label class="inline-label"><span>{t("pools.level")}</span>
              <select value={s.level ?? ""} data-testid="pool-level" onChange={(e) => void setLevel(s.version, e.currentTarget.value || null)}>
                <option value="">{t("pools.levelNone")}</option>
                <For each={s.levels}>{(l) => <option value={l}>{l}</option>}</For>
              </select>
            </label>
          </Show>
          <Show when={s.state === "owned"} fallback={<p>{t("pools.inPool", { date: s.pooledAt ? formatDate(s.pooledAt) : "" })}{s.pooledReason ? ` · ${t(`pools.reason.${s.pooledReason}` as Key)}` : ""}</p>}>
            <Show when={s.recycleAt} fallback={<p class="muted">{t("pools.noDeadline")}</p>}>
              <p data-testid="pool-deadline">{t("pools.returnsOn", { date: formatDate(s.recycleAt!) })}</p>
            </Show>
            <Show when={session.canWrite()}>
              <Show when={open()} fallback={<button type="button" class="secondary" onClick={() => setOpen(true)} data-testid="pool-return">{t("pools.giveBack")}</button>}>
                <form class="row" onSubmit={giveBack}>
                  <input value={reason()} onInput={(e) => setReason(e.currentTarget.value)} placeholder={t("pools.giveBackReason")} required data-testid="pool-return-reason" />
                  <button type="submit">{t("pools.giveBack")}</button>
                </form>
              </Show>
            </Show>
          </Show>
          <FormError error={error()} />
        </div>
      )}
    </Show>
    </>
  );
}
