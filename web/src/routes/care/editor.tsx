import { A, useNavigate, useParams } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { ConfirmButton } from "../../components/confirm-button";
import { FeatureLocked } from "../../components/feature-locked";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { fieldText, t, type Key } from "../../i18n";
import { ApiError } from "../../api";
import { useSession } from "../../session";
import { careApi, LANGUAGES, TRIGGER_KINDS, VARIABLES, type Campaign, type CampaignInput, type TriggerKind } from "./api";
import { SendLog } from "./log";
import { canManage } from "./nav";
import { PreviewPanel } from "./preview";

const BLANK: CampaignInput = { name: "", trigger: { kind: "birthday" }, templates: { "zh-CN": { subject: "", body: "" }, en: { subject: "", body: "" } }, sendHour: 9, enabled: true };
const needsField = (k: TriggerKind) => k === "anniversary" || k === "before_date";
const needsDays = (k: TriggerKind) => k === "deal_won" || k === "before_date" || k === "inactivity" || k === "contract_end";

/** Creates or edits a campaign: trigger, send hour, a template per language, on/off; then preview, test and log. */
export function CareEditor() {
  const session = useSession();
  const params = useParams();
  const navigate = useNavigate();
  const isNew = () => !params.id || params.id === "new";
  const [form, setForm] = createSignal<CampaignInput>(structuredClone(BLANK));
  const [saved, setSaved] = createSignal<Campaign>();
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const zone = () => session.me().tenant?.settings?.timeZone ?? "Asia/Shanghai";

  const load = async () => {
    if (isNew()) return;
    try {
      const c = await careApi.get(params.id!);
      setSaved(c);
      setForm({ name: c.name, trigger: c.trigger, sendHour: c.sendHour, enabled: c.enabled, templates: { "zh-CN": c.templates["zh-CN"] ?? { subject: "", body: "" }, en: c.templates.en ?? { subject: "", body: "" } } });
    } catch (err) {
      setError(err);
    }
  };
  onMount(() => session.has("care") && canManage(session.me().role) && void load());

  const patch = (p: Partial<CampaignInput>) => setForm({ ...form(), ...p });
  const setTrigger = (kind: TriggerKind) => {
    const prev = form().trigger;
    patch({ trigger: { kind, ...(needsField(kind) ? { field: prev.field ?? "createdAt" } : {}), ...(needsDays(kind) ? { days: prev.days ?? 7 } : {}) } });
  };
  const setTemplate = (lang: "zh-CN" | "en", part: "subject" | "body", value: string) =>
    patch({ templates: { ...form().templates, [lang]: { ...(form().templates[lang] ?? { subject: "", body: "" }), [part]: value } } });

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFields({});
    setError(undefined);
    // A language left blank is no template: the contact gets the other one.
    const templates = Object.fromEntries(Object.entries(form().templates).filter(([, v]) => v && (v.subject.trim() || v.body.trim())));
    const input = { ...form(), templates };
    try {
      const c = isNew() ? await careApi.create(input) : await careApi.replace(params.id!, { ...input, version: saved()!.version });
      setSaved(c);
      if (isNew()) navigate(`/care/${c.campaignId}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.fields) setFields(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, fieldText(v)])));
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    await careApi.remove(params.id!);
    navigate("/care");
  };

  return (
    <Show when={session.has("care")} fallback={<FeatureLocked feature="care" />}>
      <Show when={canManage(session.me().role)} fallback={<p class="notice">{t("care.managersOnly")}</p>}>
        <section class="page stack" data-testid="care-editor">
          <A href="/care" class="back">← {t("care.back")}</A>
          <h1>{isNew() ? t("care.new") : t("care.edit")}</h1>
          <form class="card stack record-form" onSubmit={save}>
            <Field label={t("care.name")} error={fields().name}>
              <input name="name" value={form().name} onInput={(e) => patch({ name: e.currentTarget.value })} data-testid="care-name" />
            </Field>
            <Field label={t("care.trigger")} error={fields()["trigger.kind"] ?? fields().trigger}>
              <select name="trigger" value={form().trigger.kind} onChange={(e) => setTrigger(e.currentTarget.value as TriggerKind)} data-testid="care-trigger">
                <For each={TRIGGER_KINDS}>{(k) => <option value={k}>{t(`care.trigger.${k}` as Key)}</option>}</For>
              </select>
            </Field>
            <Show when={needsField(form().trigger.kind)}>
              <Field label={t("care.field")} hint={t("care.fieldHint")} error={fields()["trigger.field"]}>
                <input name="field" value={form().trigger.field ?? ""} onInput={(e) => patch({ trigger: { ...form().trigger, field: e.currentTarget.value } })} />
              </Field>
            </Show>
            <Show when={needsDays(form().trigger.kind)}>
              <Field label={t("care.days")} error={fields()["trigger.days"]}>
                <input type="number" min="0" max="3650" name="days" value={form().trigger.days ?? 0} onInput={(e) => patch({ trigger: { ...form().trigger, days: Number(e.currentTarget.value) } })} data-testid="care-days" />
              </Field>
            </Show>
            <Field label={t("care.sendHour")} hint={t("care.sendHourHint", { zone: zone() })} error={fields().sendHour}>
              <select name="sendHour" value={form().sendHour} onChange={(e) => patch({ sendHour: Number(e.currentTarget.value) })} data-testid="care-hour">
                <For each={Array.from({ length: 24 }, (_, h) => h)}>{(h) => <option value={h}>{String(h).padStart(2, "0")}:00</option>}</For>
              </select>
            </Field>
            <label class="check">
              <input type="checkbox" checked={form().enabled} onChange={(e) => patch({ enabled: e.currentTarget.checked })} data-testid="care-enabled" /> {t("care.enabled")}
            </label>
            <p class="muted">{t("care.templateHint")} {t("care.variables", { list: VARIABLES.map((v) => `{{${v}}}`).join(" ") })}</p>
            <Show when={fields().templates}><span class="field-error" role="alert">{fields().templates}</span></Show>
            <For each={LANGUAGES}>
              {(lang) => (
                <fieldset class="stack">
                  <legend>{t("care.template", { language: t(`lang.${lang}` as Key) })}</legend>
                  <Field label={t("care.subject")} error={fields()[`templates.${lang}.subject`]}>
                    <input name={`subject-${lang}`} value={form().templates[lang]?.subject ?? ""} onInput={(e) => setTemplate(lang, "subject", e.currentTarget.value)} data-testid={`care-subject-${lang}`} />
                  </Field>
                  <Field label={t("care.body")} error={fields()[`templates.${lang}.body`]}>
                    <textarea name={`body-${lang}`} rows="6" value={form().templates[lang]?.body ?? ""} onInput={(e) => setTemplate(lang, "body", e.currentTarget.value)} data-testid={`care-body-${lang}`} />
                  </Field>
                </fieldset>
              )}
            </For>
            <FormError error={error()} onReload={load} />
            <div class="actions">
              <button type="submit" disabled={busy()} data-testid="care-save">{isNew() ? t("common.create") : t("common.save")}</button>
              <Show when={!isNew() && saved()}>
                <ConfirmButton label={t("common.delete")} question={t("care.confirmDelete")} onConfirm={remove} testid="care-delete" />
              </Show>
            </div>
          </form>
          <Show when={!isNew() && saved()}>
            {(c) => (
              <>
                <PreviewPanel campaignId={c().campaignId} />
                <SendLog campaignId={c().campaignId} />
              </>
            )}
          </Show>
        </section>
      </Show>
    </Show>
  );
}
