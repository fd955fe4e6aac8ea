import { createSignal, For, onMount, Show } from "solid-js";
import { ConfirmButton } from "../../components/confirm-button";
import { FeatureLocked } from "../../components/feature-locked";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { careApi, type Suppressed } from "./api";
import { canManage, CareNav } from "./nav";

/** Addresses no care message goes to: unsubscribed, bounced, added by hand. */
export function CareSuppressions() {
  const session = useSession();
  const [rows, setRows] = createSignal<Suppressed[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [email, setEmail] = createSignal("");
  const allowed = () => session.has("care") && canManage(session.me().role);

  const load = async (more: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await careApi.suppressions(more ? cursor() : null);
      setRows(more ? [...rows(), ...page.items] : page.items);
      setCursor(page.cursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  onMount(() => allowed() && void load(false));

  const add = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await careApi.suppress(email());
      setEmail("");
      await load(false);
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (address: string) => {
    await careApi.unsuppress(address);
    setRows(rows().filter((r) => r.email !== address));
  };

  return (
    <Show when={session.has("care")} fallback={<FeatureLocked feature="care" />}>
      <section class="page stack" data-testid="care-suppressions">
        <h1>{t("care.title")}</h1>
        <CareNav />
        <Show when={allowed()} fallback={<p class="notice">{t("care.managersOnly")}</p>}>
          <p class="muted">{t("care.suppressionsIntro")}</p>
          <form class="inline-form" onSubmit={add}>
            <Field label={t("care.email")}>
              <input type="email" name="email" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} data-testid="care-suppress-email" />
            </Field>
            <button type="submit" data-testid="care-suppress">{t("care.suppress")}</button>
          </form>
          <FormError error={error()} />
          <div class="card table-scroll">
            <table>
              <thead><tr><th>{t("care.email")}</th><th>{t("care.reason")}</th><th>{t("care.since")}</th><th /></tr></thead>
              <tbody>
                <For each={rows()}>
                  {(r) => (
                    <tr data-testid="care-suppressed-row">
                      <td>{r.email}</td>
                      <td>{t(`care.reason.${r.reason}` as Key)}</td>
                      <td>{formatDate(r.createdAt)}</td>
                      <td><ConfirmButton small label={t("care.unsuppress")} question={t("care.unsuppressQuestion")} onConfirm={() => remove(r.email)} /></td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <Show when={!loading() && !rows().length && !error()}><p class="muted">{t("care.suppressionsEmpty")}</p></Show>
            <Show when={cursor() && !loading()}><button type="button" class="secondary" onClick={() => load(true)}>{t("common.more")}</button></Show>
          </div>
        </Show>
      </section>
    </Show>
  );
}
