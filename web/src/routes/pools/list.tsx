import { A, useNavigate } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { poolsApi, type PoolCustomer } from "./api";

/** 公海: the pools one belongs to, their waiting customers (contact details masked), claim and assign. */
export function PoolsPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [pools] = createResource(() => session.has("pools"), () => poolsApi.list().then((r) => r.items));
  const [poolId, setPoolId] = createSignal<string>();
  const [rows, setRows] = createSignal<PoolCustomer[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal<string>();
  const [assignee, setAssignee] = createSignal("");
  const canAssign = () => session.isAdmin() || session.me().role === "manager";

  createEffect(() => {
    const first = pools()?.[0];
    if (first && !poolId()) setPoolId(first.poolId);
  });
  const load = async (more: boolean) => {
    if (!poolId()) return;
    setError(undefined);
    try {
      const page = await poolsApi.customers(poolId()!, more ? cursor() : null);
      setRows(more ? [...rows(), ...page.items] : page.items);
      setCursor(page.cursor);
    } catch (err) {
      setError(err);
    }
  };
  createEffect(on(poolId, () => void load(false)));

  const act = async (c: PoolCustomer, fn: () => Promise<unknown>, open: boolean) => {
    setBusy(c.companyId);
    setError(undefined);
    try {
      await fn();
      if (open) navigate(`/companies/${c.companyId}`);
      else setRows(rows().filter((r) => r.companyId !== c.companyId));
    } catch (err) {
      setError(err);
      void load(false);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Show when={session.has("pools")} fallback={<FeatureLocked feature="pools" />}>
      <section class="page" data-testid="pools-page">
        <div class="page-head">
          <h1>{t("pools.title")}</h1>
          <Show when={session.isAdmin()}><A href="/settings/pools" class="button secondary">{t("pools.settings")}</A></Show>
        </div>
        <p class="muted">{t("pools.intro")}</p>
        <Show when={pools() && !pools()!.length}><p class="muted">{t("pools.none")}</p></Show>
        <div class="tabs" role="tablist">
          <For each={pools() ?? []}>
            {(p) => (
              <button type="button" role="tab" class="tab" classList={{ active: poolId() === p.poolId }} aria-selected={poolId() === p.poolId} onClick={() => setPoolId(p.poolId)}>
                {p.name}
              </button>
            )}
          </For>
        </div>
        <FormError error={error()} />
        <Show when={canAssign()}>
          <label class="inline">
            {t("pools.assignTo")}{" "}
            <select value={assignee()} onChange={(e) => setAssignee(e.currentTarget.value)} data-testid="pool-assignee">
              <option value="">—</option>
              <For each={session.members()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
            </select>
          </label>
        </Show>
        <div class="card table-scroll">
          <table data-testid="pool-table">
            <thead>
              <tr><th>{t("pools.customer")}</th><th>{t("pools.phone")}</th><th>{t("pools.pooledAt")}</th><th>{t("pools.reason")}</th><th /></tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(c) => (
                  <tr data-testid="pool-row">
                    <td>{c.name}<Show when={c.industry}><span class="muted"> · {c.industry}</span></Show></td>
                    <td class="mono">{c.phone ?? ""}</td>
                    <td>{c.pooledAt ? formatDate(c.pooledAt) : ""}</td>
                    <td class="muted">{c.pooledReason ? t(`pools.reason.${c.pooledReason}` as Key) : ""}</td>
                    <td class="actions">
                      <button type="button" disabled={busy() === c.companyId || !session.canWrite()} onClick={() => act(c, () => poolsApi.claim(c.poolId, c.companyId), true)} data-testid="pool-claim">
                        {t("pools.claim")}
                      </button>
                      <Show when={canAssign() && assignee()}>
                        <button type="button" class="secondary" disabled={busy() === c.companyId} onClick={() => act(c, () => poolsApi.assign(c.poolId, c.companyId, assignee()), false)}>
                          {t("pools.assign")}
                        </button>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <Show when={poolId() && !rows().length && !error()}><p class="muted">{t("pools.empty")}</p></Show>
          <Show when={cursor()}><button type="button" class="secondary" onClick={() => load(true)}>{t("pools.more")}</button></Show>
        </div>
      </section>
    </Show>
  );
}
