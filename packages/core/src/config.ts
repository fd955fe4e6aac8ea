/** Runtime settings read from the environment, with local defaults. */
export const Config = {
  /** Where links in emails point (the web app's origin). */
  appUrl: () => process.env.APP_URL ?? "http://localhost:3000",
  mailFrom: () => process.env.MAIL_FROM ?? "CRM <no-reply@crm.localhost>",
  /** Mail to `<slug>@<inboundDomain>` opens tickets in that workspace. */
  inboundDomain: () => (process.env.INBOUND_DOMAIN ?? "inbound.crm.localhost").toLowerCase(),
  /** Guards the platform-admin API. Unset means the platform API is off. */
  platformSecret: () => process.env.PLATFORM_SECRET,
  /** Audit entries are written unless explicitly switched off (benchmarks compare both). */
  auditEnabled: () => process.env.CRM_AUDIT !== "off",
  /**
   * Signs unsubscribe links (HMAC). Set UNSUBSCRIBE_SECRET in every deployed stage; the local default only
   * suits a machine nobody else mails from.
   */
  unsubscribeSecret: () => process.env.UNSUBSCRIBE_SECRET ?? "local-unsubscribe-secret-change-me",
};
