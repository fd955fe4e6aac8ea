import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { linkIn, newestMail, startProduct, type Product } from "../support/product";

/** Shared by the browser journeys: Chromium, the outbox, and the way a person signs up. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const SHOTS = "test-results";

/**
 * The product started the way `npm start` starts it, and Chromium, for one journey file: started before its
 * tests, stopped after them. `platformSecret` switches on the platform API (to move a workspace to a plan).
 */
export function journeyRuntime(opts: { platformSecret?: string } = {}): { product: Product; browser: Browser } {
  const runtime = {} as { product: Product; browser: Browser };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    if (opts.platformSecret) process.env.PLATFORM_SECRET = opts.platformSecret;
    [runtime.product, runtime.browser] = await Promise.all([startProduct(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await runtime.browser?.close();
    await runtime.product?.stop();
  }, 60_000);
  return runtime;
}

/** Moves a workspace to a plan through the platform API (the runtime's `platformSecret`). */
export async function setPlan(product: Product, slug: string, plan: string, secret: string) {
  const res = await fetch(`${product.url}/api/platform/tenants/${slug}/plan`, {
    method: "PUT", headers: { "content-type": "application/json", "x-platform-secret": secret }, body: JSON.stringify({ plan }),
  });
  expect(res.status, `moving ${slug} to ${plan}`).toBe(200);
}

/**
 * A fresh browser context and page in 中文 (or `locale`) at a viewport, with a 30 s default wait, and lists
 * that collect page errors and failed responses for the journey to assert on or report.
 */
export async function openPage(browser: Browser, viewport: { width: number; height: number }, locale: "zh-CN" | "en" = "zh-CN") {
  const ctx: BrowserContext = await browser.newContext({ viewport, locale });
  await ctx.addInitScript((l) => localStorage.setItem("locale", l), locale);
  const page = await ctx.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const failed: string[] = [];
  page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  return { ctx, page, errors, failed };
}

/** What a link downloads, fetched inside the page with the session's cookie: status, disposition and bytes. */
export async function downloadInPage(page: Page, href: string) {
  const file = await page.evaluate(async (h) => {
    const res = await fetch(h);
    return { status: res.status, disposition: res.headers.get("content-disposition"), bytes: [...new Uint8Array(await res.arrayBuffer())] };
  }, href);
  return { ...file, bytes: Buffer.from(file.bytes) };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

/** Waits for `until` to return a value, polling every `everyMs`. */
export async function poll<T>(what: string, until: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await until();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The decoded text of the newest mail to `to` in the outbox. */
export function waitForMail(product: Product, to: string, timeoutMs = 15_000): Promise<string> {
  return poll(`a mail to ${to} in ${product.outboxDir}`, () => newestMail(product.outboxDir, to), timeoutMs);
}

/** Every raw `.eml` in the outbox addressed to `to`, newest first. */
export function rawMailsTo(outboxDir: string, to: string): string[] {
  const addressed = new RegExp(`^To:.*${to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "mi");
  return readdirSync(outboxDir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => ({ f, at: statSync(join(outboxDir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
    .map(({ f }) => readFileSync(join(outboxDir, f), "utf8"))
    .filter((raw) => addressed.test(raw));
}

/** No element sticks out to the right: the page scrolls only vertically. */
export async function expectNoHorizontalOverflow(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** Signs up a workspace, follows the mailed verification link and logs in; ends on the contacts page. */
export async function signUpAndLogIn(page: Page, product: Product, who: { company: string; slug: string; name: string; email: string; password: string }) {
  await page.goto(`${product.url}/signup`);
  await page.fill("input[name=companyName]", who.company);
  await page.fill("input[name=slug]", who.slug);
  await page.fill("input[name=name]", who.name);
  await page.fill("input[name=email]", who.email);
  await page.fill("input[name=password]", who.password);
  await page.click("button[type=submit]");
  await page.getByTestId("check-mail").waitFor();

  const link = linkIn(await waitForMail(product, who.email));
  expect(link, "the verification link").toMatch(new RegExp(`^${product.url}/verify\\?token=`));
  await page.goto(link!);
  await page.getByTestId("verified").waitFor();

  await page.goto(`${product.url}/login`);
  await page.fill("input[name=email]", who.email);
  await page.fill("input[name=password]", who.password);
  await page.click("button[type=submit]");
  await page.waitForURL(`${product.url}/contacts`);
}
