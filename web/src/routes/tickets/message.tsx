import { createSignal, For, Show } from "solid-js";
import { api, type TicketMessage } from "../../api";
import { formatDate, formatNumber, t } from "../../i18n";
import { useSession } from "../../session";

/**
 * One message of the conversation. The text is shown as plain text (the mail's HTML is never put into
 * the page); the history a mail client quoted is folded away behind a toggle.
 */
export function Message(props: { ticketId: string; message: TicketMessage }) {
  const session = useSession();
  const m = () => props.message;
  const [quoted, setQuoted] = createSignal(false);
  const body = () => m().visible ?? m().text;
  const author = () => {
    const x = m();
    if (x.authorType === "customer") return x.fromName || x.fromEmail || t("message.customer");
    if (x.authorType === "agent") return x.fromName || session.memberName(x.authorId) || t("message.agent");
    return t("message.system");
  };
  const kindLabel = () => (m().kind === "note" ? t("message.internal") : m().kind === "reply" ? t("message.reply") : m().kind === "inbound" ? t("message.customer") : t("message.system"));
  const files = () => m().attachments.filter((a) => !a.inline);
  const problems = () => (m().problems ?? []).filter((p) => p !== "spam");
  return (
    <article class={`message message-${m().kind}`} data-testid="message" data-kind={m().kind}>
      <header class="message-head">
        <span class="message-author">{author()}</span>
        <Show when={m().authorType === "customer" && m().fromName && m().fromEmail}><span class="muted message-email">{m().fromEmail}</span></Show>
        <span class={`badge kind-${m().kind}`} data-testid={m().kind === "note" ? "internal-badge" : undefined}>{kindLabel()}</span>
        <Show when={m().autoReply}><span class="badge warn" data-testid="auto-reply-badge">{t("message.autoReply")}</span></Show>
        <Show when={m().bounce}><span class="badge danger" data-testid="bounce-badge">{t("message.bounce")}</span></Show>
        <Show when={m().problems?.includes("spam")}><span class="badge warn">{t("message.spam")}</span></Show>
        <time class="muted message-time" datetime={m().createdAt}>{formatDate(m().createdAt)}</time>
      </header>
      <Show when={m().kind === "reply" && m().to?.length}>
        <p class="muted message-to">{t("message.to", { list: [...(m().to ?? []), ...(m().cc ?? [])].join(", ") })}</p>
      </Show>
      <Show when={body().trim()} fallback={<p class="muted">{t("message.onlyQuoted")}</p>}>
        <div class="message-text" data-testid="message-text">{body()}</div>
      </Show>
      <Show when={m().quoted?.trim()}>
        <button type="button" class="link small quoted-toggle" aria-expanded={quoted()} onClick={() => setQuoted(!quoted())} data-testid="quoted-toggle">
          {quoted() ? t("message.hideQuoted") : t("message.showQuoted")}
        </button>
        <Show when={quoted()}><div class="message-quoted" data-testid="quoted-text">{m().quoted}</div></Show>
      </Show>
      <Show when={files().length}>
        <ul class="attachments" aria-label={t("message.attachments")}>
          <For each={files()}>
            {(a) => (
              <li>
                <a href={api.tickets.attachmentUrl(props.ticketId, m().messageId, a.index)} download={a.filename} data-testid="attachment">{a.filename}</a>
                <span class="muted"> · {fileSize(a.size)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={problems().length}>
        <details class="message-problems">
          <summary class="muted">{t("message.problems")}</summary>
          <ul><For each={problems()}>{(p) => <li>{p}</li>}</For></ul>
        </details>
      </Show>
    </article>
  );
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return t("size.bytes", { n: formatNumber(bytes) });
  if (bytes < 1024 * 1024) return t("size.kb", { n: formatNumber(Math.round(bytes / 1024)) });
  return t("size.mb", { n: formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10) });
}
