import { A } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { HealthBadge } from "../../components/health-badge";
import { formatDate, locale, t, type Key } from "../../i18n";
import { formatMoney } from "../../lib/money";
import { useSession } from "../../session";
import { BANDS, churnApi, type Band, type CustomerRow } from "./api";

/** Customers by health band (at risk first), most valuable first, a page at a time from the band index. */
export function ChurnList() {
  const session = useSession();
  const [band, setBand] = createSignal<Band>("at_risk");
  const [rows, setRows] = createSignal<CustomerRow[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const currency = () => session.me().tenant?.settings?.currency ?? "CNY";

  const load = async (more: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await churnApi.customers({ band: band(), cursor: more ? cursor() : null });
      setRows(more ? [...rows(), ...page.items] : page.items);
      setCursor(page.cursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  createEffect(on(band, () => session.has("churn") && void load(false)));

  return (
    <Show when={session.has("churn")} fallback={<FeatureLocked feature="churn" />}>
      <section class="page" data-testid="churn-page">
        <h1>{t("churn.title")}</h1>
        <p class="muted">{t("churn.intro")}</p>
        <div class="tabs" role="tablist">
          <For each={BANDS}>
            {(b) => (
              <button type="button" role="tab" class="tab" classList={{ active: band() === b }} aria-selected={band() === b} onClick={() => setBand(b)} data-testid={`band-${b}`}>
                {t(`churn.band.${b}` as Key)}
              </button>
            )}
          </For>
        </div>
        <FormError error={error()} />
        <div class="card table-scroll">
          <table data-testid="churn-table">
            <thead>
              <tr><th>{t("churn.customer")}</th><th>{t("churn.score")}</th><th>{t("churn.worth")}</th><th>{t("churn.owner")}</th><th /></tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r) => (
                  <tr data-testid="churn-row">
                    <td>
                      <A href={`/${r.recordType === "contact" ? "contacts" : "companies"}/${r.recordId}`}>{r.name}</A>{" "}
                      <span class="muted">{t(`churn.kind.${r.recordType}` as Key)}</span>
                    </td>
                    <td><HealthBadge band={r.band} score={r.score} /></td>
                    <td>{formatMoney(r.value, currency(), locale())}</td>
                    <td>{session.memberName(r.ownerId)}</td>
                    <td class="muted">{r.atRiskSince ? t("churn.atRiskSince", { date: formatDate(r.atRiskSince) }) : ""}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <Show when={!loading() && !rows().length && !error()}><p class="muted">{t("churn.empty")}</p></Show>
          <Show when={loading()}><p class="muted">{t("common.loading")}</p></Show>
          <Show when={cursor() && !loading()}>
            <button type="button" class="secondary" onClick={() => load(true)} data-testid="churn-more">{t("churn.more")}</button>
          </Show>
        </div>
        <p class="muted">{t("churn.valueBasis")}</p>
      </section>
    </Show>
  );
}
