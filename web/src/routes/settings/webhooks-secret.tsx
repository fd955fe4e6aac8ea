import { createSignal } from "solid-js";
import { t } from "../../i18n";

/** A signing secret, shown this once, with a copy button. */
export function WebhookSecret(props: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied(true);
    } catch {
      // No clipboard (plain http, old browser): the secret stays selectable.
    }
  };
  return (
    <div class="notice stack" role="status" data-testid="webhook-secret">
      <strong>{t("webhooks.secretOnce")}</strong>
      <code style={{ "word-break": "break-all", "user-select": "all" }} data-testid="webhook-secret-value">{props.secret}</code>
      <small>{t("webhooks.secretHelp")}</small>
      <div class="actions">
        <button type="button" class="small" onClick={copy}>{copied() ? t("webhooks.copied") : t("webhooks.copy")}</button>
        <button type="button" class="secondary small" onClick={() => props.onDone()}>{t("webhooks.secretSaved")}</button>
      </div>
    </div>
  );
}
