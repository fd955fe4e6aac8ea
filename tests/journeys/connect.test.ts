import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, poll, setPlan, signUpAndLogIn } from "./support";

/**
 * Connecting another system: the admin creates an API key and sees its secret once, an integration calls the
 * API with it, and the call shows in the audit log as the key; the API reference page lists every route and
 * calls one with the admin's session.
 */
const secret = `journey-${Date.now().toString(36)}`;
const runtime = journeyRuntime({ platformSecret: secret });

describe("connect journey", { timeout: 180_000 }, () => {
  const slug = `connect-${Date.now().toString(36)}`;
  let context: BrowserContext;
  let page: Page;
  let apiKey = "";

  it("signs up on a plan with API keys and the audit log", async () => {
    context = await runtime.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en" });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signUpAndLogIn(page, runtime.product, { company: "Connect Journey Ltd", slug, name: "Ada", email: `${slug}@example.com`, password: "correct horse battery" });
    await setPlan(runtime.product, slug, "business", secret);
  });

  it("creates an API key and sees its secret once", async () => {
    await page.goto(`${runtime.product.url}/settings/api-keys`);
    const form = page.getByTestId("api-key-form");
    await form.locator("input[name=name]").fill("ERP sync");
    await form.locator("select[name=access-contacts]").selectOption("write");
    await form.locator("button[type=submit]").click();
    apiKey = (await page.getByTestId("secret").textContent())!.trim();
    expect(apiKey.length).toBeGreaterThan(20);
    await expect(page.getByTestId("api-key").first().textContent()).resolves.toContain("ERP sync");
    await page.screenshot({ path: `${SHOTS}/api-keys-en.png`, fullPage: true });
    await page.reload();
    await page.getByTestId("api-key").first().waitFor();
    await expect(page.getByTestId("api-key-secret").count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain(apiKey);
  });

  it("an integration calls the API with the key, and the call is in the audit log as the key", async () => {
    const res = await fetch(`${runtime.product.url}/api/contacts`, {
      method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ name: "From the ERP" }),
    });
    expect(res.status).toBe(201);
    const denied = await fetch(`${runtime.product.url}/api/tickets`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(denied.status).toBe(403);

    await page.goto(`${runtime.product.url}/settings/audit?action=contact.`);
    const entry = page.locator("[data-testid=audit-entry][data-action='contact.created']");
    await poll("the key's write in the audit log", async () => ((await entry.count()) ? true : undefined));
    await expect(entry.first().textContent()).resolves.toMatch(/API key|API 密钥/);
    await expect(entry.first().textContent()).resolves.toContain("From the ERP");
    await page.screenshot({ path: `${SHOTS}/audit-log-en.png`, fullPage: true });
  });

  it("the API reference lists the routes and tries one with the session", async () => {
    await page.goto(`${runtime.product.url}/settings/api`);
    await page.getByTestId("api-op").first().waitFor();
    expect(await page.getByTestId("api-op").count()).toBeGreaterThan(50);
    await page.getByTestId("api-filter").fill("/api/contacts/{contactId}");
    const op = page.locator("[data-testid=api-op][data-op='get /api/contacts/{contactId}']");
    await op.locator("summary").click();
    const list = await (await fetch(`${runtime.product.url}/api/contacts`, { headers: { authorization: `Bearer ${apiKey}` } })).json();
    await op.locator("input[name=contactId]").fill(list.items[0].contactId);
    await op.getByTestId("api-send").click();
    const result = op.getByTestId("api-result");
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain("200");
    await expect(result.textContent()).resolves.toContain("From the ERP");

    await page.setViewportSize({ width: 375, height: 740 });
    await expectNoHorizontalOverflow(page, 375);
    await page.screenshot({ path: `${SHOTS}/api-reference-375.png`, fullPage: true });
  });
});
