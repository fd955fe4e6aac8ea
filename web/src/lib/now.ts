import { createSignal, onCleanup, type Accessor } from "solid-js";

const TICK_MS = 30_000;
const [now, setNow] = createSignal(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * The current time in ms, ticking every 30 s while a component that shows a countdown is on screen.
 * One timer serves them all, so a list of fifty SLA badges re-renders once per tick.
 */
export function useNow(): Accessor<number> {
  if (users++ === 0) {
    setNow(Date.now());
    timer = setInterval(() => setNow(Date.now()), TICK_MS);
  }
  onCleanup(() => {
    if (--users === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}
