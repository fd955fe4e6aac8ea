import { createResource, For, Show } from "solid-js";
import { Field } from "../../components/field";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { marketingApi } from "./marketing-api";

/**
 * The marketing campaign that brought a lead, contact or deal, for their forms. Shown only when the
 * workspace has marketing campaigns; a campaign that is gone still shows as its id so nothing is lost.
 */
export function CampaignPicker(props: { value: string; onChange: (campaignId: string) => void; error?: string }) {
  const session = useSession();
  const [campaigns] = createResource(() => session.has("marketing") || undefined, () => marketingApi.list().then((r) => r.items, () => []));
  return (
    <Show when={session.has("marketing")}>
      <Field label={t("marketing.campaign")} error={props.error}>
        <select name="campaignId" data-testid="campaign-picker" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="">{t("marketing.noCampaign")}</option>
          <For each={campaigns() ?? []}>{(c) => <option value={c.campaignId}>{c.name}</option>}</For>
          <Show when={props.value && campaigns() && !campaigns()!.some((c) => c.campaignId === props.value)}>
            <option value={props.value}>{props.value}</option>
          </Show>
        </select>
      </Field>
    </Show>
  );
}
