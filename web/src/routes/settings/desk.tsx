import { createSignal, For, onMount, Show } from "solid-js";
import { api, type DeskSettings } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TagsInput } from "../../components/tags-input";
import { UpgradeHint } from "../../components/upgrade-hint";
import { createForm } from "../../lib/form";
import { LOCALES, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { SlaSettings } from "./sla-settings";

/** Service desk: where mail comes in, the acknowledgement customers get, and the SLA setup. */
export function DeskSettingsPage() {
  const session = useSession();
  return (
    <Show when={session.has("tickets")} fallback={<section class="card"><h2>{t("settings.desk")}</h2><UpgradeHint feature="tickets" /></section>}>
      <div class="stack">
        <DeskCard />
        <Show when={session.has("sla")} fallback={<section class="card"><h2>{t("slaSettings.title")}</h2><UpgradeHint feature="sla" /></section>}>
          <SlaSettings />
        </Show>
      </div>
    </Show>
  );
}

function DeskCard() {
  const [desk, setDesk] = createSignal<DeskSettings>();
  const [error, setError] = createSignal<unknown>();
  const load = () => api.desk.get().then((d) => { setDesk(d); setError(undefined); }, setError);
  onMount(load);
  return (
    <Show when={desk()} keyed fallback={<><FormError error={error()} /><Show when={!error()}><p class="muted">{t("common.loading")}</p></Show></>}>
      {(d) => <DeskForm desk={d} onSaved={setDesk} />}
    </Show>
  );
}

function DeskForm(props: { desk: DeskSettings; onSaved: (d: DeskSettings) => void }) {
  const session = useSession();
  const readOnly = () => !session.isAdmin();
  const d = props.desk;
  const f = createForm({
    ackEnabled: d.ackEnabled, supportAddresses: [...d.supportAddresses],
    ackSubject: { ...d.ackSubject }, ackBody: { ...d.ackBody },
  });
  const [saved, setSaved] = createSignal(false);
  const [copied, setCopied] = createSignal(false);
  const submit = f.submit(async () => {
    setSaved(false);
    const next = await api.desk.update({
      ackEnabled: f.values.ackEnabled, supportAddresses: [...f.values.supportAddresses],
      ackSubject: { ...f.values.ackSubject }, ackBody: { ...f.values.ackBody }, version: d.version,
    });
    props.onSaved(next);
    setSaved(true);
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(d.inboundAddress);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin): the address stays selectable.
    }
  };
  return (
    <form class="card stack" onSubmit={submit} data-testid="desk-form">
      <h2>{t("settings.desk")}</h2>
      <div class="field">
        <span class="field-label">{t("desk.inbound")}</span>
        <span class="copy-line">
          <code class="address" data-testid="inbound-address">{d.inboundAddress}</code>
          <button type="button" class="secondary small" onClick={copy}>{copied() ? t("desk.copied") : t("desk.copy")}</button>
        </span>
        <span class="field-hint">{t("desk.inboundHint")}</span>
      </div>
      <fieldset disabled={readOnly()} class="stack">
        <Field label={t("desk.supportAddresses")} error={f.fieldError("supportAddresses")} hint={t("desk.supportAddressesHint")} group>
          <TagsInput name="supportAddresses" value={f.values.supportAddresses} disabled={readOnly()} placeholder={t("desk.addAddress")}
            onChange={(v) => f.setValues("supportAddresses", v)} />
        </Field>
        <h3>{t("desk.ack")}</h3>
        <label class="check">
          <input type="checkbox" name="ackEnabled" checked={f.values.ackEnabled} onChange={(e) => f.setValues("ackEnabled", e.currentTarget.checked)} />
          <span>{t("desk.ackEnabled")}</span>
        </label>
        <div class="grid">
          <For each={LOCALES}>
            {(l) => (
              <div class="stack">
                <Field label={t("desk.ackSubject", { lang: t(`lang.${l}` as Key) })} error={f.fieldError(`ackSubject.${l}`)}>
                  <input name={`ackSubject-${l}`} lang={l} required maxLength={500} value={f.values.ackSubject[l]}
                    onInput={(e) => f.setValues("ackSubject", l, e.currentTarget.value)} />
                </Field>
                <Field label={t("desk.ackBody", { lang: t(`lang.${l}` as Key) })} error={f.fieldError(`ackBody.${l}`)}>
                  <textarea name={`ackBody-${l}`} lang={l} required rows={7} maxLength={5000} value={f.values.ackBody[l]}
                    onInput={(e) => f.setValues("ackBody", l, e.currentTarget.value)} />
                </Field>
              </div>
            )}
          </For>
        </div>
        <p class="field-hint">{t("desk.variables")}</p>
      </fieldset>
      <FormError error={f.error()} />
      <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
      <Show when={!readOnly()}><div class="actions"><button type="submit" disabled={f.busy()}>{t("common.save")}</button></div></Show>
    </form>
  );
}
