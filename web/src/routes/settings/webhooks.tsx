import { createResource, createSignal, Show } from "solid-js";
import { ConfirmButton } from "../../components/confirm-button";
import { FeatureLocked } from "../../components/feature-locked";
import { EditableList } from "../../components/editable-list";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { webhooksApi, type Webhook } from "./webhooks-api";
import { WebhookDeliveries } from "./webhooks-deliveries";
import { WebhookForm } from "./webhooks-form";
import { WebhookSecret } from "./webhooks-secret";

/** Settings → Webhooks: subscriptions, the secret once, the delivery log, re-enabling a disabled one. */
export function WebhookSettings() {
  const session = useSession();
  return (
    <Show when={session.has("webhooks")} fallback={<FeatureLocked feature="webhooks" />}>
      <WebhookList />
    </Show>
  );
}

function WebhookList() {
  const session = useSession();
  const [hooks, { refetch }] = createResource(webhooksApi.list);
  const [editing, setEditing] = createSignal<string>();
  const [shown, setShown] = createSignal<string>();
  const [secret, setSecret] = createSignal<{ webhookId: string; secret: string }>();
  const [error, setError] = createSignal<unknown>();
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
    await refetch();
  };
  return (
    <EditableList testid="webhooks" title={t("webhooks.title")} intro={t("webhooks.intro")} error={error()} onReload={() => void refetch()}
      canAdd={session.isAdmin()} newLabel={t("webhooks.new")} newTestid="new-webhook" editing={editing()} setEditing={setEditing}
      newForm={() => <WebhookForm submitLabel={t("webhooks.create")} onCancel={() => setEditing(undefined)} onSubmit={async (input) => {
        const created = await webhooksApi.create(input);
        setSecret({ webhookId: created.webhookId, secret: created.secret });
        setEditing(undefined);
        await refetch();
      }} />}
      items={hooks() ?? []} loading={hooks.loading} empty={t("webhooks.none")} itemTestid="webhook" idOf={(w) => w.webhookId}
      row={(w) => <WebhookRow w={w} admin={session.isAdmin()} shown={shown() === w.webhookId}
        onToggleLog={() => setShown(shown() === w.webhookId ? undefined : w.webhookId)}
        onEdit={() => setEditing(w.webhookId)}
        onActive={(active) => act(() => webhooksApi.update(w.webhookId, { version: w.version, active }))}
        onRotate={() => act(async () => { const r = await webhooksApi.rotateSecret(w.webhookId); setSecret({ webhookId: w.webhookId, secret: r.secret }); })}
        onDelete={() => act(() => webhooksApi.remove(w.webhookId))} />}
      form={(w) => <WebhookForm initial={{ url: w.url, description: w.description, events: w.events }} submitLabel={t("common.save")} onCancel={() => setEditing(undefined)}
        onSubmit={async (input) => { await webhooksApi.update(w.webhookId, { ...input, description: input.description ?? "", version: w.version }); setEditing(undefined); await refetch(); }} />}>
      <Show when={secret()}>{(s) => <WebhookSecret secret={s().secret} onDone={() => setSecret(undefined)} />}</Show>
    </EditableList>
  );
}

function WebhookRow(props: {
  w: Webhook; admin: boolean; shown: boolean; onToggleLog: () => void; onEdit: () => void;
  onActive: (active: boolean) => Promise<unknown>; onRotate: () => Promise<unknown>; onDelete: () => Promise<unknown>;
}) {
  const [asking, setAsking] = createSignal(false);
  const state = () => (props.w.active ? "active" : props.w.disabledAt ? "disabled" : "off");
  return (
    <>
      <div class="policy-head">
        <strong style={{ "word-break": "break-all" }}>{props.w.url}</strong>
        <span class={`badge ${props.w.active ? "status-solved" : "status-open"}`} data-testid="webhook-state">{t(`webhooks.state.${state()}`)}</span>
      </div>
      <Show when={props.w.description}><p>{props.w.description}</p></Show>
      <p class="muted">{props.w.events.join(", ")} · {t("webhooks.secretHint", { hint: props.w.secretHint })}</p>
      <Show when={props.w.active && props.w.consecutiveFailures > 0}>
        <p style={{ color: "#9b1c13" }}>{t("webhooks.failing", { n: props.w.consecutiveFailures })}</p>
      </Show>
      <Show when={state() === "disabled"}>
        <p class="error" role="alert" data-testid="webhook-disabled">{t("webhooks.disabledNotice", { at: new Date(props.w.disabledAt!).toLocaleString() })}</p>
      </Show>
      <div class="actions">
        <button type="button" class="secondary small" onClick={() => props.onToggleLog()} data-testid="webhook-show-deliveries">
          {props.shown ? t("webhooks.hideDeliveries") : t("webhooks.showDeliveries")}
        </button>
        <Show when={props.admin}>
          <button type="button" class="secondary small" onClick={() => props.onEdit()}>{t("common.edit")}</button>
          <button type="button" class="small" classList={{ secondary: props.w.active }} onClick={() => props.onActive(!props.w.active)} data-testid="webhook-toggle">
            {props.w.active ? t("webhooks.turnOff") : t("webhooks.turnOn")}
          </button>
          <Show when={asking()} fallback={<button type="button" class="secondary small" onClick={() => setAsking(true)}>{t("webhooks.rotate")}</button>}>
            <span class="confirm" role="group">
              <span>{t("webhooks.rotateQuestion")}</span>
              <button type="button" class="small" onClick={async () => { setAsking(false); await props.onRotate(); }} data-testid="webhook-rotate-confirm">{t("webhooks.rotate")}</button>
              <button type="button" class="secondary small" onClick={() => setAsking(false)}>{t("common.cancel")}</button>
            </span>
          </Show>
          <ConfirmButton small label={t("common.delete")} question={t("webhooks.deleteQuestion")} onConfirm={() => props.onDelete()} />
        </Show>
      </div>
      <Show when={props.shown}>
        <WebhookDeliveries webhookId={props.w.webhookId} active={props.w.active} canWrite={props.admin} />
      </Show>
    </>
  );
}
