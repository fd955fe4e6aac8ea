import { A } from "@solidjs/router";
import { createResource, createSignal, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { approvalsApi } from "./api";
import { ApproverNames } from "./approvers";

/**
 * The "pending approval" banner of a locked deal or contract: the flow, the step and who approves it. The
 * requester may withdraw the request; `onChange` reloads the record afterwards.
 */
export function PendingApprovalBanner(props: { approvalId?: string | null; onChange?: () => void }) {
  const session = useSession();
  const [approval, { refetch }] = createResource(() => props.approvalId || undefined, (id) => approvalsApi.get(id).catch(() => undefined));
  const [error, setError] = createSignal<unknown>();
  const cancel = async (id: string) => {
    setError(undefined);
    try {
      await approvalsApi.cancel(id);
      void refetch();
      props.onChange?.();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Show when={props.approvalId}>
      <div class="card notice" role="status" data-testid="approval-banner">
        <strong>{t("approvals.pendingBanner")}</strong>
        <Show when={approval()}>
          {(a) => (
            <>
              <p>
                {a().flowName} · {a().summary} · {t("approvals.stepOf", { step: a().step + 1, count: a().steps.length })} · {t("approvals.waitingFor")} <ApproverNames keys={a().approvers} />
              </p>
              <div class="row">
                <A href="/approvals">{t("approvals.openInbox")}</A>
                <Show when={a().status === "pending" && a().requesterId === session.me().user.userId}>
                  <button type="button" class="secondary small" data-testid="approval-cancel" onClick={() => void cancel(a().approvalId)}>{t("approvals.cancel")}</button>
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
