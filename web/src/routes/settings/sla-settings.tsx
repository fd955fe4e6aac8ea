import { createSignal, onMount } from "solid-js";
import { api, type SlaCalendar, type SlaPolicy } from "../../api";
import { FormError } from "../../components/form-error";
import { createTeams } from "../../lib/teams";
import { CalendarList } from "./sla-calendars";
import { PolicyList } from "./sla-policies";

/** SLA policies (in the order they are tried) and the business-hours calendars they count in. */
export function SlaSettings() {
  const teams = createTeams();
  const [policies, setPolicies] = createSignal<SlaPolicy[]>([]);
  const [calendars, setCalendars] = createSignal<SlaCalendar[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const load = () =>
    Promise.all([api.sla.policies(), api.sla.calendars()]).then(([p, c]) => {
      setPolicies([...p.items].sort((a, b) => a.position - b.position));
      setCalendars(c.items);
      setError(undefined);
      setLoaded(true);
    }, setError);
  onMount(load);
  return (
    <>
      <FormError error={error()} />
      <PolicyList policies={policies()} calendars={calendars()} teams={teams()} loaded={loaded()} onChanged={load} />
      <CalendarList calendars={calendars()} loaded={loaded()} onChanged={load} />
    </>
  );
}
