import { A } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { type Approval, approvalsApi, type Box, recordLink } from "./api";
import { ApproverNames } from "./approvers";

/** /approvals: what waits for my decision (approve or reject with a comment), my own requests, and (admins) all. */
export function ApprovalInbox() {
  const session = useSession();
  return (
    <Show when={session.has("approvals")} fallback={<FeatureLocked feature="approvals" />}>
      <Inbox />
    </Show>
  );
}

function Inbox() {
  const session = useSession();
  const [box, setBox] = createSignal<Box>("mine");
  const [more, setMore] = createSignal<Approval[]>([]);
  const [page, { refetch }] = createResource(box, (b) => approvalsApi.list(b));
  const [cursor, setCursor] = createSignal<string | null>(null);
  const items = () => [...(page()?.items ?? []), ...more()];
  const next = () => cursor() ?? page()?.cursor ?? null;
  const loadMore = async () => {
    const res = await approvalsApi.list(box(), next()!);
    setMore([...more(), ...res.items]);
    setCursor(res.cursor);
  };
  const switchTo = (b: Box) => {
    setMore([]);
    setCursor(null);
    setBox(b);
  };
  const boxes = (): Box[] => (session.isAdmin() ? ["mine", "requested", "all"] : ["mine", "requested"]);
  return (
    <section class="page">
      <h1>{t("approvals.title")}</h1>
      <div class="tabs" role="tablist">
        <For each={boxes()}>
          {(b) => <button type="button" role="tab" aria-selected={box() === b} classList={{ active: box() === b }} data-testid={`box-${b}`} onClick={() => switchTo(b)}>{t(`approvals.box.${b}` as Key)}</button>}
        </For>
      </div>
      <FormError error={page.error} />
      <Show when={page()} fallback={<p class="muted">{t("common.loading")}</p>}>
        <Show when={items().length} fallback={<p class="muted" data-testid="approvals-empty">{t(box() === "mine" ? "approvals.emptyMine" : "approvals.empty")}</p>}>
          <ul class="list approvals" data-testid="approvals-list">
            <For each={items()}>{(a) => <Item approval={a} decide={box() === "mine"} onDone={() => { setMore([]); setCursor(null); void refetch(); }} />}</For>
          </ul>
        </Show>
        <Show when={next()}>
          <button type="button" class="secondary" onClick={() => void loadMore()}>{t("approvals.more")}</button>
        </Show>
      </Show>
    </section>
  );
}

function Item(props: { approval: Approval; decide: boolean; onDone: () => void }) {
  const session = useSession();
  const [comment, setComment] = createSignal("");
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const a = () => props.approval;
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await fn();
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="card" data-testid="approval-item">
      <div class="row">
        <A href={recordLink(a())} data-testid="approval-record"><strong>{a().recordTitle}</strong></A>
        <span class="badge">{t(`approvals.status.${a().status}` as Key)}</span>
      </div>
      <p>{t(`approvals.trigger.${a().trigger}` as Key)} · {a().summary}</p>
      <p class="muted">
        {a().flowName} · {t("approvals.stepOf", { step: a().step + 1, count: a().steps.length })} · {t("approvals.requestedBy", { name: session.memberName(a().requesterId) })} · {formatDate(a().createdAt)}
      </p>
      <Show when={a().status === "pending"}>
        <p class="muted">{t("approvals.waitingFor")} <ApproverNames keys={a().approvers} /></p>
      </Show>
      <Show when={a().decisions.length}>
        <ul class="decisions">
          <For each={a().decisions}>{(d) => <li>{session.memberName(d.by)}: {t(`approvals.status.${d.decision}` as Key)}{d.comment ? ` — ${d.comment}` : ""}</li>}</For>
        </ul>
      </Show>
      <Show when={props.decide && a().status === "pending"}>
        <label>
          {t("approvals.comment")}
          <textarea data-testid="approval-comment" value={comment()} onInput={(e) => setComment(e.currentTarget.value)} maxLength={1000} rows={2} />
        </label>
        <div class="row">
          <button type="button" data-testid="approve" disabled={busy()} onClick={() => void act(() => approvalsApi.approve(a().approvalId, comment().trim() || undefined))}>{t("approvals.approve")}</button>
          <button type="button" class="danger" data-testid="reject" disabled={busy() || !comment().trim()} onClick={() => void act(() => approvalsApi.reject(a().approvalId, comment().trim()))}>{t("approvals.reject")}</button>
        </div>
      </Show>
      <Show when={!props.decide && a().status === "pending" && a().requesterId === session.me().user.userId}>
        <button type="button" class="secondary small" onClick={() => void act(() => approvalsApi.cancel(a().approvalId))}>{t("approvals.cancel")}</button>
      </Show>
      <FormError error={error()} />
    </li>
  );
}
