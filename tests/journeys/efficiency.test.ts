import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, downloadInPage, expectNoHorizontalOverflow, journeyRuntime, poll, setPlan, signUpAndLogIn } from "./support";

/**
 * Work efficiency: the owner logs two calls and a visit, opens the report and finds them in the table and
 * the charts, in Chinese and in English; switches the period to a custom range; downloads the CSV (with
 * its byte-order mark). On a phone the table becomes cards and nothing sticks out.
 */
const secret = `journey-${Date.now().toString(36)}`;
const runtime = journeyRuntime({ platformSecret: secret });

async function post(page: Page, path: string, body: unknown) {
  return page.evaluate(async ([p, b]) => {
    const res = await fetch(p as string, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(b) });
    return { status: res.status, body: await res.json() };
  }, [path, body] as const);
}

describe("work-efficiency journey", { timeout: 240_000 }, () => {
  const slug = `eff-${Date.now().toString(36)}`;
  const email = `${slug}@example.com`;
  let context: BrowserContext;
  let page: Page;

  it("signs up, gets reports and logs activities", async () => {
    context = await runtime.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signUpAndLogIn(page, runtime.product, { company: "效率旅程有限公司", slug, name: "韩梅梅", email, password: "correct horse battery" });
    await setPlan(runtime.product, slug, "team", secret);
    const contact = await post(page, "/api/contacts", { name: "王芳", shared: true });
    expect(contact.status).toBe(201);
    for (const kind of ["call", "call", "visit"]) {
      expect((await post(page, "/api/activities", { kind, recordType: "contact", recordId: contact.body.contactId })).status).toBe(201);
    }
  });

  it("shows the activities per member in the table and the charts, in both languages", async () => {
    await page.goto(`${runtime.product.url}/reports/efficiency`);
    const table = page.getByTestId("efficiency-table");
    await table.waitFor();
    const row = table.locator("tbody tr").filter({ hasText: "韩梅梅" });
    // Calls, meetings, visits, emails, all activities.
    await poll("the owner's calls", async () => ((await row.locator("td").nth(1).innerText()) === "2" ? true : undefined));
    expect(await row.locator("td").nth(3).innerText()).toBe("1");
    expect(await row.locator("td").nth(5).innerText()).toBe("3");
    await expect(page.getByText("工作效率").first().isVisible()).resolves.toBe(true);
    for (const chart of ["activities", "deals", "tickets", "fr"]) await page.getByTestId(`efficiency-${chart}-chart`).locator("canvas").waitFor();
    await page.screenshot({ path: `${SHOTS}/efficiency-zh.png`, fullPage: true });

    await page.evaluate(() => localStorage.setItem("locale", "en"));
    await page.reload();
    await page.getByTestId("efficiency-table").waitFor();
    expect(await page.getByTestId("efficiency-table").locator("thead").innerText()).toContain("Calls");
  });

  it("picks a custom range and downloads the CSV", async () => {
    const from = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10);
    await page.selectOption("select[name=period]", "custom");
    await page.locator("input[name=from]").waitFor();
    await page.fill("input[name=from]", from);
    await page.locator("input[name=from]").dispatchEvent("change");
    await poll("the range in the address", () => (page.url().includes(`from=${from}`) ? true : undefined));
    await poll("the report of the range", async () => ((await page.getByTestId("efficiency-range").innerText()).includes(from) ? true : undefined));
    const href = (await page.getByTestId("efficiency-csv").getAttribute("href"))!;
    expect(href).toContain(`from=${from}`);
    // What the link downloads, with the session's cookie.
    const file = await downloadInPage(page, href);
    expect(file.status).toBe(200);
    expect(file.disposition).toContain("attachment");
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.bytes.toString("utf8");
    expect(text).toContain("Member");
    expect(text).toContain("韩梅梅");
  });

  it("fits a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId("efficiency-table").waitFor();
    await expectNoHorizontalOverflow(page, 390);
    await context.close();
  });
});
