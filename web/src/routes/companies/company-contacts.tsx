import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { api, type Contact } from "../../api";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { createPaged } from "../../lib/paged";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { ContactForm } from "../contacts/contact-form";

/** The company's contacts, a page at a time, with a shortcut to add one already linked to it. */
export function CompanyContacts(props: { companyId: string }) {
  const session = useSession();
  const [adding, setAdding] = createSignal(false);
  const list = createPaged(() => props.companyId, (id, cursor) => api.companies.contacts(id, { cursor, limit: 25 }));
  return (
    <section class="card" data-testid="company-contacts">
      <div class="page-head">
        <h2>{t("companies.contacts")}</h2>
        <A href={`/contacts?companyId=${props.companyId}`} class="button secondary" data-testid="company-contacts-filter">{t("filter.title")}</A>
        <Show when={session.canWrite() && !adding()}>
          <button type="button" class="secondary" onClick={() => setAdding(true)}>{t("contacts.new")}</button>
        </Show>
      </div>
      <Show when={adding()}>
        <ContactForm
          companyId={props.companyId}
          submitLabel={t("common.create")}
          onCancel={() => setAdding(false)}
          onSubmit={async (input) => {
            await api.contacts.create(input);
            setAdding(false);
            await list.reload();
          }}
        />
      </Show>
      <FormError error={list.error()} />
      <Show when={list.loaded()} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={list.items().length} fallback={<p class="empty">{t("companies.noContacts")}</p>}>
          <RecordTable<Contact>
            rows={list.items()}
            columns={[
              { label: t("field.name"), primary: true, cell: (c) => <A href={`/contacts/${c.contactId}`}>{c.name}</A> },
              { label: t("field.title"), cell: (c) => c.title ?? "" },
              { label: t("field.email"), cell: (c) => c.email ?? "" },
              { label: t("field.phone"), cell: (c) => c.phone ?? "" },
            ]}
          />
        </Show>
        <Show when={list.hasMore()}>
          <button type="button" class="secondary more" disabled={list.loading()} onClick={() => list.loadMore()}>{t("common.more")}</button>
        </Show>
      </Show>
    </section>
  );
}
