import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProduct, type Product } from "../support/product";
import { SHOTS, expectNoHorizontalOverflow, launchChromium, poll, setPlan, signUpAndLogIn } from "./support";

/**
 * Webhooks: an admin subscribes a receiver on loopback (the self-hosted setting allows it), sees the secret
 * once, the receiver gets a signed delivery for a new contact, the delivery shows in the log and redelivers.
 */
let product: Product;
let browser: Browser;
let server: Server;
const calls: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
const secret = `journey-${Date.now().toString(36)}`;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  process.env.PLATFORM_SECRET = secret;
  process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("received by the journey");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  [product, browser] = await Promise.all([startProduct(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await product?.stop();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
}, 60_000);

describe("webhooks journey", { timeout: 240_000 }, () => {
  it("subscribe, see the secret once, receive a signed delivery, find it in the log and redeliver it", async () => {
    const slug = `hooks-${Date.now().toString(36)}`;
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en" });
    await ctx.addInitScript(() => localStorage.setItem("locale", "en"));
    const page: Page = await ctx.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    await signUpAndLogIn(page, product, { company: "Hooks Journey Ltd", slug, name: "Li Lei", email: `${slug}@example.com`, password: "correct horse battery" });
    await setPlan(product, slug, "business", secret);

    await page.goto(`${product.url}/settings/webhooks`);
    await page.getByTestId("new-webhook").click();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm`;
    await page.getByTestId("webhook-url").fill(url);
    await page.getByTestId("webhook-area-contact").waitFor();
    expect(await page.getByTestId("webhook-area-contact").isChecked()).toBe(true);
    await page.getByTestId("webhook-save").click();
    const shown = (await page.getByTestId("webhook-secret-value").textContent())!;
    expect(shown).toMatch(/^whsec_/);
    await expect(page.getByTestId("webhook-state").textContent()).resolves.toBe("Active");

    const res = await page.request.post(`${product.url}/api/contacts`, { data: { name: "Webhook Customer" } });
    expect(res.status()).toBe(201);
    const call = await poll("a delivery at the receiver", () => calls[0], 30_000);
    const body = JSON.parse(call.body);
    expect(body).toMatchObject({ type: "contact.created", data: { name: "Webhook Customer" } });
    const ts = call.headers["x-webhook-timestamp"] as string;
    expect(call.headers["x-webhook-signature"]).toBe(`v1=${createHmac("sha256", shown).update(`${ts}.${call.body}`).digest("hex")}`);

    await page.getByTestId("webhook-secret").getByRole("button", { name: "I have stored it" }).click();
    await expect(page.getByTestId("webhook-secret").count()).resolves.toBe(0);
    expect(await page.content()).not.toContain(shown);

    await page.getByTestId("webhook-show-deliveries").click();
    await poll(`the delivery log (errors: ${errors.join("; ")})`, async () => ((await page.getByTestId("webhook-delivery").count()) > 0 ? true : undefined), 30_000)
      .catch(async (e) => { await page.screenshot({ path: `${SHOTS}/webhooks-failed.png`, fullPage: true }); throw new Error(`${e.message} / ${errors.join("; ")}`); });
    const delivery = page.getByTestId("webhook-delivery").first();
    await expect(delivery.getByTestId("webhook-delivery-status").textContent()).resolves.toBe("Delivered");
    await delivery.getByRole("button", { name: "contact.created" }).click();
    await expect(delivery.getByTestId("webhook-attempt").first().textContent()).resolves.toContain("received by the journey");

    await delivery.getByTestId("webhook-redeliver").click();
    await poll("the redelivery", () => (calls.length >= 2 ? true : undefined), 30_000);
    expect(calls[1].headers["x-webhook-id"]).toBe(body.id);
    await poll("the second attempt in the log", async () => ((await page.getByTestId("webhook-attempt").count()) >= 2 ? true : undefined), 30_000);

    await page.setViewportSize({ width: 375, height: 800 });
    await expectNoHorizontalOverflow(page, 375);
    await page.screenshot({ path: `${SHOTS}/webhooks-375.png`, fullPage: true });
    await ctx.close();
  });
});
