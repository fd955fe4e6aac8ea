import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";

/** `source`, but only after it has stopped changing for `ms`. */
export function createDebounced<T>(source: Accessor<T>, ms = 300): Accessor<T> {
  const [value, setValue] = createSignal<T>(source());
  createEffect(
    on(source, (v) => {
      const timer = setTimeout(() => setValue(() => v), ms);
      onCleanup(() => clearTimeout(timer));
    }, { defer: true }),
  );
  return value;
}
