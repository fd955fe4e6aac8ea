import { createSignal, For, Index, Show } from "solid-js";
import type { BusinessCalendar, SlaCalendar } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { formatDay, weekdayName } from "../../lib/labels";
import { timeZones } from "../../lib/regions";
import { t } from "../../i18n";
import { useSession } from "../../session";

type Hours = { start: string; end: string };
/** Monday first, as most calendars here show a week; the API numbers days from Sunday = 0. */
export const WEEK = [1, 2, 3, 4, 5, 6, 0];
const TIME = "^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$";

function days(c?: BusinessCalendar): Hours[][] {
  const out: Hours[][] = [[], [], [], [], [], [], []];
  if (!c) for (const d of [1, 2, 3, 4, 5]) out[d].push({ start: "09:00", end: "18:00" });
  for (const w of c?.weekly ?? []) out[w.day]?.push({ start: w.start, end: w.end });
  return out;
}

/** A business-hours calendar: its zone, opening hours per weekday (several stretches allowed) and holidays. */
export function CalendarForm(props: { initial?: SlaCalendar; onSubmit: (input: { name: string; calendar: BusinessCalendar }) => Promise<unknown>; onCancel: () => void; onReload?: () => void }) {
  const session = useSession();
  const c = props.initial;
  const f = createForm({
    name: c?.name ?? "",
    timeZone: c?.timeZone ?? session.me().tenant?.settings.timeZone ?? "Asia/Shanghai",
    alwaysOpen: c?.alwaysOpen ?? false,
    days: days(c),
    holidays: [...(c?.holidays ?? [])].sort(),
  });
  const v = f.values;
  const [holiday, setHoliday] = createSignal("");
  const zones = () => (timeZones().includes(v.timeZone) ? timeZones() : [v.timeZone, ...timeZones()]);
  const addHoliday = () => {
    if (holiday() && !v.holidays.includes(holiday())) f.setValues("holidays", [...v.holidays, holiday()].sort());
    setHoliday("");
  };
  const submit = f.submit(() =>
    props.onSubmit({
      name: v.name.trim(),
      calendar: {
        timeZone: v.timeZone, alwaysOpen: v.alwaysOpen || undefined, holidays: [...v.holidays],
        weekly: v.alwaysOpen ? [] : v.days.flatMap((hours, day) => hours.map((h) => ({ day, start: h.start.trim(), end: h.end.trim() }))),
      },
    }),
  );
  return (
    <form class="record-form calendar-form" onSubmit={submit} data-testid="calendar-form">
      <div class="grid">
        <Field label={t("calendar.name")} error={f.fieldError("name")}>
          <input name="name" required maxLength={200} value={v.name} onInput={f.input("name")} />
        </Field>
        <Field label={t("calendar.timeZone")} error={f.fieldError("calendar.timeZone")}>
          <select name="timeZone" value={v.timeZone} onChange={f.input("timeZone")}>
            <For each={zones()}>{(z) => <option value={z}>{z}</option>}</For>
          </select>
        </Field>
      </div>
      <label class="check">
        <input type="checkbox" name="alwaysOpen" checked={v.alwaysOpen} onChange={(e) => f.setValues("alwaysOpen", e.currentTarget.checked)} />
        <span>{t("calendar.alwaysOpen")}</span>
      </label>
      <Show when={!v.alwaysOpen}>
        <fieldset class="stack">
          <legend>{t("calendar.weekly")}</legend>
          <Show when={f.fieldError("calendar.weekly")}><span class="field-error" role="alert">{f.fieldError("calendar.weekly")}</span></Show>
          <For each={WEEK}>
            {(day) => (
              <div class="day-row" data-testid={`day-${day}`}>
                <span class="day-name">{weekdayName(day)}</span>
                <div class="day-hours">
                  <Show when={v.days[day].length} fallback={<span class="muted">{t("calendar.closed")}</span>}>
                    <Index each={v.days[day]}>
                      {(h, i) => (
                        <span class="hours">
                          <input class="time" inputmode="numeric" pattern={TIME} placeholder="09:00" aria-label={`${weekdayName(day)} ${t("calendar.from")}`} required
                            value={h().start} onInput={(e) => f.setValues("days", day, i, "start", e.currentTarget.value)} />
                          <span aria-hidden="true">–</span>
                          <input class="time" inputmode="numeric" pattern={TIME} placeholder="18:00" aria-label={`${weekdayName(day)} ${t("calendar.to")}`} required
                            value={h().end} onInput={(e) => f.setValues("days", day, i, "end", e.currentTarget.value)} />
                          <button type="button" class="link small" aria-label={t("calendar.removeHours")} onClick={() => f.setValues("days", day, v.days[day].filter((_, j) => j !== i))}>×</button>
                        </span>
                      )}
                    </Index>
                  </Show>
                  <button type="button" class="link small" onClick={() => f.setValues("days", day, [...v.days[day], { start: "09:00", end: "18:00" }])}>{t("calendar.addHours")}</button>
                </div>
              </div>
            )}
          </For>
          <p class="field-hint">{t("calendar.hoursHint")}</p>
        </fieldset>
      </Show>
      <fieldset class="stack">
        <legend>{t("calendar.holidays")}</legend>
        <div class="inline-form">
          <input type="date" aria-label={t("calendar.holidays")} value={holiday()} onInput={(e) => setHoliday(e.currentTarget.value)} />
          <button type="button" class="secondary small" disabled={!holiday()} onClick={addHoliday}>{t("calendar.addHoliday")}</button>
        </div>
        <Show when={v.holidays.length} fallback={<span class="muted">{t("calendar.noHolidays")}</span>}>
          <span class="tags">
            <For each={v.holidays}>
              {(d) => (
                <span class="tag">
                  {formatDay(d)}
                  <button type="button" class="tag-remove" aria-label={t("tags.remove", { tag: d })} onClick={() => f.setValues("holidays", v.holidays.filter((x) => x !== d))}>×</button>
                </span>
              )}
            </For>
          </span>
        </Show>
        <Show when={f.fieldError("calendar.holidays")}><span class="field-error">{f.fieldError("calendar.holidays")}</span></Show>
      </fieldset>
      <FormError error={f.error()} onReload={props.onReload} />
      <div class="actions">
        <button type="submit" disabled={f.busy()}>{c ? t("common.save") : t("common.create")}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
