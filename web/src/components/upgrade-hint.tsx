import { createSignal, onMount, Show } from "solid-js";
import { api, type Workspace } from "../api";
import { featureName } from "../lib/labels";
import { locale, t } from "../i18n";
import { LockIcon } from "./icons";

/** A locked feature: says it is not in the plan and names the cheapest plan that has it. */
export function UpgradeHint(props: { feature: string; testid?: string }) {
  const [ws, setWs] = createSignal<Workspace>();
  // Not a resource: reading one would suspend the whole page behind the shell's loading fallback.
  onMount(() => api.workspace.get().then(setWs, () => undefined));
  const plan = () => ws()?.plans.find((p) => p.features.includes(props.feature));
  const planName = () => plan()?.name[locale()] ?? plan()?.name.en ?? "";
  return (
    <div class="locked-card" data-testid={props.testid ?? `locked-${props.feature}`}>
      <p class="locked"><LockIcon /> {t("feature.notInPlanNamed", { feature: featureName(props.feature) })}</p>
      <Show when={planName()}><p class="upgrade">{t("plan.upgradeTo", { plan: planName() })}</p></Show>
    </div>
  );
}
