import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { type ObjectDef, objectsApi, plural, type RelationTarget, useObjectDefs } from "./api";

/** One object's records that relate to this contact, company or deal. */
function RelatedOf(props: { def: ObjectDef; type: RelationTarget; id: string }) {
  const [list] = createResource(() => [props.def.objectKey, props.id] as const, ([key, id]) => objectsApi.records(key, { relatedType: props.type, relatedId: id, limit: 50 }));
  return (
    <div data-testid={`related-${props.def.objectKey}`}>
      <h3>{t("objects.relatedTitle", { label: plural(props.def) })}</h3>
      <Show when={(list()?.items ?? []).length} fallback={<p class="muted">{t("objects.empty")}</p>}>
        <ul class="plain">
          <For each={list()!.items}>
            {(r) => <li><A href={`/objects/${props.def.objectKey}/${r.recordId}`} data-testid="related-record-link">{r.name}</A></li>}
          </For>
        </ul>
      </Show>
    </div>
  );
}

/** The "related records" panel on a contact, company or deal page: one list per custom object related to its type. */
export function RelatedObjects(props: { type: RelationTarget; id: string }) {
  const session = useSession();
  const defs = useObjectDefs(() => session.has("customObjects") && session.me().tenant?.tenantId);
  const relevant = () => (defs() ?? []).filter((d) => d.relations.some((r) => r.target === props.type));
  return (
    <Show when={relevant().length}>
      <section class="card stack" data-testid="related-objects">
        <h2>{t("objects.related")}</h2>
        <For each={relevant()}>{(d) => <RelatedOf def={d} type={props.type} id={props.id} />}</For>
      </section>
    </Show>
  );
}
