import { A } from "@solidjs/router";
import { createResource, createSignal, For, Index, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { locale, t, type Key } from "../../i18n";
import { formatMoney, minorDigits } from "../../lib/money";
import { useSession } from "../../session";
import { contractsApi } from "./api";

const toMinor = (text: string, currency: string) => Math.round(Number(text.replace(/,/g, "")) * 10 ** minorDigits(currency));

/** A company's contracts with their collection state, and a form for a new one with its payment plan. */
export function CompanyContracts(props: { companyId: string }) {
  const session = useSession();
  const [list, { refetch }] = createResource(() => session.has("contracts") && props.companyId, (cid) => contractsApi.list(cid as string).then((r) => r.items));
  const currency = () => session.me().tenant?.settings?.currency ?? "CNY";
  const [open, setOpen] = createSignal(false);
  const [title, setTitle] = createSignal("");
  const [amount, setAmount] = createSignal("");
  const [endDate, setEndDate] = createSignal("");
  const [plan, setPlan] = createSignal<{ amount: string; dueDate: string }[]>([]);
  const [error, setError] = createSignal<unknown>();
  const save = async (ev: Event) => {
    ev.preventDefault();
    setError(undefined);
    try {
      await contractsApi.create({
        title: title(), companyId: props.companyId, amount: toMinor(amount(), currency()), endDate: endDate() || null,
        instalments: plan().map((p) => ({ amount: toMinor(p.amount, currency()), dueDate: p.dueDate })),
      });
      setOpen(false);
      setTitle(""); setAmount(""); setEndDate(""); setPlan([]);
      void refetch();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Show when={session.has("contracts")}>
      <div class="card" data-testid="company-contracts">
        <div class="page-head">
          <h2>{t("contracts.title")}</h2>
          <Show when={session.canWrite() && !open()}><button type="button" class="secondary" onClick={() => setOpen(true)} data-testid="contract-new">{t("contracts.new")}</button></Show>
        </div>
        <Show when={open()}>
          <form class="stack" onSubmit={save} data-testid="contract-form">
            <label>{t("contracts.name")}<input value={title()} onInput={(e) => setTitle(e.currentTarget.value)} required data-testid="contract-title" /></label>
            <label>{t("contracts.amount")}<input inputmode="decimal" value={amount()} onInput={(e) => setAmount(e.currentTarget.value)} required data-testid="contract-amount" /></label>
            <label>{t("contracts.endDate")}<input type="date" value={endDate()} onInput={(e) => setEndDate(e.currentTarget.value)} /></label>
            <fieldset>
              <legend>{t("contracts.plan")}</legend>
              <Index each={plan()}>
                {(p, i) => (
                  <div class="row">
                    <input inputmode="decimal" value={p().amount} placeholder={t("contracts.amount")} onInput={(e) => setPlan(plan().map((x, j) => (j === i ? { ...x, amount: e.currentTarget.value } : x)))} data-testid="instalment-amount" />
                    <input type="date" value={p().dueDate} onInput={(e) => setPlan(plan().map((x, j) => (j === i ? { ...x, dueDate: e.currentTarget.value } : x)))} required data-testid="instalment-date" />
                    <button type="button" class="secondary small" onClick={() => setPlan(plan().filter((_, j) => j !== i))}>×</button>
                  </div>
                )}
              </Index>
              <button type="button" class="secondary small" onClick={() => setPlan([...plan(), { amount: "", dueDate: "" }])} data-testid="instalment-add">{t("contracts.addInstalment")}</button>
            </fieldset>
            <FormError error={error()} />
            <div class="row">
              <button type="submit" data-testid="contract-save">{t("common.save")}</button>
              <button type="button" class="secondary" onClick={() => setOpen(false)}>{t("common.cancel")}</button>
            </div>
          </form>
        </Show>
        <table>
          <thead><tr><th>{t("contracts.number")}</th><th>{t("contracts.name")}</th><th>{t("contracts.amount")}</th><th>{t("contracts.collected")}</th><th>{t("contracts.status")}</th></tr></thead>
          <tbody>
            <For each={list() ?? []}>
              {(c) => (
                <tr data-testid="contract-row">
                  <td><A href={`/contracts/${c.contractId}`}>{c.number}</A></td>
                  <td>{c.title}</td>
                  <td>{formatMoney(c.amount, c.currency, locale())}</td>
                  <td>{formatMoney(c.totals.collected, c.currency, locale())}<Show when={c.totals.overdue > 0}> <span class="error-text">{t("contracts.overdueAmount", { amount: formatMoney(c.totals.overdue, c.currency, locale()) })}</span></Show></td>
                  <td>{t(`contracts.status.${c.status}` as Key)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <Show when={list() && !list()!.length}><p class="muted">{t("contracts.empty")}</p></Show>
      </div>
    </Show>
  );
}
