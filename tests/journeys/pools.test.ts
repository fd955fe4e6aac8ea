import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, poll, setPlan, signUpAndLogIn } from "./support";

/**
 * 公海 and 合同 in 简体中文: the admin sets up a pool, moves a customer into it, claims it from the pool page
 * (the phone masked until then), then signs a contract with a payment plan and records a payment (回款).
 */
const secret = `journey-${Date.now().toString(36)}`;
const runtime = journeyRuntime({ platformSecret: secret });

describe("pools and contracts journey", { timeout: 240_000 }, () => {
  const slug = `pools-${Date.now().toString(36)}`;
  let ctx: BrowserContext;
  let page: Page;
  let companyId = "";

  afterAll(async () => ctx?.close());

  it("sets up a pool in Chinese and moves a customer into it", async () => {
    ctx = await runtime.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
    await ctx.addInitScript(() => localStorage.setItem("locale", "zh-CN"));
    page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    await signUpAndLogIn(page, runtime.product, { company: "公海旅程有限公司", slug, name: "王芳", email: `${slug}@example.com`, password: "correct horse battery" });
    await setPlan(runtime.product, slug, "business", secret);
    const res = await page.request.post(`${runtime.product.url}/api/companies`, { data: { name: "深圳星辰科技", phone: "+8613812345678" } });
    expect(res.status()).toBe(201);
    companyId = (await res.json()).companyId;

    await page.goto(`${runtime.product.url}/settings/pools`);
    await page.getByTestId("pool-new").click();
    await page.getByTestId("pool-name").fill("华南公海");
    await page.getByTestId("pool-daily").fill("5");
    // The admin who moves a customer in counts as its previous owner: no cooldown here, so they may claim it back.
    await page.getByTestId("pool-cooldown").fill("0");
    await page.getByTestId("pool-save").click();
    await page.getByTestId("pool-settings").getByText("华南公海").waitFor();

    await page.goto(`${runtime.product.url}/companies/${companyId}`);
    await page.getByTestId("pool-move").click();
    await page.getByTestId("company-pool").getByText("进入公海").waitFor();
  });

  it("claims the customer from the pool page, its phone masked until then", async () => {
    await page.goto(`${runtime.product.url}/pools`);
    const row = page.getByTestId("pool-row").filter({ hasText: "深圳星辰科技" });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain("+86 138****5678");
    await page.screenshot({ path: `${SHOTS}/pools-zh-1280.png`, fullPage: true });
    await row.getByTestId("pool-claim").click();
    await page.waitForURL(`${runtime.product.url}/companies/${companyId}`);
    await page.getByTestId("pool-return").waitFor();
    await expect(page.getByTestId("record-title").textContent()).resolves.toBe("深圳星辰科技");
  });

  it("signs a contract with a payment plan and records a payment against it", async () => {
    await page.getByTestId("contract-new").click();
    await page.getByTestId("contract-title").fill("年度服务合同");
    await page.getByTestId("contract-amount").fill("1000");
    await page.getByTestId("instalment-add").click();
    await page.getByTestId("instalment-amount").fill("1000");
    await page.getByTestId("instalment-date").fill("2027-01-31");
    await page.getByTestId("contract-save").click();
    const row = page.getByTestId("contract-row").filter({ hasText: "年度服务合同" });
    await row.waitFor();
    const number = (await row.locator("a").textContent())!;
    expect(number).toMatch(/^HT-\d{6}-\d{4}$/);
    await row.locator("a").click();
    await page.getByTestId("contract-page").waitFor();
    await page.getByTestId("payment-amount").fill("400");
    await page.getByTestId("payment-save").click();
    await poll("the payment counted", async () => ((await page.getByTestId("contract-collected").textContent())?.includes("400") ? true : undefined));
    await expect(page.getByTestId("instalment-row").first().textContent()).resolves.toContain("部分回款");

    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.getByTestId("instalment-row").first().waitFor();
    await expectNoHorizontalOverflow(page, 375);
    await page.screenshot({ path: `${SHOTS}/contract-zh-375.png`, fullPage: true });
  });

  it("shows what is still to collect on the receivables report, as a chart, a table and a CSV", async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${runtime.product.url}/reports/receivables`);
    await page.getByTestId("receivables-chart").waitFor();
    const table = page.getByTestId("receivables-report").locator("table");
    await expect(table.textContent()).resolves.toContain("¥600");
    const href = await page.getByTestId("receivables-csv").getAttribute("href");
    const csv = await page.request.get(`${runtime.product.url}${href}`);
    const bytes = Buffer.from(await csv.body());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toContain("负责人,计划回款,已回款,未回款,逾期");
    await page.screenshot({ path: `${SHOTS}/receivables-zh-1280.png`, fullPage: true });
  });
});
