import { For } from "solid-js";
import type { FieldObject } from "../../lib/custom-fields";
import { useSession } from "../../session";
import { plural, useObjectDefs } from "./api";

/** Tabs for the custom objects on Settings → Fields, after the built-in objects' tabs. */
export function CustomObjectFieldTabs(props: { current: FieldObject; onPick: (object: FieldObject) => void }) {
  const session = useSession();
  const defs = useObjectDefs(() => session.has("customObjects") && session.me().tenant?.tenantId);
  return (
    <For each={defs() ?? []}>
      {(d) => (
        <button type="button" role="tab" class="tab" classList={{ active: props.current === d.objectType }} aria-selected={props.current === d.objectType}
          data-testid={`fields-tab-${d.objectType}`} onClick={() => props.onPick(d.objectType)}>{plural(d)}</button>
      )}
    </For>
  );
}
