import { createSignal, For, Show } from "solid-js";
import { api, type SlaCalendar } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { FormError } from "../../components/form-error";
import { weekdayName } from "../../lib/labels";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { CalendarForm, WEEK } from "./calendar-form";

export function CalendarList(props: { calendars: SlaCalendar[]; loaded: boolean; onChanged: () => Promise<unknown> }) {
  const session = useSession();
  const [editing, setEditing] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const remove = async (id: string) => {
    setError(undefined);
    try {
      await api.sla.removeCalendar(id);
    } catch (err) {
      setError(err);
    }
    await props.onChanged();
  };
  return (
    <section class="card stack" data-testid="sla-calendars">
      <div class="section-head">
        <h2>{t("calendar.title")}</h2>
        <Show when={session.isAdmin() && editing() !== "new"}>
          <button type="button" class="small" onClick={() => setEditing("new")} data-testid="new-calendar">{t("calendar.new")}</button>
        </Show>
      </div>
      <FormError error={error()} />
      <Show when={props.calendars.length || !props.loaded} fallback={<p class="empty">{t("calendar.none")}</p>}>
        <ul class="policy-list">
          <For each={props.calendars}>
            {(c) => (
              <li class="policy" data-testid="calendar">
                <Show when={editing() === c.id} fallback={
                  <>
                    <div class="policy-head">
                      <strong>{c.name}</strong>
                      <Show when={session.isAdmin()}>
                        <span class="actions">
                          <button type="button" class="secondary small" onClick={() => setEditing(c.id)}>{t("common.edit")}</button>
                          <ConfirmButton small label={t("common.delete")} question={t("calendar.deleteQuestion")} onConfirm={() => remove(c.id)} />
                        </span>
                      </Show>
                    </div>
                    <p class="muted">{c.timeZone} · {hoursText(c)}</p>
                    <Show when={c.holidays.length}><p class="muted">{t("calendar.holidayCount", { n: c.holidays.length })}</p></Show>
                  </>
                }>
                  <CalendarForm initial={c} onCancel={() => setEditing(undefined)} onReload={() => void props.onChanged()}
                    onSubmit={async (input) => { await api.sla.updateCalendar(c.id, { ...input, version: c.version }); setEditing(undefined); await props.onChanged(); }} />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={editing() === "new"}>
        <div class="policy new">
          <h3>{t("calendar.new")}</h3>
          <CalendarForm onCancel={() => setEditing(undefined)}
            onSubmit={async (input) => { await api.sla.createCalendar(input); setEditing(undefined); await props.onChanged(); }} />
        </div>
      </Show>
    </section>
  );
}

/** "Mon 09:00–18:00 · Tue 09:00–18:00 …", or always open. */
function hoursText(c: SlaCalendar): string {
  if (c.alwaysOpen) return t("calendar.summaryAlways");
  return WEEK.flatMap((d) => {
    const hours = c.weekly.filter((w) => w.day === d).map((w) => `${w.start}–${w.end}`);
    return hours.length ? [`${weekdayName(d, "short")} ${hours.join(", ")}`] : [];
  }).join(" · ");
}
