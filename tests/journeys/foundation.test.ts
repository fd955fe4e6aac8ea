import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { linkIn } from "../support/product";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, waitForMail as waitForMailIn } from "./support";

/**
 * The foundation as a person meets it, in real Chromium against the product started like `npm start`:
 * sign up, verify by the mailed link, log in, add a contact, find it, switch the language, use a phone.
 */
const runtime = journeyRuntime();

const waitForMail = (to: string) => waitForMailIn(runtime.product, to);

describe("foundation journey", { timeout: 120_000 }, () => {
  const slug = `journey-${Date.now().toString(36)}`;
  const email = `${slug}@example.com`;
  const password = "correct horse battery";
  let context: BrowserContext;
  let page: Page;

  it("signs up, verifies by the mailed link and logs in", async () => {
    context = await runtime.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await page.goto(`${runtime.product.url}/signup`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await page.fill("input[name=companyName]", "旅程测试有限公司");
    await page.fill("input[name=slug]", slug);
    await page.fill("input[name=name]", "王芳");
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await page.click("button[type=submit]");
    await page.getByTestId("check-mail").waitFor();
    await expect(page.getByTestId("check-mail").textContent()).resolves.toContain(email);

    const link = linkIn(await waitForMail(email));
    expect(link, "the verification link").toMatch(new RegExp(`^${runtime.product.url}/verify\\?token=`));
    await page.goto(link!);
    await page.getByTestId("verified").waitFor();

    await page.goto(`${runtime.product.url}/login`);
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await page.click("button[type=submit]");
    await page.waitForURL(`${runtime.product.url}/contacts`);
    await expect(page.locator("h1").textContent()).resolves.toBe("联系人");
  });

  it("creates contacts and finds one by search", async () => {
    for (const c of [{ name: "张伟", email: "zhang.wei@example.com", phone: "138 0013 8000" }, { name: "李娜", email: "li.na@example.com", phone: "" }]) {
      await page.getByTestId("new-contact").click();
      const form = page.getByTestId("contact-form");
      await form.locator("input[name=name]").fill(c.name);
      await form.locator("input[name=email]").fill(c.email);
      await form.locator("input[name=phone]").fill(c.phone);
      await form.locator("button[type=submit]").click();
      await form.waitFor({ state: "detached" });
      await page.getByTestId("contact-list").getByText(c.name, { exact: true }).waitFor();
    }
    await page.getByTestId("contact-list").getByText("+8613800138000").waitFor();

    await page.getByTestId("search").fill("张");
    await page.waitForURL(/[?&]q=/);
    const list = page.getByTestId("contact-list");
    await list.getByText("李娜").waitFor({ state: "detached" });
    await expect(list.getByText("张伟", { exact: true }).count()).resolves.toBe(1);

    await page.getByTestId("search").fill("");
    await list.getByText("李娜").waitFor();
  });

  it("switches the language and remembers it", async () => {
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await expect(page.locator("h1").textContent()).resolves.toBe("联系人");
    await expect(page.getByTestId("new-contact").textContent()).resolves.toBe("新建联系人");
    await page.screenshot({ path: `${SHOTS}/contacts-zh-CN.png`, fullPage: true });

    await page.getByTestId("lang-switch").click();
    await expect(page.locator("h1").textContent()).resolves.toBe("Contacts");
    await expect(page.getByTestId("new-contact").textContent()).resolves.toBe("New contact");
    await expect(page.getByTestId("nav-companies").textContent()).resolves.toBe("Companies");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.screenshot({ path: `${SHOTS}/contacts-en.png`, fullPage: true });

    await page.reload();
    await expect(page.locator("h1").textContent()).resolves.toBe("Contacts");
    expect(await page.getAttribute("html", "lang")).toBe("en");
  });

  it("fits a 375 px wide phone in both languages", async () => {
    const phone = await runtime.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, storageState: await context.storageState() });
    const p = await phone.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${runtime.product.url}/contacts`);
    await p.getByTestId("contact-list").getByText("张伟", { exact: true }).waitFor();
    await expectNoHorizontalOverflow(p, 375);
    await p.screenshot({ path: `${SHOTS}/contacts-en-375.png`, fullPage: true });

    await p.getByTestId("lang-switch").click();
    await expect(p.locator("h1").textContent()).resolves.toBe("联系人");
    await expectNoHorizontalOverflow(p, 375);
    await p.screenshot({ path: `${SHOTS}/contacts-zh-CN-375.png`, fullPage: true });

    // The nav folds into a menu on a phone.
    await expect(p.getByTestId("nav-companies").isVisible()).resolves.toBe(false);
    await p.getByRole("button", { name: "菜单" }).click();
    await p.getByTestId("nav-companies").click();
    await p.waitForURL(`${runtime.product.url}/companies`);
    await expectNoHorizontalOverflow(p, 375);
    await phone.close();
  });
});
