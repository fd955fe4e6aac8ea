import { Show, type JSX } from "solid-js";

/** A labelled control with its error (from the API's `error.fields`) right under it. */
export function Field(props: { label: string; error?: string; hint?: string; children: JSX.Element; class?: string }) {
  return (
    <label class={`field ${props.class ?? ""}`} classList={{ invalid: !!props.error }}>
      <span class="field-label">{props.label}</span>
      {props.children}
      <Show when={props.hint && !props.error}><span class="field-hint">{props.hint}</span></Show>
      <Show when={props.error}><span class="field-error" role="alert">{props.error}</span></Show>
    </label>
  );
}
