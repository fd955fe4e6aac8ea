import { A } from "@solidjs/router";
import { createResource, For, Match, Show, Switch } from "solid-js";
import { CustomFieldValue } from "../../components/custom-fields";
import { definitionsOf, labelOf, layoutOf } from "../../lib/custom-fields";
import { useSession } from "../../session";
import { relatedPath, type ObjectDef, type ObjectRecord, type RelatedRef } from "./api";
import { formSections } from "./record-layout";

/**
 * A record's values, read-only, drawn by the object's layout as its form is: a card per section in the
 * layout's order (headed by the section's label when there are several), holding the relations with links
 * and the custom fields; the name is the page's title, so it is left out here.
 */
export function ObjectRecordValues(props: { def: ObjectDef; record: ObjectRecord & { related: RelatedRef[] } }) {
  const session = useSession();
  const [sections] = createResource(
    () => ({ def: props.def, on: session.has("customFields") }),
    async ({ def, on }) => {
      const [defs, layout] = on ? await Promise.all([definitionsOf(def.objectType), layoutOf(def.objectType)]) : [[], null];
      return formSections(layout, def.relations, defs)
        .map((s) => ({ ...s, slots: s.slots.filter((slot) => slot.kind !== "name") }))
        .filter((s) => s.slots.length);
    },
  );
  const many = () => (sections() ?? []).length > 1;
  const relatedOf = (key: string) => (props.record.related ?? []).filter((r) => r.relationKey === key);
  return (
    <For each={sections() ?? []}>
      {(section) => (
        <div class="card stack" data-testid={`object-record-section-${section.id}`}>
          <Show when={many() && section.labels}><h2>{labelOf(section.labels!, section.id)}</h2></Show>
          <dl class="meta">
            <For each={section.slots}>
              {(slot) => (
                <Switch>
                  <Match when={slot.kind === "relation" && slot}>
                    {(s) => (
                      <>
                        <dt>{labelOf(s().relation.labels, s().relation.key)}</dt>
                        <dd data-testid={`object-relation-${s().relation.key}`}>
                          <Show when={relatedOf(s().relation.key).length} fallback="—">
                            <For each={relatedOf(s().relation.key)}>
                              {(r, n) => <>{n() > 0 ? ", " : ""}<A href={relatedPath(r.type, r.id)} data-testid="object-related-link">{r.title}</A></>}
                            </For>
                          </Show>
                        </dd>
                      </>
                    )}
                  </Match>
                  <Match when={slot.kind === "custom" && slot}>
                    {(s) => (
                      <>
                        <dt>{labelOf(s().def.labels, s().def.key)}</dt>
                        <dd data-testid={`custom-value-${s().def.key}`}><CustomFieldValue def={s().def} value={props.record.custom?.[s().def.key]} /></dd>
                      </>
                    )}
                  </Match>
                </Switch>
              )}
            </For>
          </dl>
        </div>
      )}
    </For>
  );
}
