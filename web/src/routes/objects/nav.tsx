import { A } from "@solidjs/router";
import { For } from "solid-js";
import { useSession } from "../../session";
import { plural, useObjectDefs } from "./api";

/** The workspace's custom objects in the top bar, by their plural labels. */
export function CustomObjectNav() {
  const session = useSession();
  const defs = useObjectDefs(() => session.has("customObjects") && session.me().tenant?.tenantId);
  return (
    <For each={defs() ?? []}>
      {(d) => <A href={`/objects/${d.objectKey}`} activeClass="active" data-testid={`nav-object-${d.objectKey}`}>{plural(d)}</A>}
    </For>
  );
}
