import { createResource, createSignal, For, Show } from "solid-js";
import { call } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { UpgradeHint } from "../../components/upgrade-hint";
import { createForm } from "../../lib/form";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";

const AREAS = ["contacts", "companies", "deals", "tickets", "settings", "team", "audit", "reports"] as const;
type Access = "none" | "read" | "write";

interface ApiKey {
  keyId: string; name: string; scopes: string[]; prefix: string; validUntil: string | null; lastUsedAt: string | null;
  revokedAt: string | null; createdBy: string; createdAt: string;
}

const keysApi = {
  list: () => call<{ items: ApiKey[] }>("GET", "/api-keys"),
  create: (input: { name: string; scopes: string[]; validUntil?: string }) => call<ApiKey & { secret: string }>("POST", "/api-keys", input),
  revoke: (keyId: string) => call<void>("DELETE", `/api-keys/${encodeURIComponent(keyId)}`),
};

/** Settings → API keys: create a key with access per area and an optional expiry, see its secret once, revoke. */
export function ApiKeySettings() {
  const session = useSession();
  return (
    <Show when={session.has("apiKeys")} fallback={<section class="card"><h2>{t("settings.apiKeys")}</h2><UpgradeHint feature="apiKeys" /></section>}>
      <ApiKeys />
    </Show>
  );
}

function ApiKeys() {
  const session = useSession();
  const [keys, { refetch }] = createResource(() => keysApi.list().then((r) => r.items));
  const [secret, setSecret] = createSignal<string>();
  const [copied, setCopied] = createSignal(false);
  const access: Record<string, Access> = Object.fromEntries(AREAS.map((a) => [a, a === "contacts" ? "read" : "none"]));
  const f = createForm({ name: "", validUntil: "", access });
  const submit = f.submit(async () => {
    const scopes = AREAS.flatMap((a) => (f.values.access[a] === "none" ? [] : [`${a}:${f.values.access[a]}`]));
    const until = f.values.validUntil ? new Date(f.values.validUntil) : undefined;
    const created = await keysApi.create({ name: f.values.name.trim(), scopes, ...(until ? { validUntil: Number.isNaN(until.getTime()) ? f.values.validUntil : until.toISOString() } : {}) });
    setSecret(created.secret);
    setCopied(false);
    f.setValues("name", "");
    await refetch();
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret()!);
      setCopied(true);
    } catch {
      // No clipboard on an insecure origin: the secret stays selectable.
    }
  };
  return (
    <section class="card stack" data-testid="api-keys">
      <h2>{t("settings.apiKeys")}</h2>
      <p class="muted">{t("apikeys.intro")}</p>
      <Show when={secret()}>
        <div class="notice stack" role="status" data-testid="api-key-secret">
          <strong>{t("apikeys.secretOnce")}</strong>
          <span class="copy-line"><code class="address" data-testid="secret">{secret()}</code>
            <button type="button" class="secondary small" onClick={copy}>{copied() ? t("apikeys.copied") : t("apikeys.copy")}</button></span>
        </div>
      </Show>
      <Show when={session.isAdmin()}>
        <form class="stack" onSubmit={submit} data-testid="api-key-form">
          <div class="grid">
            <Field label={t("apikeys.name")} error={f.fieldError("name")}>
              <input name="name" required maxLength={100} value={f.values.name} onInput={f.input("name")} />
            </Field>
            <Field label={t("apikeys.validUntil")} error={f.fieldError("validUntil")}>
              <input name="validUntil" type="date" value={f.values.validUntil} onInput={f.input("validUntil")} />
            </Field>
          </div>
          <Field label={t("apikeys.access")} error={f.fieldError("scopes") ? t("apikeys.pickScope") : undefined} group>
            <div class="grid">
              <For each={AREAS}>
                {(a) => (
                  <label class="inline-label">
                    <span>{t(`apikeys.area.${a}` as Key)}</span>
                    <select name={`access-${a}`} value={f.values.access[a]} onChange={(e) => f.setValues("access", a, e.currentTarget.value as Access)}>
                      <option value="none">{t("apikeys.none")}</option>
                      <option value="read">{t("apikeys.read")}</option>
                      <option value="write">{t("apikeys.write")}</option>
                    </select>
                  </label>
                )}
              </For>
            </div>
          </Field>
          <FormError error={f.error()} />
          <div class="actions"><button type="submit" disabled={f.busy()}>{t("apikeys.create")}</button></div>
        </form>
      </Show>
      <FormError error={keys.error} />
      <Show when={keys()?.length} fallback={<p class="empty">{t("apikeys.empty")}</p>}>
        <div class="table-scroll">
          <table class="records" data-testid="api-key-list">
            <thead><tr><th>{t("apikeys.name")}</th><th>{t("apikeys.access")}</th><th>{t("apikeys.lastUsed")}</th><th>{t("apikeys.expires")}</th><th /></tr></thead>
            <tbody>
              <For each={keys()}>
                {(k) => (
                  <tr data-testid="api-key" data-revoked={k.revokedAt ? "true" : undefined}>
                    <td>{k.name} <code class="muted">{k.prefix}…</code></td>
                    <td><small>{k.scopes.join(", ")}</small></td>
                    <td>{k.lastUsedAt ? formatDate(k.lastUsedAt) : t("apikeys.never")}</td>
                    <td>{k.validUntil ? formatDate(k.validUntil) : "—"}</td>
                    <td>
                      <Show when={!k.revokedAt} fallback={<span class="muted">{t("apikeys.revoked")}</span>}>
                        <Show when={session.isAdmin()}>
                          <ConfirmButton small label={t("apikeys.revoke")} question={t("apikeys.revokeQuestion")} onConfirm={async () => { await keysApi.revoke(k.keyId); await refetch(); }} testid="api-key-revoke" />
                        </Show>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
