import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, poll, setPlan, signUpAndLogIn } from "./support";

/**
 * 外勤签到 on a phone (375 px, 简体中文): the rep opens a customer, taps 签到 (Chromium grants a fixed position),
 * adds a photo from the "camera", checks out, and finds the visit in the day's list with its coordinates and photo.
 */
const secret = `journey-${Date.now().toString(36)}`;
const runtime = journeyRuntime({ platformSecret: secret });
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

describe("field visits journey", { timeout: 240_000 }, () => {
  const slug = `visits-${Date.now().toString(36)}`;
  let ctx: BrowserContext;
  let page: Page;

  afterAll(async () => ctx?.close());

  it("checks in at a customer with the phone's location and a photo, then checks out", async () => {
    ctx = await runtime.browser.newContext({
      viewport: { width: 375, height: 800 }, locale: "zh-CN", permissions: ["geolocation"],
      geolocation: { latitude: 31.2304, longitude: 121.4737, accuracy: 20 },
    });
    await ctx.addInitScript(() => localStorage.setItem("locale", "zh-CN"));
    page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    await signUpAndLogIn(page, runtime.product, { company: "外勤旅程有限公司", slug, name: "李雷", email: `${slug}@example.com`, password: "correct horse battery" });
    await setPlan(runtime.product, slug, "team", secret);
    const res = await page.request.post(`${runtime.product.url}/api/companies`, { data: { name: "上海浦江机械" } });
    expect(res.status()).toBe(201);
    const companyId = (await res.json()).companyId;

    await page.goto(`${runtime.product.url}/companies/${companyId}`);
    await page.getByTestId("visit-check-in-button").click();
    const status = page.getByTestId("visit-checked-in");
    await status.waitFor();
    await expect(status.textContent()).resolves.toContain("31.23040, 121.47370 ±20 m");
    await expect(status.textContent()).resolves.toContain("已签到");
    await page.getByTestId("visit-photo-input").setInputFiles({ name: "door.png", mimeType: "image/png", buffer: PNG });
    await page.getByText("已拍照 · 重拍").waitFor();
    await page.getByTestId("visit-check-out").click();
    await page.getByTestId("visit-checked-out").waitFor();
    await expectNoHorizontalOverflow(page, 375);
  });

  it("shows the visit in the day's list with its coordinates and a photo link", async () => {
    await page.goto(`${runtime.product.url}/visits`);
    const row = page.getByTestId("visit-row").filter({ hasText: "上海浦江机械" });
    await row.waitFor();
    await expect(row.getByTestId("visit-coords").textContent()).resolves.toContain("31.23040, 121.47370");
    const popup = page.waitForEvent("popup");
    await row.getByTestId("visit-photo-link").click();
    const photo = await popup;
    await poll("the photo page", async () => (photo.url().includes("/photo") ? true : undefined));
    await page.screenshot({ path: `${SHOTS}/visits-zh-375.png`, fullPage: true });
    await expectNoHorizontalOverflow(page, 375);
  });
});
