import { featureName } from "../lib/labels";
import { UpgradeHint } from "./upgrade-hint";

/** A whole area the workspace's plan lacks (or an admin switched off): its name and how to get it. */
export function FeatureLocked(props: { feature: string; title?: string }) {
  return (
    <section class="card">
      <h1>{props.title ?? featureName(props.feature)}</h1>
      <UpgradeHint feature={props.feature} />
    </section>
  );
}
