import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, poll, signUpAndLogIn } from "./support";

/**
 * Leads: the owner sets a routing rule and copies the web form snippet; a visitor sends the form from
 * another page; the lead shows in the list, is converted into contact, company and deal in one step, and
 * the new contact opens from the lead.
 */
const runtime = journeyRuntime();

describe("leads journey", { timeout: 180_000 }, () => {
  const slug = `leads-${Date.now().toString(36)}`;
  let ctx: BrowserContext;
  let page: Page;
  let snippet = "";

  it("the owner adds a routing rule and gets the web form snippet", async () => {
    ctx = await runtime.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en" });
    await ctx.addInitScript(() => localStorage.setItem("locale", "en"));
    page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    await signUpAndLogIn(page, runtime.product, { company: "Leads Journey Ltd", slug, name: "Lin Tao", email: `${slug}@example.com`, password: "correct horse battery" });
    await page.getByTestId("nav-leads").click();
    await page.waitForURL(`${runtime.product.url}/leads`);
    await page.getByTestId("empty").waitFor();

    await page.goto(`${runtime.product.url}/settings/lead-routing`);
    await page.getByTestId("add-rule").click();
    await page.getByTestId("add-rule").click();
    const rules = page.getByTestId("routing-rule");
    await rules.nth(0).locator("input[name=ruleName]").fill("Fairs");
    await rules.nth(0).locator("input[name=sources]").fill("fair, expo");
    await rules.nth(1).locator("input[name=ruleName]").fill("Big ones");
    await rules.nth(1).locator("input[name=amountMin]").fill("10000");
    // Up/down reorders: "Big ones" goes first.
    await rules.nth(1).getByTestId("rule-up").click();
    await expect(rules.nth(0).locator("input[name=ruleName]").inputValue()).resolves.toBe("Big ones");
    await page.getByTestId("save-routing").click();
    await page.locator("[data-testid=lead-routing] .notice").waitFor();
    await page.reload();
    await expect(page.getByTestId("routing-rule").nth(1).locator("input[name=sources]").inputValue()).resolves.toBe("fair, expo");
    snippet = await page.getByTestId("form-snippet").inputValue();
    expect(snippet).toContain(`${runtime.product.url}/api/public/forms/${slug}/leads`);
    await page.screenshot({ path: `${SHOTS}/lead-routing-en-1280.png`, fullPage: true });
  });

  it("a visitor sends the pasted form from another page", async () => {
    const visitor = await runtime.browser.newContext({ locale: "en" });
    const v = await visitor.newPage();
    v.setDefaultTimeout(15_000);
    await v.setContent(`<!doctype html><html><body>${snippet}</body></html>`);
    await v.fill("input[name=name]", "Zhou Xun");
    await v.fill("input[name=email]", "zhou.xun@example.com");
    await v.fill("input[name=companyName]", "Xun Trading");
    await v.fill("textarea[name=message]", "Met you at the fair");
    await v.click("button[type=submit]");
    await poll("the thank-you text", async () => ((await v.locator(".crm-lead-form-status").textContent())?.includes("Thank you") ? true : undefined));
    await visitor.close();
  });

  it("the lead shows in the list, converts in one step and links to the new contact", async () => {
    const res = await page.request.post(`${runtime.product.url}/api/pipelines`, { data: { name: "New business" } });
    expect(res.status()).toBe(201);
    await page.goto(`${runtime.product.url}/leads`);
    await page.getByTestId("lead-list").getByText("Zhou Xun", { exact: true }).click();
    await page.waitForURL(/\/leads\/[0-9a-z]+$/);
    await expect(page.getByTestId("lead-status").first().textContent()).resolves.toBe("New");
    await page.getByTestId("mark-working").click();
    await poll("working", async () => ((await page.getByTestId("lead-status").first().textContent()) === "Working" ? true : undefined));
    await page.getByTestId("convert").locator("input[name=amount]").fill("2500");
    await page.getByTestId("convert-submit").click();
    await page.getByTestId("converted").waitFor();
    await expect(page.getByTestId("lead-status").first().textContent()).resolves.toBe("Converted");
    await page.locator("[data-testid=lead-timeline] [data-type='lead.converted']").waitFor();
    await page.screenshot({ path: `${SHOTS}/lead-converted-en-1280.png`, fullPage: true });
    await page.getByTestId("converted-contact").click();
    await page.waitForURL(/\/contacts\/[0-9a-z]+$/);
    await expect(page.getByTestId("record-title").textContent()).resolves.toBe("Zhou Xun");

    await page.goto(`${runtime.product.url}/leads?status=converted`);
    await page.getByTestId("lead-list").getByText("Zhou Xun", { exact: true }).waitFor();
    await page.setViewportSize({ width: 375, height: 740 });
    await expectNoHorizontalOverflow(page, 375);
  });
});
