import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, poll, setPlan, signUpAndLogIn } from "./support";

/**
 * Churn risk: locked on the entry plan; on business a contact's page shows its health (score, band, the
 * signals), the at-risk list shows it, and the admin changes the scoring rules.
 */
const secret = `journey-${Date.now().toString(36)}`;
const runtime = journeyRuntime({ platformSecret: secret });

describe("churn journey", { timeout: 180_000 }, () => {
  const slug = `churn-${Date.now().toString(36)}`;
  let ctx: BrowserContext;
  let page: Page;
  let contactId = "";

  it("is locked on the entry plan, in the nav and on the contact page", async () => {
    ctx = await runtime.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en" });
    await ctx.addInitScript(() => localStorage.setItem("locale", "en"));
    page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    await signUpAndLogIn(page, runtime.product, { company: "Churn Journey Ltd", slug, name: "Wang Fang", email: `${slug}@example.com`, password: "correct horse battery" });
    await page.getByTestId("nav-locked-churn").waitFor();
    const res = await page.request.post(`${runtime.product.url}/api/contacts`, { data: { name: "Quiet Customer" } });
    expect(res.status()).toBe(201);
    contactId = (await res.json()).contactId;
    await page.goto(`${runtime.product.url}/contacts/${contactId}`);
    await page.getByTestId("health-panel").getByTestId("locked-churn").waitFor();
  });

  it("on business: the health panel explains the score, the list shows the customer at risk", async () => {
    await setPlan(runtime.product, slug, "business", secret);
    const current = await (await page.request.get(`${runtime.product.url}/api/churn/settings`)).json();
    const weights = { activity: 0, won: 100, openTickets: 0, breaches: 0, lostDeals: 0, unsubscribed: 0 };
    expect((await page.request.put(`${runtime.product.url}/api/churn/settings`, { data: { ...current, weights } })).status()).toBe(200);

    await page.goto(`${runtime.product.url}/contacts/${contactId}`);
    const panel = page.getByTestId("health-panel");
    await panel.getByTestId("health-score").waitFor();
    await expect(panel.getByTestId("health-score").textContent()).resolves.toBe("0 / 100");
    await expect(panel.getByTestId("health-band").textContent()).resolves.toBe("At risk");
    await expect(panel.getByTestId("signal-won").textContent()).resolves.toContain("never");
    await page.screenshot({ path: `${SHOTS}/churn-health-en-1280.png`, fullPage: true });

    // The contact predates the upgrade: its first event after it (a note) scores it.
    await page.request.post(`${runtime.product.url}/api/contacts/${contactId}/notes`, { data: { body: "Asked about the renewal" } });
    await page.getByTestId("nav-churn").click();
    await page.waitForURL(`${runtime.product.url}/churn`);
    // The bus runs the scoring right after the note's response, as EventBridge would: reload until it is in.
    await poll("the customer in the at-risk list", async () => {
      if (await page.getByTestId("churn-row").filter({ hasText: "Quiet Customer" }).count()) return true;
      await page.reload();
      await page.getByTestId("churn-table").waitFor();
      return undefined;
    });
    await expect(page.getByTestId("churn-row").first().textContent()).resolves.toContain("At risk");
    await page.screenshot({ path: `${SHOTS}/churn-list-en-1280.png`, fullPage: true });
  });

  it("the admin changes the thresholds; a phone shows the list without sideways scrolling", async () => {
    await page.goto(`${runtime.product.url}/settings/churn`);
    const form = page.getByTestId("churn-settings");
    await form.locator("input[name='thresholds.healthy']").fill("80");
    await page.getByTestId("churn-save").click();
    await form.locator(".notice").waitFor();
    await page.reload();
    await expect(page.getByTestId("churn-settings").locator("input[name='thresholds.healthy']").inputValue()).resolves.toBe("80");

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${runtime.product.url}/churn`);
    await page.getByTestId("churn-row").first().waitFor();
    await expectNoHorizontalOverflow(page, 375);
    await page.screenshot({ path: `${SHOTS}/churn-list-en-375.png`, fullPage: true });
    await ctx.close();
  });
});
