import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createSignal, on, Show } from "solid-js";
import { api, type Contact } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { FormError } from "../../components/form-error";
import { Tags } from "../../components/tags-input";
import { companyName } from "../../lib/company-names";
import { followMerge } from "../../lib/merged-redirect";
import { formatDate, t } from "../../i18n";
import { useSession } from "../../session";
import { CustomFieldValues } from "../../components/custom-fields";
import { CheckInButton } from "../visits/check-in";
import { ContactForm } from "./contact-form";
import { ContactTickets } from "./contact-tickets";
import { NotesActivity } from "../collab/notes-activity";
import { RelatedObjects } from "../objects/related-panel";
import { HealthPanel } from "../../components/health-panel";
import { LifecycleStagePanel } from "../../components/lifecycle-stage";

export function ContactDetail() {
  const params = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const [contact, setContact] = createSignal<Contact>();
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const [deleteError, setDeleteError] = createSignal<unknown>();
  const load = () => api.contacts.get(params.id!).then((c) => { setContact(c); setError(undefined); }, followMerge("contact", params.id!, navigate, setError));
  createEffect(on(() => params.id, () => { setContact(undefined); setSaved(false); void load(); }));

  const remove = async () => {
    setDeleteError(undefined);
    try {
      await api.contacts.remove(params.id!);
      navigate("/contacts", { replace: true });
    } catch (err) {
      setDeleteError(err);
    }
  };

  return (
    <section class="page">
      <A href="/contacts" class="back">← {t("contacts.back")}</A>
      <FormError error={error()} />
      <Show when={contact()} keyed fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        {(c) => (
          <>
            <div class="page-head">
              <h1 data-testid="record-title">{c.name}</h1>
              <Show when={session.canWrite()}>
                <ConfirmButton label={t("common.delete")} question={t("contacts.deleteQuestion")} onConfirm={remove} testid="delete" />
              </Show>
            </div>
            <FormError error={deleteError()} />
            <dl class="meta">
              <Show when={c.companyId}>
                <dt>{t("field.company")}</dt>
                <dd><A href={`/companies/${c.companyId}`} data-testid="company-link">{companyName(c.companyId) || t("common.loading")}</A></dd>
              </Show>
              <dt>{t("field.owner")}</dt><dd data-testid="owner">{session.memberName(c.ownerId)}</dd>
              <dt>{t("field.created")}</dt><dd>{formatDate(c.createdAt)}</dd>
              <dt>{t("field.updated")}</dt><dd>{formatDate(c.updatedAt)}</dd>
            </dl>
            <CustomFieldValues object="contact" values={c.custom} />
            <CheckInButton recordType="contact" recordId={c.contactId} />
            <Show when={session.canWrite()} fallback={<ContactView contact={c} />}>
              <div class="card">
                <h2>{t("common.edit")}</h2>
                <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
                <ContactForm
                  initial={c}
                  submitLabel={t("common.save")}
                  onReload={() => { setSaved(false); void load(); }}
                  onSubmit={async (input) => {
                    setSaved(false);
                    const updated = await api.contacts.update(c.contactId, { ...input, version: c.version });
                    setContact(updated);
                    setSaved(true);
                  }}
                />
              </div>
            </Show>
            <Show when={session.has("tickets")}><ContactTickets contactId={c.contactId} /></Show>
            <LifecycleStagePanel path="contacts" recordId={c.contactId} version={c.version} canWrite={session.canWrite()} onMoved={() => void load()} />
            <HealthPanel recordType="contact" recordId={c.contactId} />
            <RelatedObjects type="contact" id={c.contactId} />
            <NotesActivity recordType="contact" recordId={c.contactId} />
          </>
        )}
      </Show>
    </section>
  );
}

/** What a viewer sees: the fields, read-only. */
function ContactView(props: { contact: Contact }) {
  return (
    <dl class="meta card">
      <dt>{t("field.email")}</dt><dd>{props.contact.email ?? "—"}</dd>
      <dt>{t("field.phone")}</dt><dd>{props.contact.phone ?? "—"}</dd>
      <dt>{t("field.title")}</dt><dd>{props.contact.title ?? "—"}</dd>
      <dt>{t("field.birthday")}</dt><dd>{props.contact.birthday ?? "—"}</dd>
      <dt>{t("field.tags")}</dt><dd><Tags tags={props.contact.tags} /></dd>
      <dt>{t("field.shared")}</dt><dd>{props.contact.shared ? t("common.yes") : t("common.no")}</dd>
    </dl>
  );
}
