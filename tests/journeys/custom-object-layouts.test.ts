import { describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, openPage, poll, setPlan, signUpAndLogIn } from "./support";

/**
 * A custom object's layout as an admin arranges it in 中文 (a second section, a field on quick entry), then
 * the quick-entry form on a phone shows only the chosen fields and the required one, and the full form draws
 * the sections in order.
 */
const secret = "journey-platform-secret";
const runtime = journeyRuntime({ platformSecret: secret });

describe("custom object layouts journey", { timeout: 240_000 }, () => {
  it("arranges 项目's fields and enters a 项目 on a phone with the quick-entry form", async () => {
    const { product, browser } = runtime;
    const slug = `objlayout-${Date.now().toString(36)}`;
    const { ctx, page, errors } = await openPage(browser, { width: 1280, height: 900 });
    await signUpAndLogIn(page, product, { company: "布局旅程有限公司", slug, name: "李娜", email: `${slug}@example.com`, password: "correct horse battery" });
    await setPlan(product, slug, "business", secret);
    const setup = await page.evaluate(async () => {
      const post = (path: string, body: unknown) => fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.status);
      return [
        await post("/api/objects", {
          key: "project", labels: { singular: { en: "Project", "zh-CN": "项目" }, plural: { en: "Projects", "zh-CN": "项目" } },
          nameLabel: { en: "Project name", "zh-CN": "项目名称" }, relations: [{ key: "customer", labels: { en: "Customer", "zh-CN": "所属客户" }, target: "company" }],
        }),
        await post("/api/custom-fields", { objectType: "obj_project", key: "budget", type: "number", labels: { en: "Budget", "zh-CN": "预算" }, required: true }),
        await post("/api/custom-fields", { objectType: "obj_project", key: "phase", type: "text", labels: { en: "Phase", "zh-CN": "阶段" } }),
        await post("/api/custom-fields", { objectType: "obj_project", key: "remark", type: "text", labels: { en: "Remark", "zh-CN": "备注" } }),
      ];
    });
    expect(setup).toEqual([201, 201, 201, 201]);

    // Settings → Custom fields → 项目: the layout editor next to the built-in objects, labels in 中文.
    await page.goto(`${product.url}/settings/fields`);
    await page.getByTestId("custom-fields-settings").waitFor({ timeout: 60_000 });
    await page.getByTestId("fields-tab-obj_project").filter({ hasText: "项目" }).click();
    const editor = page.getByTestId("layout-editor");
    await editor.getByTestId("layout-field-remark").waitFor();
    await expect(editor.getByTestId("layout-field-name").textContent()).resolves.toContain("项目名称");
    await expect(editor.getByTestId("layout-field-relations.customer").textContent()).resolves.toContain("所属客户");
    await editor.getByRole("button", { name: "添加分组" }).click();
    await expect(editor.getByTestId("layout-section").count()).resolves.toBe(2);
    await editor.getByTestId("layout-field-remark").locator("select").selectOption("1");
    await editor.getByTestId("layout-section").nth(1).getByTestId("layout-field-remark").waitFor();
    await editor.getByTestId("layout-field-phase").getByRole("checkbox", { name: "快速录入" }).check();
    await editor.getByTestId("save-layout").click();
    const saved = await poll("the saved layout", async () => {
      const l = await page.evaluate(() => fetch("/api/layouts/obj_project").then((r) => r.json()));
      return l.version === 1 ? l : undefined;
    });
    expect(saved.quickEntry).toEqual(["name", "budget", "phase"]);
    expect(saved.sections[1].fields).toEqual(["remark"]);

    // On a phone: the quick-entry form shows the name, the quick-entry field and the required one, nothing else.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${product.url}/objects/project`);
    await page.getByTestId("object-list").locator("h1").filter({ hasText: "项目" }).waitFor();
    await page.getByTestId("object-record-quick").click();
    const quick = page.getByTestId("object-quick-form");
    await quick.getByTestId("object-record-name").waitFor();
    await quick.locator("input[name='custom.phase']").waitFor();
    await expect(quick.locator("input[name='custom.budget']").count()).resolves.toBe(1);
    await expect(quick.locator("input[name='custom.remark']").count()).resolves.toBe(0);
    await expect(quick.getByTestId("relation-customer").count()).resolves.toBe(0);
    await expectNoHorizontalOverflow(page, 390);
    await page.screenshot({ path: `${SHOTS}/custom-object-quick-entry.png`, fullPage: true });
    // The API insists on the required field: its error shows at the field.
    await quick.getByTestId("object-record-name").fill("浦东改造项目");
    await quick.locator("input[name='custom.phase']").fill("设计");
    await quick.locator("input[name='custom.budget']").evaluate((el) => el.removeAttribute("required"));
    await quick.getByTestId("object-record-save").click();
    await quick.locator(".field-error").first().waitFor();
    await quick.locator("input[name='custom.budget']").fill("500000");
    await quick.getByTestId("object-record-save").click();
    await quick.waitFor({ state: "detached" });
    await page.getByTestId("object-records").getByText("浦东改造项目", { exact: true }).waitFor();

    // The full form draws both sections in order, the remark in the second.
    await page.getByTestId("object-record-new").click();
    const full = page.getByTestId("object-record-form");
    await full.locator("fieldset legend").first().waitFor();
    await expect(full.locator("fieldset").count()).resolves.toBe(2);
    await expect(full.locator("fieldset").nth(1).locator("input[name='custom.remark']").count()).resolves.toBe(1);
    await expect(full.locator("fieldset").nth(0).getByTestId("relation-customer").count()).resolves.toBe(1);
    await full.getByRole("button", { name: "取消" }).click();

    // The record's page draws its values by the same sections, headed by their labels.
    await page.getByTestId("object-records").getByText("浦东改造项目", { exact: true }).click();
    await page.getByTestId("object-record-title").filter({ hasText: "浦东改造项目" }).waitFor();
    const sections = page.locator("[data-testid^=object-record-section-]");
    await sections.nth(1).waitFor();
    await expect(sections.count()).resolves.toBe(2);
    await expect(sections.nth(0).getByTestId("custom-value-budget").textContent()).resolves.toContain("500,000");
    await expect(sections.nth(0).getByTestId("object-relation-customer").count()).resolves.toBe(1);
    await expect(sections.nth(1).getByTestId("custom-value-remark").count()).resolves.toBe(1);
    await expect(sections.nth(1).locator("h2").count()).resolves.toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
