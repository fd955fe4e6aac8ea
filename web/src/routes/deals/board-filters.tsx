import { createSignal, For } from "solid-js";
import { t } from "../../i18n";
import { useSession } from "../../session";

/** The board's filters as typed (amounts in the currency's major unit, as people think of them). */
export interface FilterValues { q: string; ownerId: string; tag: string; closeFrom: string; closeTo: string; amountMin: string; amountMax: string }
export const NO_FILTERS: FilterValues = { q: "", ownerId: "", tag: "", closeFrom: "", closeTo: "", amountMin: "", amountMax: "" };

/** Search by title; owner, tag, close date range and amount range. */
export function BoardFilters(props: { value: FilterValues; onChange: (v: FilterValues) => void }) {
  const session = useSession();
  const set = (key: keyof FilterValues) => (e: { currentTarget: { value: string } }) => props.onChange({ ...props.value, [key]: e.currentTarget.value });
  const any = () => Object.values(props.value).some((v) => v !== "");
  const narrowed = () => Object.entries(props.value).filter(([k, v]) => k !== "q" && v !== "").length;
  // On a phone the filters other than the search fold away behind a button, so the board stays in view.
  const [open, setOpen] = createSignal(false);
  return (
    <div class="toolbar board-filters" classList={{ open: open() }} role="search" data-testid="board-filters">
      <input class="search" type="search" name="q" placeholder={t("deals.search")} aria-label={t("deals.search")} value={props.value.q} onInput={set("q")} />
      <button type="button" class="secondary small filters-toggle" aria-expanded={open()} onClick={() => setOpen(!open())}>
        {narrowed() ? t("deals.filtersOn", { n: narrowed() }) : t("deals.filters")}
      </button>
      <label class="inline-label more-filter">
        <span>{t("field.owner")}</span>
        <select name="ownerId" value={props.value.ownerId} onChange={set("ownerId")}>
          <option value="">{t("deals.anyOwner")}</option>
          <For each={session.members()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
        </select>
      </label>
      <input class="tag-filter more-filter" name="tag" placeholder={t("list.tag")} aria-label={t("list.tag")} value={props.value.tag} onInput={set("tag")} />
      <label class="inline-label more-filter">
        <span>{t("deals.closeFrom")}</span>
        <input type="date" name="closeFrom" value={props.value.closeFrom} onInput={set("closeFrom")} />
      </label>
      <label class="inline-label more-filter">
        <span>{t("deals.closeTo")}</span>
        <input type="date" name="closeTo" value={props.value.closeTo} onInput={set("closeTo")} />
      </label>
      <label class="inline-label more-filter">
        <span>{t("deals.amountMin")}</span>
        <input class="amount-filter" inputmode="decimal" name="amountMin" value={props.value.amountMin} onInput={set("amountMin")} />
      </label>
      <label class="inline-label more-filter">
        <span>{t("deals.amountMax")}</span>
        <input class="amount-filter" inputmode="decimal" name="amountMax" value={props.value.amountMax} onInput={set("amountMax")} />
      </label>
      <button type="button" class="link small more-filter" disabled={!any()} onClick={() => props.onChange({ ...NO_FILTERS })}>{t("deals.clearFilters")}</button>
    </div>
  );
}
