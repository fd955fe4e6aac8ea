import { createSignal, For, onMount, Show } from "solid-js";
import { api, type FeatureState, type Workspace } from "../../api";
import { FormError } from "../../components/form-error";
import { LockIcon } from "../../components/icons";
import { UsageBar } from "../../components/usage-bar";
import { featureName } from "../../lib/labels";
import { locale, t } from "../../i18n";
import { useSession } from "../../session";

/** The plan, usage against its limits, and every feature: on, switchable, or locked behind an upgrade. */
export function PlanSettings() {
  const session = useSession();
  const [ws, setWs] = createSignal<Workspace>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal("");
  onMount(() => api.workspace.get().then(setWs, setError));

  const planName = (name: Record<string, string>) => name[locale()] ?? name.en ?? "";
  /** The cheapest plan that has the feature, to say what to upgrade to. */
  const upgradeTo = (key: string) => ws()?.plans.find((p) => p.features.includes(key));

  const toggle = async (f: FeatureState, on: boolean) => {
    setBusy(f.key);
    setError(undefined);
    try {
      setWs(await api.workspace.features({ [f.key]: on }));
      await session.refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy("");
    }
  };

  return (
    <Show when={ws()} fallback={<><FormError error={error()} /><Show when={!error()}><p class="muted">{t("common.loading")}</p></Show></>}>
      {(w) => (
        <div class="stack">
          <section class="card">
            <h2>{t("plan.current")}</h2>
            <p class="plan-name" data-testid="plan-name">{planName(w().plan.name)}</p>
            <UsageBar label={t("plan.seats")} used={w().usage.seats} limit={w().plan.seats} testid="usage-seats" />
            <UsageBar label={t("plan.contacts")} used={w().usage.contacts} limit={w().plan.limits.contacts} testid="usage-contacts" />
            <UsageBar label={t("plan.companies")} used={w().usage.companies} limit={w().plan.limits.companies} testid="usage-companies" />
            <p class="muted">{t("plan.changeHint")}</p>
          </section>
          <section class="card">
            <h2>{t("plan.features")}</h2>
            <FormError error={error()} />
            <ul class="features" data-testid="features">
              <For each={w().features}>
                {(f) => (
                  <li classList={{ locked: !f.inPlan }} data-testid={`feature-${f.key}`}>
                    <span class="feature-name">
                      <Show when={!f.inPlan}><LockIcon title={t("feature.locked")} /> </Show>
                      {featureName(f.key)}
                    </span>
                    <span class="feature-state">
                      <Show when={f.inPlan} fallback={
                        <span class="upgrade">
                          {upgradeTo(f.key) ? t("plan.upgradeTo", { plan: planName(upgradeTo(f.key)!.name) }) : t("plan.upgrade")}
                        </span>
                      }>
                        <Show when={f.optional} fallback={<span class="muted">{t("plan.alwaysOn")}</span>}>
                          <label class="switch">
                            <input type="checkbox" role="switch" checked={f.enabled} disabled={!session.isAdmin() || busy() === f.key}
                              onChange={(e) => toggle(f, e.currentTarget.checked)} aria-label={featureName(f.key)} />
                            <span>{f.enabled ? t("plan.on") : t("plan.off")}</span>
                          </label>
                        </Show>
                      </Show>
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </section>
        </div>
      )}
    </Show>
  );
}
