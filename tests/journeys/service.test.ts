import { simpleParser, type AddressObject } from "mailparser";
import nodemailer from "nodemailer";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, poll, rawMailsTo, signUpAndLogIn } from "./support";

/**
 * The service desk as a person meets it: a customer's mail (Chinese subject) sent over SMTP to the
 * workspace's inbound address becomes a ticket; the agent opens it and replies in the browser; the reply
 * leaves through the outbox threaded to the customer's mail and carrying the ticket's reply address.
 */
const runtime = journeyRuntime();

describe("service desk journey", { timeout: 180_000 }, () => {
  const slug = `desk-${Date.now().toString(36)}`;
  const customer = `li.lei.${Date.now().toString(36)}@customer.example`;
  const customerMessageId = `<journey.${Date.now().toString(36)}@customer.example>`;
  const subject = "退货申请：订单 8899 还没有发货";
  const replyText = "您好，我们已经为您加急处理，今天内发货。";
  let context: BrowserContext;
  let page: Page;
  let inbound = "";
  let ticketUrl = "";

  it("signs up on the solo plan, which has tickets, and finds the inbound address", async () => {
    context = await runtime.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signUpAndLogIn(page, runtime.product, { company: "客服旅程有限公司", slug, name: "韩梅梅", email: `${slug}@example.com`, password: "correct horse battery" });

    await page.getByTestId("nav-tickets").waitFor();
    await page.goto(`${runtime.product.url}/settings/desk`);
    inbound = (await page.getByTestId("inbound-address").textContent())!.trim();
    expect(inbound).toBe(`${slug}@inbound.crm.localhost`);
    // The solo plan has no SLA: that part of the page is locked with an upgrade hint.
    await page.getByTestId("locked-sla").waitFor();
  });

  it("turns a customer's mail into a ticket the agent sees and opens", async () => {
    const sent = await nodemailer.createTransport({ host: "127.0.0.1", port: runtime.product.smtpPort, secure: false, ignoreTLS: true }).sendMail({
      from: `李雷 <${customer}>`,
      to: inbound,
      subject,
      messageId: customerMessageId,
      text: "你好，我上周下的订单 8899 还没有发货，请帮忙查一下。\n\n李雷\n\n在 2025年3月1日 10:00，客服 写道：\n> 您好，您的订单已收到。\n> 我们会尽快发货。\n",
    });
    expect(sent.accepted).toEqual([inbound]);

    await page.goto(`${runtime.product.url}/tickets`);
    const row = page.getByTestId("ticket-list").getByText(subject, { exact: true });
    await poll("the ticket in the list", async () => {
      if (await row.count()) return true;
      await page.getByTestId("refresh").click();
      return undefined;
    }, 30_000, 1_000);
    await row.click();
    await page.waitForURL(/\/tickets\/[0-9a-z]+$/);
    ticketUrl = page.url();

    await expect(page.getByTestId("ticket-number").textContent()).resolves.toBe("#1");
    await expect(page.getByTestId("ticket-title").textContent()).resolves.toContain(subject);
    const first = page.getByTestId("message").first();
    await expect(first.getAttribute("data-kind")).resolves.toBe("inbound");
    await expect(first.getByTestId("message-text").textContent()).resolves.toContain("订单 8899 还没有发货");
    // What the customer's mail client quoted stays folded until asked for.
    await expect(first.getByTestId("message-text").textContent()).resolves.not.toContain("您的订单已收到");
    await first.getByTestId("quoted-toggle").click();
    await expect(first.getByTestId("quoted-text").textContent()).resolves.toContain("您的订单已收到");
  });

  it("replies in the browser; the mail threads to the customer's and carries the reply address", async () => {
    await page.getByTestId("composer").locator("textarea").fill(replyText);
    await page.getByTestId("composer-send").click();
    await page.locator('[data-testid=message][data-kind=reply]').getByText(replyText).waitFor();
    await expect(page.getByTestId("status-badge").first().textContent()).resolves.toBe("待客户回复");

    const raw = await poll("the reply in the outbox", () => rawMailsTo(runtime.product.outboxDir, customer).find((m) => m.includes("In-Reply-To") && !/^Auto-Submitted: auto-replied/im.test(m)));
    const mail = await simpleParser(raw);
    expect(mail.text).toContain(replyText);
    expect(mail.inReplyTo).toBe(customerMessageId);
    expect([mail.references].flat()).toContain(customerMessageId);
    const replyTo = (mail.replyTo as AddressObject).value[0].address!;
    expect(replyTo).toMatch(new RegExp(`^${slug}\\+r-[0-9a-z]+@inbound\\.crm\\.localhost$`));
    expect(mail.subject).toContain("[#1]");
    expect(mail.subject).toContain(subject);
  });

  it("shows the ticket on a 375 px phone in Chinese", async () => {
    const phone = await runtime.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: "zh-CN", storageState: await context.storageState() });
    const p = await phone.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(ticketUrl);
    await p.locator('[data-testid=message][data-kind=reply]').waitFor();
    expect(await p.getAttribute("html", "lang")).toBe("zh-CN");
    await expect(p.getByTestId("composer-send").textContent()).resolves.toBe("发送回复");
    await expectNoHorizontalOverflow(p, 375);
    await p.screenshot({ path: `${SHOTS}/ticket-zh-CN-375.png`, fullPage: true });

    await p.goto(`${runtime.product.url}/tickets`);
    await p.getByTestId("ticket-list").getByText(subject, { exact: true }).waitFor();
    await expectNoHorizontalOverflow(p, 375);
    await p.screenshot({ path: `${SHOTS}/tickets-zh-CN-375.png`, fullPage: true });
    await phone.close();
  });
});
