import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, Show } from "solid-js";
import { ConfirmButton } from "../../components/confirm-button";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { NotesActivity } from "../collab/notes-activity";
import { objectsApi, plural, singular } from "./api";
import { RecordForm } from "./list";
import { ObjectRecordValues } from "./record-values";
import type { RelationValues } from "./relation-inputs";

/** /objects/:objectKey/:id — one record: its values, relations with links, edit, delete and its timeline. */
export function ObjectRecordDetail() {
  const session = useSession();
  return (
    <Show when={session.has("customObjects")} fallback={<FeatureLocked feature="customObjects" />}>
      <Detail />
    </Show>
  );
}

function Detail() {
  const params = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const [def] = createResource(() => params.objectKey, (key: string) => objectsApi.get(key));
  const [record, { refetch }] = createResource(() => [params.objectKey ?? "", params.id ?? ""] as const, ([key, id]) => objectsApi.record(key, id));
  const [editing, setEditing] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const relatedValues = (): RelationValues => {
    const out: RelationValues = {};
    for (const r of record()?.related ?? []) (out[r.relationKey] ??= []).push({ id: r.id, title: r.title });
    return out;
  };
  const remove = async () => {
    setError(undefined);
    try {
      await objectsApi.removeRecord(params.objectKey!, params.id!);
      navigate(`/objects/${params.objectKey}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="page stack" data-testid="object-record-detail">
      <FormError error={def.error ?? record.error ?? error()} />
      <Show when={def() && record()}>
        <div class="page-head">
          <div>
            <A href={`/objects/${params.objectKey}`} class="muted">← {plural(def()!)}</A>
            <h1 data-testid="object-record-title">{record()!.name}</h1>
            <p class="muted">{singular(def()!)}</p>
          </div>
          <Show when={session.canWrite()}>
            <div class="inline">
              <Show when={!editing()}><button type="button" class="secondary" onClick={() => setEditing(true)} data-testid="object-record-edit">{t("common.edit")}</button></Show>
              <ConfirmButton label={t("common.delete")} question={t("objects.deleteRecordQuestion")} onConfirm={remove} testid="object-record-delete" />
            </div>
          </Show>
        </div>
        <Show when={editing()} fallback={<ObjectRecordValues def={def()!} record={record()!} />}>
          <RecordForm def={def()!} initial={record()!} related={relatedValues()} onCancel={() => setEditing(false)}
            onSaved={() => { setEditing(false); void refetch(); }} />
        </Show>
        {/* Notes, tasks and the timeline, as on a contact's page. */}
        <div data-testid="object-record-timeline"><NotesActivity recordType={def()!.objectType as `obj_${string}`} recordId={record()!.recordId} /></div>
      </Show>
    </section>
  );
}
