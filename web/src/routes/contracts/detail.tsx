import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { formatDate, locale, t, type Key } from "../../i18n";
import { formatMoney, minorDigits } from "../../lib/money";
import { useSession } from "../../session";
import { contractsApi } from "./api";
import { ContractAttachments } from "./attachments";
import { PendingApprovalBanner } from "../approvals/banner";

/** A contract: its payment plan with each instalment's state, the payments received, and recording one. */
export function ContractDetail() {
  const params = useParams();
  const session = useSession();
  const [contract, { mutate, refetch }] = createResource(() => session.has("contracts") && params.id, (id) => contractsApi.get(id as string));
  const [amount, setAmount] = createSignal("");
  const [paidOn, setPaidOn] = createSignal(new Date().toISOString().slice(0, 10));
  const [instalmentId, setInstalmentId] = createSignal("");
  const [error, setError] = createSignal<unknown>();
  const pay = async (ev: Event) => {
    ev.preventDefault();
    const c = contract()!;
    setError(undefined);
    try {
      const next = await contractsApi.pay(c.contractId, { amount: Math.round(Number(amount().replace(/,/g, "")) * 10 ** minorDigits(c.currency)), paidOn: paidOn(), instalmentId: instalmentId() || undefined });
      // A payment held for approval (202) is not recorded yet: reload to show the contract locked.
      if ("approval" in (next as object)) void refetch();
      else mutate(next);
      setAmount("");
    } catch (err) {
      setError(err);
    }
  };
  const money = (n: number) => formatMoney(n, contract()!.currency, locale());
  return (
    <Show when={session.has("contracts")} fallback={<FeatureLocked feature="contracts" />}>
      <section class="page" data-testid="contract-page">
        <Show when={contract()} fallback={<p class="muted">{t("common.loading")}</p>}>
          {(c) => (
            <>
              <A href={`/companies/${c().companyId}`} class="back">← {t("contracts.backToCustomer")}</A>
              <div class="page-head"><h1>{c().number} · {c().title}</h1><span class="badge">{t(`contracts.status.${c().status}` as Key)}</span></div>
              <PendingApprovalBanner approvalId={(c() as { approvalId?: string }).approvalId} onChange={() => void refetch()} />
              <dl class="meta">
                <dt>{t("contracts.amount")}</dt><dd>{money(c().amount)}</dd>
                <dt>{t("contracts.collected")}</dt><dd data-testid="contract-collected">{money(c().totals.collected)}</dd>
                <dt>{t("contracts.outstanding")}</dt><dd>{money(c().totals.outstanding)}</dd>
                <dt>{t("contracts.overdue")}</dt><dd classList={{ "error-text": c().totals.overdue > 0 }}>{money(c().totals.overdue)}</dd>
                <Show when={c().endDate}><dt>{t("contracts.endDate")}</dt><dd>{c().endDate}</dd></Show>
                <dt>{t("field.owner")}</dt><dd>{session.memberName(c().ownerId)}</dd>
              </dl>
              <div class="card">
                <h2>{t("contracts.plan")}</h2>
                <table>
                  <thead><tr><th>{t("contracts.dueDate")}</th><th>{t("contracts.amount")}</th><th>{t("contracts.paid")}</th><th>{t("contracts.status")}</th></tr></thead>
                  <tbody>
                    <For each={c().instalments}>
                      {(i) => (
                        <tr data-testid="instalment-row">
                          <td>{i.dueDate}</td><td>{money(i.amount)}</td><td>{money(i.paid)}</td>
                          <td classList={{ "error-text": i.status === "overdue" }}>{t(`contracts.instalment.${i.status}` as Key)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <div class="card">
                <h2>{t("contracts.payments")}</h2>
                <Show when={session.canWrite()}>
                  <form class="row" onSubmit={pay} data-testid="payment-form">
                    <input inputmode="decimal" value={amount()} onInput={(e) => setAmount(e.currentTarget.value)} placeholder={t("contracts.amount")} required data-testid="payment-amount" />
                    <input type="date" value={paidOn()} onInput={(e) => setPaidOn(e.currentTarget.value)} required />
                    <select value={instalmentId()} onChange={(e) => setInstalmentId(e.currentTarget.value)}>
                      <option value="">{t("contracts.earliestOpen")}</option>
                      <For each={c().instalments.filter((i) => i.status !== "paid")}>{(i) => <option value={i.instalmentId}>{i.dueDate} · {money(i.outstanding)}</option>}</For>
                    </select>
                    <button type="submit" data-testid="payment-save">{t("contracts.record")}</button>
                  </form>
                </Show>
                <FormError error={error()} />
                <table>
                  <tbody>
                    <For each={c().payments}>{(p) => <tr><td>{p.paidOn}</td><td>{money(p.amount)}</td><td class="muted">{formatDate(p.createdAt)}</td></tr>}</For>
                  </tbody>
                </table>
              </div>
              <ContractAttachments contractId={c().contractId} ownerId={c().ownerId} />
            </>
          )}
        </Show>
      </section>
    </Show>
  );
}
