import { useLocation } from "@solidjs/router";
import { Show } from "solid-js";
import { LockIcon } from "../../components/icons";
import { featureName } from "../../lib/labels";
import { t } from "../../i18n";
import { useSession } from "../../session";

/** Areas not built yet (deals): locked without the feature, announced with it. */
export function FeatureArea() {
  const session = useSession();
  const location = useLocation();
  const feature = () => location.pathname.split("/")[1] ?? "";
  return (
    <section class="card">
      <h1>{featureName(feature())}</h1>
      <Show when={session.has(feature())} fallback={<p class="locked"><LockIcon /> {t("feature.notInPlan")}</p>}>
        <p class="muted">{t("feature.comingSoon")}</p>
      </Show>
    </section>
  );
}

export function NotFound() {
  return (
    <section class="card">
      <h1>{t("common.notFoundTitle")}</h1>
      <p>{t("common.notFound")}</p>
    </section>
  );
}
