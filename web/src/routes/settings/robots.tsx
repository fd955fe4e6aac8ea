import { createResource, createSignal, For, Show } from "solid-js";
import { call } from "../../api";
import { FormError } from "../../components/form-error";
import { UpgradeHint } from "../../components/upgrade-hint";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";

type Platform = "wecom" | "dingtalk" | "feishu";
interface Robot { robotId: string; platform: Platform; name: string; url: string; signed: boolean; events: string[]; active: boolean; version: number }
interface Delivery { deliveryId: string; eventType: string; ok: boolean; status: number | null; latencyMs: number; response: string; error: string | null; at: string }

const robotsApi = {
  list: () => call<{ items: Robot[]; events: string[] }>("GET", "/robots"),
  create: (input: { platform: Platform; name: string; url: string; secret?: string; events: string[] }) => call<Robot>("POST", "/robots", input),
  remove: (id: string) => call<void>("DELETE", `/robots/${encodeURIComponent(id)}`),
  test: (id: string) => call<{ ok: boolean } | null>("POST", `/robots/${encodeURIComponent(id)}/test`),
  deliveries: (id: string) => call<{ items: Delivery[] }>("GET", `/robots/${encodeURIComponent(id)}/deliveries`),
};

/** Settings → Chat robots: post chosen events to 企业微信, 钉钉 or 飞书 groups, with a test message and a delivery log. */
export function RobotSettings() {
  const session = useSession();
  const [data, { refetch }] = createResource(() => session.has("webhooks"), () => robotsApi.list());
  const [platform, setPlatform] = createSignal<Platform>("wecom");
  const [name, setName] = createSignal("");
  const [url, setUrl] = createSignal("");
  const [secret, setSecret] = createSignal("");
  const [events, setEvents] = createSignal<string[]>(["deal.won"]);
  const [error, setError] = createSignal<unknown>();
  const [log, setLog] = createSignal<{ robotId: string; items: Delivery[] }>();
  const add = async (ev: Event) => {
    ev.preventDefault();
    setError(undefined);
    try {
      await robotsApi.create({ platform: platform(), name: name(), url: url(), secret: secret() || undefined, events: events() });
      setName(""); setUrl(""); setSecret("");
      void refetch();
    } catch (err) {
      setError(err);
    }
  };
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  const showLog = async (robotId: string) => setLog({ robotId, items: (await robotsApi.deliveries(robotId)).items });
  return (
    <Show when={session.has("webhooks")} fallback={<section class="card"><h2>{t("robots.title")}</h2><UpgradeHint feature="webhooks" /></section>}>
      <section class="card" data-testid="robot-settings">
        <h2>{t("robots.title")}</h2>
        <p class="muted">{t("robots.intro")}</p>
        <table>
          <tbody>
            <For each={data()?.items ?? []}>
              {(r) => (
                <tr>
                  <td>{r.name}</td>
                  <td>{t(`robots.platform.${r.platform}` as Key)}</td>
                  <td class="muted">{r.events.map((e) => t(`robots.event.${e}` as Key)).join("、")}</td>
                  <td class="actions">
                    <button type="button" class="secondary small" onClick={() => act(async () => { await robotsApi.test(r.robotId); await showLog(r.robotId); })}>{t("robots.test")}</button>
                    <button type="button" class="secondary small" onClick={() => act(() => showLog(r.robotId))}>{t("robots.log")}</button>
                    <button type="button" class="danger small" onClick={() => act(async () => { await robotsApi.remove(r.robotId); void refetch(); })}>{t("common.delete")}</button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <Show when={log()}>
          <div class="card">
            <h3>{t("robots.log")}</h3>
            <For each={log()!.items} fallback={<p class="muted">{t("robots.noLog")}</p>}>
              {(d) => <p classList={{ "error-text": !d.ok }}>{formatDate(d.at)} · {d.eventType} · {d.ok ? "OK" : d.error ?? d.status} · {d.latencyMs} ms</p>}
            </For>
          </div>
        </Show>
        <Show when={session.isAdmin()}>
          <form class="stack" onSubmit={add}>
            <h3>{t("robots.add")}</h3>
            <label>{t("robots.platform")}
              <select value={platform()} onChange={(e) => setPlatform(e.currentTarget.value as Platform)}>
                <For each={["wecom", "dingtalk", "feishu"] as Platform[]}>{(p) => <option value={p}>{t(`robots.platform.${p}` as Key)}</option>}</For>
              </select>
            </label>
            <label>{t("robots.name")}<input value={name()} onInput={(e) => setName(e.currentTarget.value)} required /></label>
            <label>{t("robots.url")}<input value={url()} onInput={(e) => setUrl(e.currentTarget.value)} required placeholder="https://" /></label>
            <Show when={platform() !== "wecom"}><label>{t("robots.secret")}<input value={secret()} onInput={(e) => setSecret(e.currentTarget.value)} /></label></Show>
            <fieldset>
              <legend>{t("robots.events")}</legend>
              <For each={data()?.events ?? []}>
                {(e) => (
                  <label class="check">
                    <input type="checkbox" checked={events().includes(e)} onChange={(ev) => setEvents(ev.currentTarget.checked ? [...events(), e] : events().filter((x) => x !== e))} /> {t(`robots.event.${e}` as Key)}
                  </label>
                )}
              </For>
            </fieldset>
            <button type="submit">{t("robots.add")}</button>
          </form>
        </Show>
        <FormError error={error()} />
      </section>
    </Show>
  );
}
