import { A, useNavigate, useParams } from "@solidjs/router";
import { followMerge } from "../../lib/merged-redirect";
import { createEffect, createSignal, on, Show } from "solid-js";
import { api, type Company } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { FormError } from "../../components/form-error";
import { Tags } from "../../components/tags-input";
import { rememberCompany } from "../../lib/company-names";
import { formatDate, t } from "../../i18n";
import { useSession } from "../../session";
import { CompanyContacts } from "./company-contacts";
import { CustomFieldValues } from "../../components/custom-fields";
import { CheckInButton } from "../visits/check-in";
import { CompanyForm } from "./company-form";
import { NotesActivity } from "../collab/notes-activity";
import { RelatedObjects } from "../objects/related-panel";
import { HealthPanel } from "../../components/health-panel";
import { LifecycleStagePanel } from "../../components/lifecycle-stage";
import { CompanyPool } from "../pools/company-pool";
import { CompanyContracts } from "../contracts/company-contracts";

export function CompanyDetail() {
  const params = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const [company, setCompany] = createSignal<Company>();
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const [deleteError, setDeleteError] = createSignal<unknown>();
  const show = (c: Company) => { rememberCompany(c); setCompany(c); setError(undefined); };
  const load = () => api.companies.get(params.id!).then(show, followMerge("company", params.id!, navigate, setError));
  createEffect(on(() => params.id, () => { setCompany(undefined); setSaved(false); void load(); }));

  const remove = async () => {
    setDeleteError(undefined);
    try {
      await api.companies.remove(params.id!);
      navigate("/companies", { replace: true });
    } catch (err) {
      setDeleteError(err);
    }
  };

  return (
    <section class="page">
      <A href="/companies" class="back">← {t("companies.back")}</A>
      <FormError error={error()} />
      <Show when={company()} keyed fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        {(c) => (
          <>
            <div class="page-head">
              <h1 data-testid="record-title">{c.name}</h1>
              <Show when={session.canWrite()}>
                <ConfirmButton label={t("common.delete")} question={t("companies.deleteQuestion")} onConfirm={remove} testid="delete" />
              </Show>
            </div>
            <FormError error={deleteError()} />
            <dl class="meta">
              <dt>{t("field.owner")}</dt><dd>{session.memberName(c.ownerId)}</dd>
              <dt>{t("field.created")}</dt><dd>{formatDate(c.createdAt)}</dd>
              <dt>{t("field.updated")}</dt><dd>{formatDate(c.updatedAt)}</dd>
            </dl>
            <CustomFieldValues object="company" values={c.custom} />
            <CheckInButton recordType="company" recordId={c.companyId} />
            <CompanyPool companyId={c.companyId} onChange={() => void load()} />
            <CompanyContracts companyId={c.companyId} />
            <Show when={session.canWrite()} fallback={<CompanyView company={c} />}>
              <div class="card">
                <h2>{t("common.edit")}</h2>
                <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
                <CompanyForm
                  initial={c}
                  submitLabel={t("common.save")}
                  onReload={() => { setSaved(false); void load(); }}
                  onSubmit={async (input) => {
                    setSaved(false);
                    show(await api.companies.update(c.companyId, { ...input, version: c.version }));
                    setSaved(true);
                  }}
                />
              </div>
            </Show>
            <CompanyContacts companyId={c.companyId} />
            <LifecycleStagePanel path="companies" recordId={c.companyId} version={c.version} canWrite={session.canWrite()} onMoved={() => void load()} />
            <HealthPanel recordType="company" recordId={c.companyId} />
            <RelatedObjects type="company" id={c.companyId} />
            <NotesActivity recordType="company" recordId={c.companyId} />
          </>
        )}
      </Show>
    </section>
  );
}

function CompanyView(props: { company: Company }) {
  return (
    <dl class="meta card">
      <dt>{t("field.domain")}</dt><dd>{props.company.domain ?? "—"}</dd>
      <dt>{t("field.phone")}</dt><dd>{props.company.phone ?? "—"}</dd>
      <dt>{t("field.industry")}</dt><dd>{props.company.industry ?? "—"}</dd>
      <dt>{t("field.creditCode")}</dt><dd>{props.company.creditCode ?? "—"}</dd>
      <dt>{t("field.tags")}</dt><dd><Tags tags={props.company.tags} /></dd>
      <dt>{t("field.shared")}</dt><dd>{props.company.shared ? t("common.yes") : t("common.no")}</dd>
    </dl>
  );
}
