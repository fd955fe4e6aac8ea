import { createUniqueId, Show, type JSX } from "solid-js";

/**
 * A labelled control with its error (from the API's `error.fields`) right under it. `group` is for
 * compound controls (chips with remove buttons, checkbox lists, pickers): a <label> would pass a click
 * on its text to its first button and remove a chip, so those get a labelled group instead.
 */
export function Field(props: { label: string; error?: string; hint?: string; children: JSX.Element; class?: string; group?: boolean }) {
  const inner = (labelProps: Record<string, string>) => (
    <>
      <span class="field-label" {...labelProps}>{props.label}</span>
      {props.children}
      <Show when={props.hint && !props.error}><span class="field-hint">{props.hint}</span></Show>
      <Show when={props.error}><span class="field-error" role="alert">{props.error}</span></Show>
    </>
  );
  if (props.group) {
    const id = `field-${createUniqueId()}`;
    return (
      <div role="group" aria-labelledby={id} class={`field ${props.class ?? ""}`} classList={{ invalid: !!props.error }}>
        {inner({ id })}
      </div>
    );
  }
  return (
    <label class={`field ${props.class ?? ""}`} classList={{ invalid: !!props.error }}>
      {inner({})}
    </label>
  );
}
