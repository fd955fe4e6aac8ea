import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { formatCoords, visitsApi, type Visit } from "./api";

const time = (iso: string, timeZone: string) => new Intl.DateTimeFormat(undefined, { timeZone, hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
const recordPath = (v: Visit) => `/${v.recordType === "company" ? "companies" : `${v.recordType}s`}/${v.recordId}`;

/** 外勤签到: one day's visits, per rep (members see their own, managers their teams, admins everyone). */
export function VisitList() {
  const session = useSession();
  const [day, setDay] = createSignal("");
  const [userId, setUserId] = createSignal("");
  const [error, setError] = createSignal<unknown>();
  const [data] = createResource(
    () => session.has("visits") && { day: day() || undefined, userId: userId() || undefined },
    (p) => visitsApi.list(p).catch((err) => { setError(err); return undefined; }),
  );
  const canPickRep = () => session.me().role !== "member";
  // The window opens on the tap itself (a window opened after an await is a blocked pop-up on phones), then
  // goes to the short-lived signed address.
  const openPhoto = async (v: Visit) => {
    setError(undefined);
    const w = window.open("", "_blank");
    try {
      const { url } = await visitsApi.photoUrl(v.activityId);
      if (w) {
        w.opener = null;
        w.location.href = new URL(url, window.location.href).href;
      } else window.location.href = url;
    } catch (err) {
      w?.close();
      setError(err);
    }
  };

  return (
    <Show when={session.has("visits")} fallback={<FeatureLocked feature="visits" />}>
      <section class="page" data-testid="visits-page">
        <h1>{t("visits.title")}</h1>
        <div class="row">
          <label>{t("visits.day")} <input type="date" value={day() || data()?.day || ""} onChange={(e) => { setError(undefined); setDay(e.currentTarget.value); }} data-testid="visits-day" /></label>
          <Show when={canPickRep()}>
            <label>{t("visits.rep")}{" "}
              <select value={userId()} onChange={(e) => setUserId(e.currentTarget.value)} data-testid="visits-rep">
                <option value="">{t("visits.allReps")}</option>
                <For each={session.members()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
              </select>
            </label>
          </Show>
        </div>
        <FormError error={error()} />
        <Show when={data()} fallback={<p class="muted">{t("common.loading")}</p>}>
          {(d) => (
            <Show when={d().items.length} fallback={<p class="muted" data-testid="visits-empty">{t("visits.empty")}</p>}>
              <ul class="list" data-testid="visits-list">
                <For each={d().items}>
                  {(v) => (
                    <li class="card" data-testid="visit-row">
                      <div class="row">
                        <strong>{time(v.at, d().timeZone)}{v.checkOutAt ? `–${time(v.checkOutAt, d().timeZone)}` : ""}</strong>
                        <A href={recordPath(v)}>{v.recordTitle || t(`visits.record.${v.recordType}` as Key)}</A>
                        <span class="muted">{session.memberName(v.userId)}</span>
                      </div>
                      <div class="row">
                        <span data-testid="visit-coords">{v.location ? formatCoords(v.location) : t("visits.noLocation")}</span>
                        <Show when={v.photo}>
                          <button type="button" class="link" onClick={() => void openPhoto(v)} data-testid="visit-photo-link">{t("visits.photo")}</button>
                        </Show>
                      </div>
                      <Show when={v.outcome || v.notes}><p>{[v.outcome, v.notes].filter(Boolean).join(" · ")}</p></Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </section>
    </Show>
  );
}
