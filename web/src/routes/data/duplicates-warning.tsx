import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { createDebounced } from "../../lib/debounce";
import { t } from "../../i18n";
import { dedupeApi, type DupObject } from "./duplicates-api";

/** Shown in the contact and company forms while typing: records that look like the one about to be saved. */
export function DuplicateWarning(props: { object: DupObject; name?: string; email?: string; phone?: string; companyId?: string | null; excludeId?: string }) {
  const query = createDebounced(() => ({
    object: props.object, name: (props.name ?? "").trim(), email: (props.email ?? "").trim(), phone: (props.phone ?? "").trim(),
    companyId: props.companyId ?? undefined, excludeId: props.excludeId,
  }), 400);
  const [result] = createResource(
    () => { const q = query(); return q.name.length > 1 || q.email.includes("@") || q.phone.replace(/\D/g, "").length >= 6 ? q : false; },
    (q) => dedupeApi.check(q).catch(() => ({ matches: [] })),
  );
  return (
    <Show when={result()?.matches.length}>
      <div class="notice" role="status" data-testid="duplicate-warning" style={{ background: "#fff4e5", color: "#7a4b00" }}>
        {t("dedupe.warning")}{" "}
        <For each={result()!.matches.slice(0, 3)}>
          {(m, i) => (
            <>
              <Show when={i() > 0}>, </Show>
              <A href={m.link}>{m.name}</A> {t("dedupe.warningReasons", { reasons: m.reasons.map((r) => t(`dedupe.reason.${r}`)).join(", ") })}
            </>
          )}
        </For>
      </div>
    </Show>
  );
}
