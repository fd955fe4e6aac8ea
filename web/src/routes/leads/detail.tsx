import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { ConfirmButton } from "../../components/confirm-button";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { Tags } from "../../components/tags-input";
import { createForm } from "../../lib/form";
import { formatMoney, toMajorText, toMinor } from "../../lib/money";
import { salesApi, type Pipeline } from "../../lib/sales-api";
import { formatDate, locale, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { LeadForm } from "./lead-form";
import { leadsApi, type Lead, type LeadStatus, type Routing } from "./leads-api";
import { StatusBadge } from "./list";

/** One lead: its fields, status moves, the conversion into contact, company and deal, and its activity. */
export function LeadDetail() {
  const params = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const [lead, setLead] = createSignal<Lead>();
  const [error, setError] = createSignal<unknown>();
  const [actionError, setActionError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const [routing, setRouting] = createSignal<Routing>();
  const load = () => leadsApi.get(params.id!).then((l) => { setLead(l); setError(undefined); }, setError);
  createEffect(on(() => params.id, () => { setLead(undefined); setSaved(false); void load(); }));
  onMount(() => leadsApi.routing.get().then(setRouting, () => undefined));

  const setStatus = async (l: Lead, status: LeadStatus) => {
    setActionError(undefined);
    try {
      setLead(await leadsApi.update(l.leadId, { version: l.version, status }));
    } catch (err) {
      setActionError(err);
    }
  };
  const remove = async () => {
    setActionError(undefined);
    try {
      await leadsApi.remove(params.id!);
      navigate("/leads", { replace: true });
    } catch (err) {
      setActionError(err);
    }
  };
  const routedBy = (l: Lead) => {
    if (!l.routedBy || l.routedBy === "default") return t("leads.routedDefault");
    if (l.routedBy === "manual") return t("leads.routedManual");
    const rule = routing()?.rules.find((r) => r.ruleId === l.routedBy);
    return rule ? t("leads.routedRule", { name: rule.name }) : "—";
  };

  return (
    <section class="page">
      <A href="/leads" class="back">{t("leads.back")}</A>
      <FormError error={error()} />
      <Show when={lead()} keyed fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        {(l) => (
          <>
            <div class="page-head">
              <h1 data-testid="record-title">{l.name} <StatusBadge status={l.status} /></h1>
              <Show when={session.canWrite()}>
                <div class="actions">
                  <Show when={l.status === "new"}><button type="button" class="secondary" onClick={() => setStatus(l, "working")} data-testid="mark-working">{t("leads.markWorking")}</button></Show>
                  <Show when={l.status === "new" || l.status === "working"}><button type="button" class="secondary" onClick={() => setStatus(l, "disqualified")} data-testid="disqualify">{t("leads.disqualify")}</button></Show>
                  <Show when={l.status === "disqualified"}><button type="button" class="secondary" onClick={() => setStatus(l, "working")} data-testid="reopen">{t("leads.reopen")}</button></Show>
                  <ConfirmButton label={t("common.delete")} question={t("leads.deleteQuestion")} onConfirm={remove} testid="delete" />
                </div>
              </Show>
            </div>
            <FormError error={actionError()} onReload={() => void load()} />
            <dl class="meta">
              <dt>{t("field.owner")}</dt><dd data-testid="owner">{session.memberName(l.ownerId)}</dd>
              <dt>{t("leads.routedBy")}</dt><dd>{routedBy(l)}</dd>
              <dt>{t("leads.source")}</dt><dd>{l.source ?? "—"}</dd>
              <dt>{t("leads.region")}</dt><dd>{l.region ?? "—"}</dd>
              <dt>{t("leads.amount")}</dt><dd>{l.amount === null ? "—" : formatMoney(l.amount, l.currency ?? "CNY", locale())}</dd>
              <dt>{t("leads.received")}</dt><dd>{formatDate(l.createdAt)}</dd>
            </dl>
            <Show when={l.status === "converted"}>
              <p class="notice" data-testid="converted">
                {t("leads.convertedInto")}{" "}
                <Show when={l.contactId}><A href={`/contacts/${l.contactId}`} data-testid="converted-contact">{t("leads.openContact")}</A>{" · "}</Show>
                <Show when={l.companyId}><A href={`/companies/${l.companyId}`} data-testid="converted-company">{t("leads.openCompany")}</A>{" · "}</Show>
                <Show when={l.dealId}><A href={`/deals/${l.dealId}`} data-testid="converted-deal">{t("leads.openDeal")}</A></Show>
              </p>
            </Show>
            <Show when={session.canWrite() && (l.status === "new" || l.status === "working")}>
              <ConvertCard lead={l} onConverted={(next) => setLead(next)} onReload={() => void load()} />
            </Show>
            <Show when={session.canWrite()} fallback={<LeadView lead={l} />}>
              <div class="card">
                <h2>{t("common.edit")}</h2>
                <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
                <LeadForm
                  initial={l}
                  submitLabel={t("common.save")}
                  onReload={() => { setSaved(false); void load(); }}
                  onSubmit={async (input) => {
                    setSaved(false);
                    setLead(await leadsApi.update(l.leadId, { ...input, version: l.version }));
                    setSaved(true);
                  }}
                />
              </div>
            </Show>
            <LeadActivity leadId={l.leadId} version={l.version} />
          </>
        )}
      </Show>
    </section>
  );
}

/** Converting: pick the pipeline; the deal title and amount default to the lead's. */
function ConvertCard(props: { lead: Lead; onConverted: (lead: Lead) => void; onReload: () => void }) {
  const [pipelines, setPipelines] = createSignal<Pipeline[]>();
  const f = createForm({ pipelineId: "", dealTitle: props.lead.companyName ?? props.lead.name, amount: "" });
  onMount(() => salesApi.pipelines.list().then((r) => {
    setPipelines(r.items);
    const first = r.items[0];
    if (first) f.setValues({ pipelineId: first.pipelineId, amount: props.lead.currency === first.currency || !props.lead.currency ? toMajorText(props.lead.amount, first.currency) : "" });
  }, (err) => f.setError(err)));
  const currency = () => pipelines()?.find((p) => p.pipelineId === f.values.pipelineId)?.currency ?? "CNY";
  const submit = f.submit(async () => {
    const amount = toMinor(f.values.amount, currency());
    if (amount === undefined) throw new Error(t("leads.amountInvalid"));
    const res = await leadsApi.convert(props.lead.leadId, { version: props.lead.version, pipelineId: f.values.pipelineId, dealTitle: f.values.dealTitle.trim() || undefined, amount });
    props.onConverted(res.lead);
  });
  return (
    <div class="card" data-testid="convert">
      <h2>{t("leads.convertTitle")}</h2>
      <p class="muted">{t("leads.convertHint")}</p>
      <Show when={pipelines()} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={pipelines()!.length} fallback={<p class="empty">{t("leads.noPipeline")}</p>}>
          <form class="record-form" onSubmit={submit}>
            <div class="grid">
              <Field label={t("leads.pipeline")} error={f.fieldError("pipelineId")}>
                <select name="pipelineId" value={f.values.pipelineId} onChange={f.input("pipelineId")}>
                  <For each={pipelines()}>{(p) => <option value={p.pipelineId}>{p.name} ({p.currency})</option>}</For>
                </select>
              </Field>
              <Field label={t("leads.dealTitle")} error={f.fieldError("dealTitle")}>
                <input name="dealTitle" maxLength={200} value={f.values.dealTitle} onInput={f.input("dealTitle")} />
              </Field>
              <Field label={`${t("leads.amount")} (${currency()})`} error={f.fieldError("amount")}>
                <input name="amount" inputMode="decimal" value={f.values.amount} onInput={f.input("amount")} />
              </Field>
            </div>
            <FormError error={f.error()} onReload={props.onReload} />
            <div class="actions"><button type="submit" disabled={f.busy()} data-testid="convert-submit">{t("leads.convert")}</button></div>
          </form>
        </Show>
      </Show>
    </div>
  );
}

/** What a viewer sees: the fields, read-only. */
function LeadView(props: { lead: Lead }) {
  return (
    <dl class="meta card">
      <dt>{t("leads.companyName")}</dt><dd>{props.lead.companyName ?? "—"}</dd>
      <dt>{t("field.email")}</dt><dd>{props.lead.email ?? "—"}</dd>
      <dt>{t("field.phone")}</dt><dd>{props.lead.phone ?? "—"}</dd>
      <dt>{t("field.tags")}</dt><dd><Tags tags={props.lead.tags} /></dd>
      <dt>{t("leads.message")}</dt><dd class="pre">{props.lead.message ?? "—"}</dd>
    </dl>
  );
}

/** The lead's events, newest first (reloaded when the lead changes). */
function LeadActivity(props: { leadId: string; version: number }) {
  const session = useSession();
  const [items, setItems] = createSignal<Array<{ entryId: string; type: string; at: string; actorType: string; actorId: string }>>([]);
  const fetch = () => leadsApi.timeline(props.leadId).then((r) => setItems(r.items), () => undefined);
  // Entries are written by the event subscribers right after a change commits: read now and once more shortly after.
  createEffect(on(() => props.version, () => {
    void fetch();
    const timer = setTimeout(fetch, 1500);
    onCleanup(() => clearTimeout(timer));
  }));
  const label = (type: string) => {
    const key = `leads.event.${type}` as Key;
    const text = t(key);
    return text === key ? type : text;
  };
  return (
    <section class="card">
      <h2>{t("leads.timeline")}</h2>
      <ul class="timeline" data-testid="lead-timeline">
        <For each={items()}>
          {(e) => <li class="timeline-entry" data-type={e.type}><span>{label(e.type)}</span> <span class="muted">{e.actorType === "user" ? session.memberName(e.actorId) : ""} {formatDate(e.at)}</span></li>}
        </For>
      </ul>
    </section>
  );
}
