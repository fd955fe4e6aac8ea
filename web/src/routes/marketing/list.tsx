import { createResource, createSignal, For, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { type Key, locale, t } from "../../i18n";
import { formatMoney } from "../../lib/money";
import { useSession } from "../../session";
import { CampaignForm } from "./campaign-form";
import { CostLines } from "./cost-lines";
import { type Campaign, marketingApi } from "./marketing-api";
import { ReportAccess } from "./report-access";

/** Marketing campaigns: the list, a form to create one, and per campaign its edit form and cost lines. */
export function MarketingCampaigns() {
  const session = useSession();
  const [list, { mutate, refetch }] = createResource(() => session.has("marketing") || undefined, () => marketingApi.list().then((r) => r.items));
  const [creating, setCreating] = createSignal(false);
  const [open, setOpen] = createSignal<string>();
  const [editing, setEditing] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const replace = (c: Campaign) => mutate((items) => (items ?? []).map((x) => (x.campaignId === c.campaignId ? c : x)));
  const period = (c: Campaign) => [c.startDate, c.endDate].filter(Boolean).join(" – ");
  const remove = (c: Campaign) => {
    if (!confirm(t("marketing.confirmDelete", { name: c.name }))) return;
    marketingApi.remove(c.campaignId).then(() => mutate((items) => (items ?? []).filter((x) => x.campaignId !== c.campaignId)), setError);
  };
  return (
    <Show when={session.has("marketing")} fallback={<FeatureLocked feature="marketing" />}>
      <section class="page stack" data-testid="marketing-campaigns">
        <div class="toolbar">
          <h1>{t("marketing.title")}</h1>
          <a class="button secondary" href="/reports/roi">{t("marketing.report")}</a>
          <Show when={session.canWrite() && !creating()}>
            <button type="button" onClick={() => setCreating(true)}>{t("marketing.new")}</button>
          </Show>
        </div>
        <Show when={creating()}>
          <section class="card">
            <h2>{t("marketing.new")}</h2>
            <CampaignForm submitLabel={t("common.create")} onCancel={() => setCreating(false)} onSubmit={async (input) => {
              const c = await marketingApi.create(input);
              mutate((items) => [c, ...(items ?? [])]);
              setCreating(false);
              setOpen(c.campaignId);
            }} />
          </section>
        </Show>
        <FormError error={error() ?? list.error} />
        <Show when={list()} fallback={<p class="muted">{t("common.loading")}</p>}>
          <For each={list()} fallback={<p class="empty">{t("marketing.empty")}</p>}>
            {(c) => (
              <section class="card" data-testid="campaign">
                <div class="toolbar">
                  <button type="button" class="link" aria-expanded={open() === c.campaignId} onClick={() => { setOpen(open() === c.campaignId ? undefined : c.campaignId); setEditing(false); }}>
                    <strong>{c.name}</strong>
                  </button>
                  <span class="badge">{t(`marketing.channel.${c.channel}` as Key)}</span>
                  <span class="badge">{t(`marketing.status.${c.status}` as Key)}</span>
                  <span class="muted">{period(c)}</span>
                  <span data-testid="campaign-cost">{formatMoney(c.totalCost, c.currency, locale())}</span>
                </div>
                <Show when={open() === c.campaignId}>
                  <Show when={editing()} fallback={
                    <Show when={session.canWrite()}>
                      <div class="actions">
                        <button type="button" class="secondary small" onClick={() => setEditing(true)}>{t("common.edit")}</button>
                        <button type="button" class="secondary small danger" onClick={() => remove(c)}>{t("common.delete")}</button>
                      </div>
                    </Show>
                  }>
                    <CampaignForm initial={c} submitLabel={t("common.save")} onCancel={() => setEditing(false)} onReload={() => void refetch()} onSubmit={async (input) => {
                      replace(await marketingApi.update(c.campaignId, { ...input, version: c.version }));
                      setEditing(false);
                    }} />
                  </Show>
                  <Show when={c.description}><p>{c.description}</p></Show>
                  <h3>{t("marketing.costs")}</h3>
                  <CostLines campaign={c} canWrite={session.canWrite()} onChange={replace} />
                </Show>
              </section>
            )}
          </For>
        </Show>
        <Show when={session.isAdmin()}><ReportAccess /></Show>
      </section>
    </Show>
  );
}
