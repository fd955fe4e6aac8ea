import { createSignal, onMount, type Accessor } from "solid-js";
import { api, type Team } from "../api";

/** The workspace's teams (ticket groups), loaded when the component mounts; empty until then or on error. */
export function createTeams(): Accessor<Team[]> {
  const [teams, setTeams] = createSignal<Team[]>([]);
  onMount(() => api.teams.list().then((r) => setTeams(r.items), () => undefined));
  return teams;
}

export function teamName(teams: Team[], teamId: string | undefined): string {
  return teamId ? teams.find((x) => x.teamId === teamId)?.name ?? "" : "";
}
