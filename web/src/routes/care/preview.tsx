import { createSignal, Show } from "solid-js";
import { ContactPicker } from "../../components/contact-picker";
import { FormError } from "../../components/form-error";
import { t, type Key } from "../../i18n";
import { careApi, type Preview } from "./api";

/** The saved campaign rendered for a chosen contact, and a test send of it to the signed-in user. */
export function PreviewPanel(props: { campaignId: string }) {
  const [contactId, setContactId] = createSignal<string | null>(null);
  const [preview, setPreview] = createSignal<Preview>();
  const [sentTo, setSentTo] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const run = async (fn: () => Promise<void>) => {
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  const show = (id: string | null) => {
    setContactId(id);
    setPreview(undefined);
    if (id) void run(async () => void setPreview(await careApi.preview(props.campaignId, id)));
  };
  const test = () => run(async () => void setSentTo((await careApi.test(props.campaignId, contactId())).to));

  return (
    <section class="card stack" data-testid="care-preview">
      <h2>{t("care.preview")}</h2>
      <label class="field">
        <span class="field-label">{t("care.previewFor")}</span>
        <ContactPicker value={contactId()} onChange={show} />
      </label>
      <Show when={preview()}>
        {(p) => (
          <div class="message" data-testid="care-preview-text">
            <p class="muted">{t("care.previewTo", { to: p().to ?? "—", language: t(`lang.${p().language}` as Key) })}</p>
            <p><strong>{p().subject}</strong></p>
            <pre class="message-text">{p().text}</pre>
          </div>
        )}
      </Show>
      <FormError error={error()} />
      <div class="actions">
        <button type="button" class="secondary" onClick={test} data-testid="care-test">{t("care.test")}</button>
        <Show when={sentTo()}><span class="muted" role="status">{t("care.testSent", { to: sentTo()! })}</span></Show>
      </div>
    </section>
  );
}
