import { createSignal, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { formatDate, t } from "../../i18n";
import { useSession } from "../../session";
import { currentPosition, formatCoords, visitsApi, type Visit } from "./api";

/**
 * One-tap check-in (签到) on a company, contact or deal page: asks the phone for its position (a refusal
 * still checks in, marked as not located), then offers a photo from the camera and the check-out.
 */
export function CheckInButton(props: { recordType: Visit["recordType"]; recordId: string }) {
  const session = useSession();
  const [visit, setVisit] = createSignal<Visit>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const run = async (fn: () => Promise<Visit>) => {
    setBusy(true);
    setError(undefined);
    try {
      setVisit(await fn());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const checkIn = () => run(async () => visitsApi.checkIn({ recordType: props.recordType, recordId: props.recordId, location: await currentPosition() }));
  const photo = (file: File | undefined) => file && run(() => visitsApi.uploadPhoto(visit()!.activityId, file));
  const checkOut = () => run(() => visitsApi.checkOut(visit()!.activityId, visit()!.version));

  return (
    <Show when={session.has("visits") && session.canWrite()}>
      <div class="card" data-testid="visit-check-in">
        <Show when={visit()} keyed fallback={
          <button type="button" disabled={busy()} onClick={checkIn} data-testid="visit-check-in-button">{busy() ? t("visits.locating") : t("visits.checkIn")}</button>
        }>
          {(v) => (
            <>
              <p role="status" data-testid="visit-checked-in">
                {t("visits.checkedInAt", { time: formatDate(v.at) })} · {v.location ? formatCoords(v.location) : t("visits.noLocation")}
              </p>
              <div class="row">
                <label class="button secondary">
                  {v.photo ? t("visits.photoAdded") : t("visits.addPhoto")}
                  <input type="file" accept="image/*" capture="environment" hidden disabled={busy()} data-testid="visit-photo-input"
                    onChange={(e) => void photo(e.currentTarget.files?.[0])} />
                </label>
                <Show when={!v.checkOutAt} fallback={<span class="muted" data-testid="visit-checked-out">{t("visits.checkedOutAt", { time: formatDate(v.checkOutAt!) })}</span>}>
                  <button type="button" class="secondary" disabled={busy()} onClick={checkOut} data-testid="visit-check-out">{t("visits.checkOut")}</button>
                </Show>
              </div>
            </>
          )}
        </Show>
        <FormError error={error()} />
      </div>
    </Show>
  );
}
