import { describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, openPage, setPlan, signUpAndLogIn } from "./support";

/**
 * SLA settings as an admin meets them, in 中文 (Settings → Service desk): a business-hours calendar and a
 * policy are added through their in-place forms, listed, opened for editing and closed again.
 */
const secret = "journey-platform-secret";
const runtime = journeyRuntime({ platformSecret: secret });

describe("SLA settings journey", { timeout: 180_000 }, () => {
  it("adds a calendar and a policy, lists them and edits in place", async () => {
    const { product, browser } = runtime;
    const slug = `slaset-${Date.now().toString(36)}`;
    const { ctx, page, errors } = await openPage(browser, { width: 1280, height: 900 });
    await signUpAndLogIn(page, product, { company: "时效旅程有限公司", slug, name: "赵敏", email: `${slug}@example.com`, password: "correct horse battery" });
    await setPlan(product, slug, "business", secret);

    await page.goto(`${product.url}/settings/desk`);
    const calendars = page.getByTestId("sla-calendars");
    await expect(calendars.locator(".empty").textContent({ timeout: 60_000 })).resolves.toBe("还没有日历。");
    await calendars.getByTestId("new-calendar").click();
    const calForm = calendars.getByTestId("calendar-form");
    await calForm.locator("input[name=name]").fill("上海工作日");
    await calForm.getByRole("button", { name: "创建" }).click();
    await calForm.waitFor({ state: "detached" });
    await calendars.getByTestId("calendar").filter({ hasText: "上海工作日" }).waitFor();
    await expect(calendars.getByTestId("new-calendar").count()).resolves.toBe(1);

    const policies = page.getByTestId("sla-policies");
    await policies.getByTestId("new-policy").click();
    // While the new form is open, its button is gone.
    await expect(policies.getByTestId("new-policy").count()).resolves.toBe(0);
    const form = policies.getByTestId("policy-form");
    await form.locator("input[name=name]").fill("VIP 工单");
    const first = form.getByTestId("target-firstResponse");
    const on = first.locator("input[type=checkbox]");
    if (!(await on.isChecked())) await on.check();
    await first.locator("input[type=number]").fill("30");
    await form.getByRole("button", { name: "创建" }).click();
    await form.waitFor({ state: "detached" });
    const row = policies.getByTestId("policy").filter({ hasText: "VIP 工单" });
    await row.waitFor();

    // Editing turns the row into its form in place; cancelling turns it back.
    await row.getByRole("button", { name: "编辑" }).click();
    const editing = policies.getByTestId("policy").getByTestId("policy-form");
    await expect(editing.locator("input[name=name]").inputValue()).resolves.toBe("VIP 工单");
    await editing.getByRole("button", { name: "取消" }).click();
    await editing.waitFor({ state: "detached" });
    await row.waitFor();

    await page.setViewportSize({ width: 375, height: 812 });
    await expectNoHorizontalOverflow(page, 375);
    await page.screenshot({ path: `${SHOTS}/sla-settings-zh-CN-375.png`, fullPage: true });
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
