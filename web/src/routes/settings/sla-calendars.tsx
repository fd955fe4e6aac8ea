import { createSignal, Show } from "solid-js";
import { api, type SlaCalendar } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { EditableList } from "../../components/editable-list";
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
    <EditableList testid="sla-calendars" title={t("calendar.title")} error={error()}
      canAdd={session.isAdmin()} newLabel={t("calendar.new")} newTestid="new-calendar" editing={editing()} setEditing={setEditing}
      newForm={() => <CalendarForm onCancel={() => setEditing(undefined)}
        onSubmit={async (input) => { await api.sla.createCalendar(input); setEditing(undefined); await props.onChanged(); }} />}
      items={props.calendars} loading={!props.loaded} empty={t("calendar.none")} itemTestid="calendar" idOf={(c) => c.id}
      row={(c) => (
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
      )}
      form={(c) => <CalendarForm initial={c} onCancel={() => setEditing(undefined)} onReload={() => void props.onChanged()}
        onSubmit={async (input) => { await api.sla.updateCalendar(c.id, { ...input, version: c.version }); setEditing(undefined); await props.onChanged(); }} />} />
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
