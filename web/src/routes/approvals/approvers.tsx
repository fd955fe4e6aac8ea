import { t, type Key } from "../../i18n";
import { useSession } from "../../session";

/** Approver keys (`user#<id>`, `role#<role>`) as names: a person's name, or "anyone with the role". */
export function ApproverNames(props: { keys: string[] }) {
  const session = useSession();
  const label = (key: string) => {
    const [kind, id] = key.split("#");
    return kind === "role" ? t("approvals.anyRole", { role: t(`role.${id}` as Key) }) : session.memberName(id);
  };
  return <span data-testid="approvers">{props.keys.map(label).join(t("approvals.or"))}</span>;
}
