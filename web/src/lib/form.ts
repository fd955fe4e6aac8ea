import { createSignal } from "solid-js";
import { createStore, type SetStoreFunction } from "solid-js/store";
import { ApiError } from "../api";
import { fieldText } from "../i18n";

/**
 * Form state for one submit: values, the API's per-field errors (translated where known), the error of
 * the whole form, and a busy flag so a double click sends once.
 */
export function createForm<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = createStore<T>({ ...initial });
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);

  const input = (key: keyof T & string) => (e: { currentTarget: { value: string } }) =>
    (setValues as SetStoreFunction<Record<string, unknown>>)(key, e.currentTarget.value);

  /** The message for `key`, or for any nested path under it (`tags.0`). */
  const fieldError = (key: string): string | undefined => {
    const all = fields();
    if (all[key]) return all[key];
    const nested = Object.keys(all).find((k) => k.startsWith(`${key}.`));
    return nested ? all[nested] : undefined;
  };

  const submit = (run: () => Promise<unknown>) => async (e?: Event) => {
    e?.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFields({});
    setError(undefined);
    try {
      await run();
    } catch (err) {
      if (err instanceof ApiError && err.fields) {
        setFields(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, fieldText(v)])));
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return { values, setValues, input, fieldError, error, setError, busy, submit, reset: (v: T) => setValues({ ...v }) };
}

/** Empty text becomes `null` so an update clears the field; on create it is left out. */
export function orNull(v: string | undefined): string | null {
  const s = (v ?? "").trim();
  return s === "" ? null : s;
}
export function orUndefined(v: string | undefined): string | undefined {
  const s = (v ?? "").trim();
  return s === "" ? undefined : s;
}
