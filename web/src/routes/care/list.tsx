import { A } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { careApi, type Campaign, type Trigger } from "./api";
import { canManage, CareNav } from "./nav";

/** One line saying when a campaign sends. */
export function triggerSummary(trigger: Trigger): string {
  return t(`care.summary.${trigger.kind}` as Key, { days: trigger.days ?? 0, field: trigger.field ?? "" });
}

/** The campaigns, each with its on/off switch (a replace with the version, rolled back on failure). */
export function CareList() {
  const session = useSession();
  const [items, setItems] = createSignal<Campaign[]>();
  const [error, setError] = createSignal<unknown>();
  const allowed = () => session.has("care") && canManage(session.me().role);
  const load = () => careApi.list().then((r) => setItems(r.items), setError);
  onMount(() => allowed() && void load());

  const toggle = async (c: Campaign) => {
    const { campaignId, version, createdAt: _c, updatedAt: _u, ...rest } = c;
    setItems(items()!.map((x) => (x.campaignId === campaignId ? { ...x, enabled: !x.enabled } : x)));
    try {
      const saved = await careApi.replace(campaignId, { ...rest, enabled: !c.enabled, version });
      setItems(items()!.map((x) => (x.campaignId === campaignId ? saved : x)));
    } catch (err) {
      setItems(items()!.map((x) => (x.campaignId === campaignId ? c : x)));
      setError(err);
    }
  };

  return (
    <Show when={session.has("care")} fallback={<FeatureLocked feature="care" />}>
      <section class="page stack" data-testid="care-page">
        <div class="page-head">
          <h1>{t("care.title")}</h1>
          <span class="spacer" />
          <Show when={allowed()}><A href="/care/new" class="button" data-testid="care-new">{t("care.new")}</A></Show>
        </div>
        <p class="muted">{t("care.intro")}</p>
        <CareNav />
        <Show when={allowed()} fallback={<p class="notice">{t("care.managersOnly")}</p>}>
          <FormError error={error()} onReload={load} />
          <div class="card table-scroll">
            <table data-testid="care-campaigns">
              <thead><tr><th>{t("care.name")}</th><th>{t("care.trigger")}</th><th>{t("care.sendHour")}</th><th>{t("care.enabled")}</th></tr></thead>
              <tbody>
                <For each={items() ?? []}>
                  {(c) => (
                    <tr data-testid="care-campaign-row">
                      <td><A href={`/care/${c.campaignId}`}>{c.name}</A></td>
                      <td>{triggerSummary(c.trigger)}</td>
                      <td>{String(c.sendHour).padStart(2, "0")}:00</td>
                      <td>
                        <label class="switch">
                          <input type="checkbox" checked={c.enabled} onChange={() => toggle(c)} aria-label={`${c.name}: ${t("care.enabled")}`} data-testid="care-toggle" />
                          <span>{c.enabled ? t("care.on") : t("care.off")}</span>
                        </label>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <Show when={items() && !items()!.length}><p class="muted">{t("care.empty")}</p></Show>
            <Show when={!items() && !error()}><p class="muted">{t("common.loading")}</p></Show>
          </div>
        </Show>
      </section>
    </Show>
  );
}
