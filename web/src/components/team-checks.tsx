import { For, Show } from "solid-js";
import type { Team } from "../api";
import { t } from "../i18n";

/** A multi-select of teams as checkboxes (works with touch, unlike a <select multiple>). */
export function TeamChecks(props: { teams: Team[]; value: string[]; onChange: (ids: string[]) => void; disabled?: boolean }) {
  const toggle = (id: string, on: boolean) => props.onChange(on ? [...props.value, id] : props.value.filter((x) => x !== id));
  return (
    <Show when={props.teams.length} fallback={<span class="muted">{t("teams.none")}</span>}>
      <span class="checks">
        <For each={props.teams}>
          {(team) => (
            <label class="check">
              <input type="checkbox" disabled={props.disabled} checked={props.value.includes(team.teamId)} onChange={(e) => toggle(team.teamId, e.currentTarget.checked)} />
              <span>{team.name}</span>
            </label>
          )}
        </For>
      </span>
    </Show>
  );
}

export function teamNames(teams: Team[], ids: string[]): string {
  return ids.map((id) => teams.find((x) => x.teamId === id)?.name).filter(Boolean).join(", ");
}
