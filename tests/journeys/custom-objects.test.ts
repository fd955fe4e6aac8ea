import { describe, expect, it } from "vitest";
import { SHOTS, downloadInPage, journeyRuntime, openPage, setPlan, signUpAndLogIn } from "./support";

/**
 * Custom objects as an admin meets them, in 中文: define 门店 related to a company, give it a field, create a
 * store for a customer, and find it in the nav, on its own page and on the customer's page.
 */
const secret = "journey-platform-secret";
const runtime = journeyRuntime({ platformSecret: secret });

describe("custom objects journey", { timeout: 240_000 }, () => {
  it("defines 门店 with a field, creates a store for a company and sees it on the company page", async () => {
    const { product, browser } = runtime;
    const slug = `objects-${Date.now().toString(36)}`;
    const { ctx, page, errors, failed } = await openPage(browser, { width: 1280, height: 900 });
    await signUpAndLogIn(page, product, { company: "门店旅程有限公司", slug, name: "王芳", email: `${slug}@example.com`, password: "correct horse battery" });
    await setPlan(product, slug, "business", secret);

    await page.goto(`${product.url}/settings/objects`);
    await page.getByTestId("object-settings").waitFor({ timeout: 60_000 }).catch(async (err) => {
      await page.screenshot({ path: `${SHOTS}/custom-objects-failed.png`, fullPage: true });
      throw new Error(`${err}\n${[...errors, ...failed].join("\n")}\n${(await page.textContent("body"))?.slice(0, 2000)}`);
    });
    await expect(page.getByTestId("object-settings").locator("h2").first().textContent()).resolves.toBe("自定义对象");
    await page.getByTestId("new-object").click();
    const form = page.getByTestId("object-form");
    await form.getByTestId("object-key").fill("store");
    await form.getByTestId("object-singular-zh").fill("门店");
    await form.getByTestId("object-plural-zh").fill("门店");
    await form.getByTestId("object-singular-en").fill("Store");
    await form.getByTestId("object-plural-en").fill("Stores");
    await form.getByTestId("relation-add").click();
    await form.getByTestId("relation-key").fill("customer");
    await form.getByTestId("relation-label-zh").fill("所属客户");
    await form.getByTestId("relation-target").selectOption("company");
    await form.getByTestId("object-save").click();
    await form.waitFor({ state: "detached" });
    const row = page.getByTestId("object-row").filter({ hasText: "门店" });
    await row.waitFor();
    await page.getByTestId("nav-object-store").filter({ hasText: "门店" }).waitFor();

    await row.getByTestId("object-fields").click();
    await page.getByTestId("custom-fields-settings").waitFor();
    await page.getByTestId("fields-tab-obj_store").and(page.locator(".active")).waitFor();
    await page.getByTestId("new-field").click();
    const field = page.getByTestId("field-form");
    await field.locator("input[name=key]").fill("area");
    await field.locator("select[name=type]").selectOption("number");
    await field.locator("input[name=labelZh]").fill("面积");
    await field.getByTestId("save-field").click();
    await field.waitFor({ state: "detached" });
    await page.getByTestId("field-row").filter({ hasText: "面积" }).waitFor();

    const company = await page.evaluate(async () => {
      const res = await fetch("/api/companies", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "华东连锁集团" }) });
      return (await res.json()) as { companyId: string };
    });

    await page.getByTestId("nav-object-store").click();
    await page.getByTestId("object-list").locator("h1").filter({ hasText: "门店" }).waitFor();
    await page.getByTestId("object-record-new").click();
    const rec = page.getByTestId("object-record-form");
    await rec.getByTestId("object-record-name").fill("徐汇旗舰店");
    await rec.locator("input[name='custom.area']").fill("120");
    await rec.getByTestId("relation-search-customer").fill("华东");
    await rec.getByTestId("relation-hit").filter({ hasText: "华东连锁集团" }).click();
    await rec.getByTestId("relation-customer").filter({ hasText: "华东连锁集团" }).waitFor();
    await rec.getByTestId("object-record-save").click();
    await rec.waitFor({ state: "detached" });
    // The list's export menu downloads the records (here: those matching the search) as CSV with a BOM.
    await page.getByTestId("object-search").fill("徐汇");
    await page.getByTestId("export-menu").locator("summary").click();
    const href = await page.getByTestId("export-csv").getAttribute("href");
    expect(href).toContain("/api/objects/store/records/export.csv");
    await expect.poll(() => page.getByTestId("export-csv").getAttribute("href")).toContain("q=");
    const csv = await downloadInPage(page, (await page.getByTestId("export-csv").getAttribute("href"))!);
    expect(csv.status).toBe(200);
    const text = csv.bytes.toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("徐汇旗舰店");
    await page.getByTestId("object-records").getByText("徐汇旗舰店", { exact: true }).click();
    await page.getByTestId("object-record-title").filter({ hasText: "徐汇旗舰店" }).waitFor();
    await expect(page.getByTestId("custom-value-area").textContent()).resolves.toBe("120");
    // The timeline names the object in the reader's language; the record takes notes as a contact does.
    await page.getByTestId("object-record-timeline").getByText("创建了门店").first().waitFor();
    await page.getByTestId("note-body").fill("店长下周一到岗");
    await page.getByTestId("note-submit").click();
    await page.getByTestId("timeline").getByTestId("note-text").filter({ hasText: "店长下周一到岗" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/custom-objects-record.png`, fullPage: true });
    const storeUrl = page.url();

    await page.getByTestId("object-related-link").filter({ hasText: "华东连锁集团" }).click();
    await page.waitForURL(`${product.url}/companies/${company.companyId}`);
    const panel = page.getByTestId("related-objects");
    await panel.getByTestId("related-record-link").filter({ hasText: "徐汇旗舰店" }).waitFor();
    await expect(panel.textContent()).resolves.toContain("关联的门店");
    await page.getByTestId("timeline").getByText("徐汇旗舰店").first().waitFor();
    await page.screenshot({ path: `${SHOTS}/custom-objects-company.png`, fullPage: true });

    // A task on the store shows in 我的任务 with a link, named by the object, that opens the store.
    const storeId = storeUrl.split("/").pop()!;
    const created = await page.evaluate(async (recordId) => {
      const res = await fetch("/api/tasks", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "盘点门店库存", dueAt: new Date(Date.now() + 86_400_000).toISOString(), recordType: "obj_store", recordId }) });
      return res.status;
    }, storeId);
    expect(created).toBe(201);
    await page.goto(`${product.url}/tasks`);
    const task = page.getByTestId("task").filter({ hasText: "盘点门店库存" });
    await task.getByTestId("task-record").filter({ hasText: "门店" }).click();
    await page.waitForURL(storeUrl);
    await page.getByTestId("object-record-title").filter({ hasText: "徐汇旗舰店" }).waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
