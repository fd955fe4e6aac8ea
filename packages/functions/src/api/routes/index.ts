import type { RouteSpec } from "../route";
import { apiKeyRoutes } from "./api-keys";
import { collabRoutes } from "./collab";
import { authRoutes } from "./auth";
import { companyRoutes } from "./companies";
import { contactRoutes } from "./contacts";
import { exportRoutes } from "./exports";
import { lifecycleRoutes } from "./lifecycle";
import { dealRoutes } from "./deals";
import { syncRoutes } from "./sync";
import { invitationPublicRoutes } from "./invitations-public";
import { memberRoutes } from "./members";
import { allRoutes, platformRoutes } from "./platform";
import { slaRoutes } from "./sla";
import { tenantRoutes } from "./tenant";
import { ticketRoutes } from "./tickets";
import { leadsRoutes } from "./leads";
import { goalsRoutes } from "./goals";
import { careRoutes } from "./care";
import { churnRoutes } from "./churn";
import { webhooksRoutes } from "./webhooks";
import { efficiencyRoutes } from "./efficiency";
import { tenantDataRoutes } from "./tenant-data";
import { customFieldRoutes } from "./custom-fields";
import { importRoutes } from "./imports";
import { searchRoutes } from "./search";
import { dedupeRoutes } from "./dedupe";
import { poolRoutes } from "./pools";
import { contractRoutes } from "./contracts";
import { robotRoutes } from "./robots";
import { visitRoutes } from "./visits";
import { approvalRoutes } from "./approvals";
import { conflictRoutes } from "./conflicts";
import { marketingRoutes } from "./marketing";
import { segmentRoutes } from "./segments";
import { objectRoutes } from "./objects";

/** Every route of the API, in one list. */
export const routes: RouteSpec[] = [
  ...platformRoutes,
  ...authRoutes,
  ...invitationPublicRoutes,
  ...tenantRoutes,
  ...memberRoutes,
  // Before the record routes: `/api/contacts/export` must not be read as a contact id.
  ...exportRoutes,
  ...contactRoutes,
  ...companyRoutes,
  ...ticketRoutes,
  ...apiKeyRoutes,
  ...slaRoutes,
  ...collabRoutes,
  ...dealRoutes,
  ...syncRoutes,
  ...leadsRoutes,
  ...goalsRoutes,
  ...careRoutes,
  ...churnRoutes,
  ...webhooksRoutes,
  ...efficiencyRoutes,
  ...tenantDataRoutes,
  ...customFieldRoutes,
  ...importRoutes,
  ...searchRoutes,
  ...dedupeRoutes,
  ...lifecycleRoutes,
  ...poolRoutes,
  ...contractRoutes,
  ...robotRoutes,
  ...visitRoutes,
  ...approvalRoutes,
  ...conflictRoutes,
  ...marketingRoutes,
  ...segmentRoutes,
  ...objectRoutes,
];
allRoutes.list = routes;
