import { describe, expect, it } from "vitest";
import { SHOTS, journeyRuntime, openPage, setPlan, signUpAndLogIn } from "./support";

/**
 * Custom fields as an admin meets them, in 中文: add a single-select field in Settings, fill it on a new
 * contact's form, and read it on the contact's page.
 */
const secret = "journey-platform-secret";
const runtime = journeyRuntime({ platformSecret: secret });

describe("custom fields journey", { timeout: 180_000 }, () => {
  it("adds a select field, fills it on a contact form and sees it on the detail page", async () => {
    const { product, browser } = runtime;
    const slug = `fields-${Date.now().toString(36)}`;
    const { ctx, page, errors, failed } = await openPage(browser, { width: 1280, height: 860 });
    await signUpAndLogIn(page, product, { company: "字段旅程有限公司", slug, name: "陈静", email: `${slug}@example.com`, password: "correct horse battery" });
    await setPlan(product, slug, "team", secret);

    await page.goto(`${product.url}/settings/fields`);
    await page.getByTestId("custom-fields-settings").waitFor({ timeout: 60_000 }).catch(async (err) => {
      await page.screenshot({ path: `${SHOTS}/custom-fields-failed.png`, fullPage: true });
      throw new Error(`${err}\n${[...errors, ...failed].join("\n")}\n${(await page.textContent("body"))?.slice(0, 2000)}`);
    });
    await expect(page.getByTestId("custom-fields-settings").locator("h2").first().textContent()).resolves.toBe("自定义字段");
    await page.getByTestId("new-field").click();
    const form = page.getByTestId("field-form");
    await form.locator("input[name=key]").fill("level");
    await form.locator("select[name=type]").selectOption("single_select");
    await form.locator("input[name=labelZh]").fill("客户等级");
    await form.locator("input[name=labelEn]").fill("Customer level");
    await form.getByTestId("add-option").click();
    await form.getByTestId("add-option").click();
    const rows = form.getByTestId("option-row");
    await rows.nth(0).locator("input[name=optionKey]").fill("gold");
    await rows.nth(0).locator("input[name=optionZh]").fill("金牌");
    await rows.nth(0).locator("input[name=optionEn]").fill("Gold");
    await rows.nth(1).locator("input[name=optionKey]").fill("silver");
    await rows.nth(1).locator("input[name=optionZh]").fill("银牌");
    await form.getByTestId("save-field").click();
    await form.waitFor({ state: "detached" });
    await page.getByTestId("field-row").filter({ hasText: "客户等级" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/custom-fields-settings.png`, fullPage: true });

    await page.goto(`${product.url}/contacts`);
    await page.getByTestId("new-contact").click();
    const contact = page.getByTestId("contact-form");
    await contact.locator("input[name=name]").fill("赵敏");
    const select = contact.locator("select[name='custom.level']");
    await select.waitFor();
    await select.selectOption({ label: "金牌" });
    await contact.locator("button[type=submit]").click();
    await contact.waitFor({ state: "detached" });
    await page.getByTestId("contact-list").getByText("赵敏", { exact: true }).click();
    await page.getByTestId("record-title").filter({ hasText: "赵敏" }).waitFor();
    const value = page.getByTestId("custom-value-level");
    await expect(value.textContent()).resolves.toBe("金牌");
    await expect(page.getByTestId("custom-values-contact").textContent()).resolves.toContain("客户等级");
    await page.screenshot({ path: `${SHOTS}/custom-fields-contact.png`, fullPage: true });
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
