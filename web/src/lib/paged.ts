import { createEffect, createSignal, on, type Accessor } from "solid-js";
import type { Page } from "../api";

/**
 * A server-paginated list: reloads from the first page when `params` change, appends the next page on
 * `loadMore`. Answers to an older request are dropped, so fast typing never shows stale results.
 */
export function createPaged<T, P>(params: Accessor<P>, fetchPage: (params: P, cursor?: string) => Promise<Page<T>>) {
  const [items, setItems] = createSignal<T[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  let generation = 0;

  const load = async (reset: boolean) => {
    const gen = reset ? ++generation : generation;
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchPage(params(), reset ? undefined : cursor() ?? undefined);
      if (gen !== generation) return;
      setItems(reset ? page.items : [...items(), ...page.items]);
      setCursor(page.cursor);
      setLoaded(true);
    } catch (err) {
      if (gen === generation) setError(err);
    } finally {
      if (gen === generation) setLoading(false);
    }
  };

  createEffect(on(params, () => void load(true)));

  return {
    items,
    setItems,
    loading,
    loaded,
    error,
    hasMore: () => !!cursor(),
    loadMore: () => load(false),
    reload: () => load(true),
  };
}
