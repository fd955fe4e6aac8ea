import { A } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { formatDate, t, type Key } from "../../i18n";
import { careApi, type SendRow } from "./api";

/** A campaign's sends, newest first, a page at a time. */
export function SendLog(props: { campaignId: string }) {
  const [rows, setRows] = createSignal<SendRow[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal<unknown>();
  const load = async (more: boolean) => {
    setLoading(true);
    try {
      const page = await careApi.log(props.campaignId, more ? cursor() : null);
      setRows(more ? [...rows(), ...page.items] : page.items);
      setCursor(page.cursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  onMount(() => void load(false));

  return (
    <section class="card stack" data-testid="care-log">
      <h2>{t("care.log")}</h2>
      <FormError error={error()} />
      <div class="table-scroll">
        <table>
          <thead><tr><th>{t("care.contact")}</th><th>{t("care.email")}</th><th>{t("care.occurrence")}</th><th>{t("care.status")}</th><th>{t("care.sentAt")}</th></tr></thead>
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr data-testid="care-log-row">
                  <td><A href={`/contacts/${r.contactId}`}>{r.contactId}</A></td>
                  <td>{r.email ?? "—"}</td>
                  <td>{r.occurrence}</td>
                  <td title={r.error ?? undefined}>{t(`care.status.${r.status}` as Key)}</td>
                  <td>{formatDate(r.at)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={!loading() && !rows().length && !error()}><p class="muted">{t("care.logEmpty")}</p></Show>
      <Show when={cursor() && !loading()}><button type="button" class="secondary" onClick={() => load(true)}>{t("common.more")}</button></Show>
    </section>
  );
}
