import { Navigate, Route, Router } from "@solidjs/router";
import { createEffect, lazy, type Component, type ParentProps } from "solid-js";
import { render } from "solid-js/web";
import { t } from "./i18n";
import { AppShell } from "./routes/app/shell";
import { PublicLayout } from "./routes/auth/public-layout";
import "./styles.css";

/** Route components load on first visit, so the first paint only carries the shell and the page at hand. */
function page<M>(load: () => Promise<M>, name: keyof M): Component {
  return lazy(() => load().then((m) => ({ default: m[name] as Component })));
}

const Login = page(() => import("./routes/auth/login"), "Login");
const Signup = page(() => import("./routes/auth/signup"), "Signup");
const Verify = page(() => import("./routes/auth/verify"), "Verify");
const Forgot = page(() => import("./routes/auth/forgot"), "Forgot");
const Reset = page(() => import("./routes/auth/reset"), "Reset");
const Accept = page(() => import("./routes/auth/accept"), "Accept");
const ContactList = page(() => import("./routes/contacts/list"), "ContactList");
const ContactDetail = page(() => import("./routes/contacts/detail"), "ContactDetail");
const CompanyList = page(() => import("./routes/companies/list"), "CompanyList");
const CompanyDetail = page(() => import("./routes/companies/detail"), "CompanyDetail");
const SettingsLayout = page(() => import("./routes/settings/layout"), "SettingsLayout");
const Profile = page(() => import("./routes/settings/profile"), "Profile");
const TeamSettings = page(() => import("./routes/settings/team"), "TeamSettings");
const TeamsSettings = page(() => import("./routes/settings/teams"), "TeamsSettings");
const PlanSettings = page(() => import("./routes/settings/plan"), "PlanSettings");
const WorkspaceSettings = page(() => import("./routes/settings/workspace"), "WorkspaceSettings");
const TicketList = page(() => import("./routes/tickets/list"), "TicketList");
const TicketDetail = page(() => import("./routes/tickets/detail"), "TicketDetail");
const DeskSettings = page(() => import("./routes/settings/desk"), "DeskSettingsPage");
const ReportsLayout = page(() => import("./routes/reports/layout"), "ReportsLayout");
const ReportsHome = page(() => import("./routes/reports/layout"), "ReportsHome");
const SlaReport = page(() => import("./routes/reports/sla"), "SlaReportPage");
const SalesReport = page(() => import("./routes/reports/sales"), "SalesReportPage");
const GoalsReport = page(() => import("./routes/reports/goals"), "GoalsPage");
const ApiKeySettings = page(() => import("./routes/settings/api-keys"), "ApiKeySettings");
const ApiReference = page(() => import("./routes/settings/api-reference"), "ApiReference");
const TaskList = page(() => import("./routes/tasks/list"), "TaskList");
const AuditSettings = page(() => import("./routes/settings/audit"), "AuditSettings");
const NotificationSettings = page(() => import("./routes/settings/notifications"), "NotificationSettings");
const NotificationCentre = page(() => import("./routes/notifications/centre"), "NotificationCentre");
const DealBoard = page(() => import("./routes/deals/board"), "DealBoard");
const DealDetail = page(() => import("./routes/deals/detail"), "DealDetail");
const PipelineSettings = page(() => import("./routes/settings/pipelines"), "PipelineSettings");
const LeadList = page(() => import("./routes/leads/list"), "LeadList");
const LeadDetail = page(() => import("./routes/leads/detail"), "LeadDetail");
const LeadRoutingSettings = page(() => import("./routes/settings/lead-routing"), "LeadRoutingSettings");
const ChurnList = page(() => import("./routes/churn/list"), "ChurnList");
const ChurnSettingsPage = page(() => import("./routes/churn/settings"), "ChurnSettingsPage");
const WebhookSettings = page(() => import("./routes/settings/webhooks"), "WebhookSettings");
const CareList = page(() => import("./routes/care/list"), "CareList");
const CareEditor = page(() => import("./routes/care/editor"), "CareEditor");
const CareSuppressions = page(() => import("./routes/care/suppressions"), "CareSuppressions");
const Unsubscribe = page(() => import("./routes/care/unsubscribe"), "Unsubscribe");
const EfficiencyReportPage = page(() => import("./routes/reports/efficiency"), "EfficiencyReportPage");
const LifecycleReportPage = page(() => import("./routes/reports/lifecycle"), "LifecycleReportPage");
const DataSettings = page(() => import("./routes/settings/data"), "DataSettings");
const FieldSettings = page(() => import("./routes/settings/fields"), "FieldSettings");
const ImportPage = page(() => import("./routes/data/import"), "ImportPage");
const DuplicatesPage = page(() => import("./routes/data/duplicates"), "DuplicatesPage");
const SearchPage = page(() => import("./routes/search/results"), "SearchPage");
const PoolsPage = page(() => import("./routes/pools/list"), "PoolsPage");
const PoolSettings = page(() => import("./routes/pools/settings"), "PoolSettings");
const ContractDetail = page(() => import("./routes/contracts/detail"), "ContractDetail");
const RobotSettings = page(() => import("./routes/settings/robots"), "RobotSettings");
const ReceivablesReportPage = page(() => import("./routes/reports/receivables"), "ReceivablesReportPage");
const ObjectList = page(() => import("./routes/objects/list"), "ObjectList");
const ObjectRecordDetail = page(() => import("./routes/objects/detail"), "ObjectRecordDetail");
const ObjectSettings = page(() => import("./routes/settings/objects"), "ObjectSettings");
const SegmentList = page(() => import("./routes/segments/list"), "SegmentList");
const SegmentDetail = page(() => import("./routes/segments/detail"), "SegmentDetail");
const BroadcastEditor = page(() => import("./routes/segments/broadcast"), "BroadcastEditor");
const MarketingCampaigns = page(() => import("./routes/marketing/list"), "MarketingCampaigns");
const RoiReportPage = page(() => import("./routes/reports/roi"), "RoiReportPage");
const ConflictSettings = page(() => import("./routes/settings/conflicts"), "ConflictSettings");
const ApprovalInbox = page(() => import("./routes/approvals/inbox"), "ApprovalInbox");
const ApprovalSettings = page(() => import("./routes/settings/approvals"), "ApprovalSettings");
const VisitList = page(() => import("./routes/visits/list"), "VisitList");
const NotFound = page(() => import("./routes/app/feature-area"), "NotFound");

function Root(props: ParentProps) {
  createEffect(() => (document.title = t("app.name")));
  return <>{props.children}</>;
}

render(
  () => (
    <Router root={Root}>
      <Route component={PublicLayout}>
        <Route path="/login" component={Login} />
        <Route path="/signup" component={Signup} />
        <Route path="/verify" component={Verify} />
        <Route path="/forgot" component={Forgot} />
        <Route path="/reset" component={Reset} />
        <Route path="/accept" component={Accept} />
        <Route path="/unsubscribe" component={Unsubscribe} />
      </Route>
      <Route component={AppShell}>
        <Route path="/" component={() => <Navigate href="/contacts" />} />
        <Route path="/contacts" component={ContactList} />
        <Route path="/contacts/:id" component={ContactDetail} />
        <Route path="/companies" component={CompanyList} />
        <Route path="/companies/:id" component={CompanyDetail} />
        <Route path="/settings" component={SettingsLayout}>
          <Route path="/" component={() => <Navigate href="/settings/profile" />} />
          <Route path="/profile" component={Profile} />
          <Route path="/team" component={TeamSettings} />
          <Route path="/teams" component={TeamsSettings} />
          <Route path="/plan" component={PlanSettings} />
          <Route path="/workspace" component={WorkspaceSettings} />
          <Route path="/desk" component={DeskSettings} />
          <Route path="/notifications" component={NotificationSettings} />
          <Route path="/audit" component={AuditSettings} />
          <Route path="/api" component={ApiReference} />
          <Route path="/api-keys" component={ApiKeySettings} />
          <Route path="/lead-routing" component={LeadRoutingSettings} />
          <Route path="/pipelines" component={PipelineSettings} />
          <Route path="/churn" component={ChurnSettingsPage} />
          <Route path="/webhooks" component={WebhookSettings} />
          <Route path="/fields" component={FieldSettings} />
          <Route path="/data" component={DataSettings} />
          <Route path="/pools" component={PoolSettings} />
          <Route path="/robots" component={RobotSettings} />
          <Route path="/approvals" component={ApprovalSettings} />
          <Route path="/conflicts" component={ConflictSettings} />
          <Route path="/objects" component={ObjectSettings} />
        </Route>
        <Route path="/tickets" component={TicketList} />
        <Route path="/tickets/:id" component={TicketDetail} />
        <Route path="/reports" component={ReportsLayout}>
          <Route path="/" component={ReportsHome} />
          <Route path="/sla" component={SlaReport} />
          <Route path="/sales" component={SalesReport} />
          <Route path="/goals" component={GoalsReport} />
          <Route path="/efficiency" component={EfficiencyReportPage} />
          <Route path="/receivables" component={ReceivablesReportPage} />
          <Route path="/lifecycle" component={LifecycleReportPage} />
          <Route path="/roi" component={RoiReportPage} />
        </Route>
        <Route path="/notifications" component={NotificationCentre} />
        <Route path="/tasks" component={TaskList} />
        <Route path="/churn" component={ChurnList} />
        <Route path="/care" component={CareList} />
        <Route path="/care/suppressions" component={CareSuppressions} />
        <Route path="/care/:id" component={CareEditor} />
        <Route path="/leads" component={LeadList} />
        <Route path="/leads/:id" component={LeadDetail} />
        <Route path="/deals" component={DealBoard} />
        <Route path="/deals/:id" component={DealDetail} />
        <Route path="/import" component={ImportPage} />
        <Route path="/duplicates" component={DuplicatesPage} />
        <Route path="/search" component={SearchPage} />
        <Route path="/pools" component={PoolsPage} />
        <Route path="/contracts/:id" component={ContractDetail} />
        <Route path="/objects/:objectKey" component={ObjectList} />
        <Route path="/objects/:objectKey/:id" component={ObjectRecordDetail} />
        <Route path="/segments" component={SegmentList} />
        <Route path="/segments/:id" component={SegmentDetail} />
        <Route path="/broadcasts/:id" component={BroadcastEditor} />
        <Route path="/marketing" component={MarketingCampaigns} />
        <Route path="/approvals" component={ApprovalInbox} />
        <Route path="/visits" component={VisitList} />
        <Route path="*404" component={NotFound} />
      </Route>
    </Router>
  ),
  document.getElementById("root")!,
);
