import { Show } from "solid-js";
import { ApiError } from "../api";
import { errorText, t } from "../i18n";

/** The error of a whole form or page. A version conflict offers to reload the record. */
export function FormError(props: { error: unknown; onReload?: () => void }) {
  const conflict = () => props.error instanceof ApiError && props.error.status === 409 && props.error.code === "conflict";
  return (
    <Show when={props.error}>
      <div class="error" role="alert" data-testid="form-error">
        <span>{conflict() ? t("error.conflictReload") : errorText(props.error)}</span>
        <Show when={conflict() && props.onReload}>
          <button type="button" class="secondary small" onClick={() => props.onReload!()}>{t("common.reload")}</button>
        </Show>
      </div>
    </Show>
  );
}
