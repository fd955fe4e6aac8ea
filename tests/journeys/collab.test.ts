import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { linkIn } from "../support/product";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, poll, signUpAndLogIn, waitForMail } from "./support";

/**
 * Working together: the owner invites a teammate, writes a note on a contact mentioning them through the
 * @ autocomplete; the teammate, in a browser of their own, sees the unread badge on the bell, finds the
 * mention in the notification centre and opens the contact from it.
 */
const runtime = journeyRuntime();

describe("collaboration journey", { timeout: 180_000 }, () => {
  const slug = `collab-${Date.now().toString(36)}`;
  const ownerEmail = `${slug}@example.com`;
  const mateEmail = `wang.fang.${slug}@example.com`;
  const mateName = "王芳";
  const matePassword = "another correct horse";
  const contactName = "赵敏（协作）";
  let owner: BrowserContext;
  let page: Page;
  let mate: BrowserContext;
  let contactUrl = "";

  it("signs up the owner and brings in a teammate by invitation", async () => {
    owner = await runtime.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    page = await owner.newPage();
    page.setDefaultTimeout(15_000);
    await signUpAndLogIn(page, runtime.product, { company: "协作旅程有限公司", slug, name: "韩梅梅", email: ownerEmail, password: "correct horse battery" });

    await page.goto(`${runtime.product.url}/settings/team`);
    const form = page.getByTestId("invite-form");
    await form.locator("input[name=email]").fill(mateEmail);
    await form.locator("button[type=submit]").click();
    await form.locator(".notice").waitFor();

    const link = linkIn(await waitForMail(runtime.product, mateEmail));
    expect(link, "the invitation link").toMatch(new RegExp(`^${runtime.product.url}/accept\\?token=`));
    const joining = await runtime.browser.newContext({ locale: "zh-CN" });
    const j = await joining.newPage();
    j.setDefaultTimeout(15_000);
    await j.goto(link!);
    await j.getByTestId("accept-summary").waitFor();
    await j.fill("input[name=name]", mateName);
    await j.fill("input[name=password]", matePassword);
    await j.click("button[type=submit]");
    await j.waitForURL(`${runtime.product.url}/contacts`);
    await joining.close();
  });

  it("the owner writes a note on a new contact, mentioning the teammate with the @ autocomplete", async () => {
    // A fresh load: the member list behind the autocomplete now has the teammate.
    await page.goto(`${runtime.product.url}/contacts`);
    await page.getByTestId("new-contact").click();
    await page.getByTestId("contact-form").locator("input[name=name]").fill(contactName);
    // Shared, so a member who is not its owner may open it from the mention.
    await page.getByTestId("contact-form").locator("input[name=shared]").check();
    await page.getByTestId("contact-form").locator("button[type=submit]").click();
    await page.getByTestId("contact-list").getByText(contactName, { exact: true }).click();
    await page.waitForURL(/\/contacts\/[0-9a-z]+$/);
    contactUrl = page.url();
    await page.getByTestId("notes-activity").waitFor();

    const editor = page.getByTestId("note-body");
    await editor.click();
    await editor.pressSequentially("请明天回电 @");
    const options = page.getByTestId("mention-option");
    await poll("both teammates offered", async () => ((await options.count()) === 2 ? true : undefined));
    // Narrowing by name leaves the teammate; the arrow keys move, Enter picks.
    await editor.pressSequentially("王");
    await poll("the list narrowed to the teammate", async () => ((await options.count()) === 1 ? true : undefined));
    await editor.press("ArrowDown");
    await expect(page.locator("[data-testid=mention-option][aria-selected=true]").textContent()).resolves.toContain(mateName);
    await editor.press("Enter");
    await expect(page.getByTestId("mention-list").count()).resolves.toBe(0);
    await editor.pressSequentially("跟进报价。");
    await expect(editor.inputValue()).resolves.toBe(`请明天回电 @${mateName} 跟进报价。`);
    await page.getByTestId("note-submit").click();

    const note = page.getByTestId("timeline").getByTestId("note-text").first();
    await note.waitFor();
    await expect(note.textContent()).resolves.toBe(`请明天回电 @${mateName} 跟进报价。`);
    await expect(editor.inputValue()).resolves.toBe("");
    // The contact's creation is on the timeline too, by its author.
    await page.locator("[data-testid=timeline-entry][data-type='contact.created']").waitFor();
  });

  it("the teammate logs in, sees the unread badge and opens the contact from the mention", async () => {
    mate = await runtime.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
    const p = await mate.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${runtime.product.url}/login`);
    await p.fill("input[name=email]", mateEmail);
    await p.fill("input[name=password]", matePassword);
    await p.click("button[type=submit]");
    await p.waitForURL(`${runtime.product.url}/contacts`);

    await poll("the unread badge", async () => {
      if (await p.getByTestId("bell-count").count()) return true;
      await p.reload();
      await p.getByTestId("bell").waitFor();
      return undefined;
    }, 30_000, 1_000);
    await expect(p.getByTestId("bell-count").textContent()).resolves.toBe("1");

    await p.getByTestId("bell").click();
    await p.waitForURL(`${runtime.product.url}/notifications`);
    const mention = p.locator("[data-testid=notification][data-kind=mention]");
    await mention.waitFor();
    await expect(mention.getAttribute("data-unread")).resolves.toBe("true");
    await expect(mention.textContent()).resolves.toContain(contactName);
    await p.getByTestId("tab-mention").click();
    await mention.waitFor();
    await expectNoHorizontalOverflow(p, 375);
    await p.screenshot({ path: `${SHOTS}/notifications-zh-CN-375.png`, fullPage: true });

    await mention.click();
    await p.waitForURL(contactUrl);
    await expect(p.getByTestId("record-title").textContent()).resolves.toBe(contactName);
    await p.getByTestId("note-text").first().waitFor();
    await poll("the badge cleared", async () => ((await p.getByTestId("bell-count").count()) === 0 ? true : undefined));
    await expectNoHorizontalOverflow(p, 375);
    await p.screenshot({ path: `${SHOTS}/contact-notes-zh-CN-375.png`, fullPage: true });
  });

  it("the teammate turns mention emails off in Settings → Notifications", async () => {
    const p = mate.pages()[0];
    await p.goto(`${runtime.product.url}/settings/notifications`);
    const prefs = p.getByTestId("notification-prefs");
    const email = prefs.locator("input[name='mention.email']");
    await email.waitFor();
    await expect(email.isChecked()).resolves.toBe(true);
    await expect(prefs.locator("input[name='mention.app']").isChecked()).resolves.toBe(true);
    await email.uncheck();
    await prefs.locator("input[name='sla.digest']").check();
    await p.getByTestId("prefs-save").click();
    await prefs.locator(".notice").waitFor();
    await expectNoHorizontalOverflow(p, 375);
    await p.screenshot({ path: `${SHOTS}/notification-settings-zh-CN-375.png`, fullPage: true });

    await p.reload();
    await email.waitFor();
    await expect(email.isChecked()).resolves.toBe(false);
    await expect(prefs.locator("input[name='mention.app']").isChecked()).resolves.toBe(true);
    await expect(prefs.locator("input[name='sla.digest']").isChecked()).resolves.toBe(true);
    await mate.close();
  });

  it("the owner gives the teammate an overdue task on the contact and logs a call; the teammate sees it in My tasks", async () => {
    await page.goto(contactUrl);
    const tasks = page.getByTestId("record-tasks");
    await tasks.locator("summary").click();
    const form = tasks.getByTestId("task-form");
    await form.locator("input[name=title]").fill("回电确认报价");
    await form.locator("input[name=dueAt]").fill("2026-01-05T09:00");
    await form.locator("select[name=assigneeId]").selectOption({ label: mateName });
    await form.locator("button[type=submit]").click();
    const row = tasks.getByTestId("task");
    await row.waitFor();
    await expect(row.getAttribute("data-overdue")).resolves.toBe("true");

    await page.getByTestId("log-call").click();
    const activity = page.getByTestId("activity-form");
    await activity.locator("input[name=outcome]").fill("客户同意下周签约");
    await activity.locator("input[name=durationMinutes]").fill("12");
    await activity.locator("button[type=submit]").click();
    await poll("the call on the timeline", async () => {
      const entry = page.locator("[data-testid=timeline-entry][data-type='activity.logged']");
      if (await entry.count()) return (await entry.first().textContent()) ?? "";
      await page.reload();
      await page.getByTestId("timeline").waitFor();
      return undefined;
    }, 20_000, 1_000).then((text) => expect(text).toContain("客户同意下周签约"));

    const ctx = await runtime.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
    const p = await ctx.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${runtime.product.url}/login`);
    await p.fill("input[name=email]", mateEmail);
    await p.fill("input[name=password]", matePassword);
    await p.click("button[type=submit]");
    await p.waitForURL(`${runtime.product.url}/contacts`);
    await p.goto(`${runtime.product.url}/tasks`);
    const mine = p.getByTestId("task");
    await mine.waitFor();
    await expect(mine.textContent()).resolves.toContain("回电确认报价");
    await expect(mine.getAttribute("data-overdue")).resolves.toBe("true");
    await expectNoHorizontalOverflow(p, 375);
    await p.screenshot({ path: `${SHOTS}/tasks-zh-CN-375.png`, fullPage: true });
    await mine.getByTestId("task-done").click();
    await poll("the task leaves the to-do list", async () => ((await p.getByTestId("task").count()) === 0 ? true : undefined));
    await p.getByTestId("tab-done").click();
    await p.getByTestId("task").waitFor();
    await ctx.close();
  });
});
