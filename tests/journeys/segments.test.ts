import { simpleParser, type ParsedMail } from "mailparser";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { journeyRuntime, poll, rawMailsTo, setPlan, signUpAndLogIn } from "./support";

/**
 * Segments and a broadcast, in Chinese on a desktop: a marketer builds "lifecycle = customer AND tag = VIP"
 * in the filter builder, saves it shared, sees its live count and members; drafts a broadcast to it in both
 * languages, previews it, sends a test to herself and sends it now; the send log lists each member (the one
 * on the suppression list as suppressed, and no mail goes to her); a customer follows the unsubscribe link in
 * the mail she got and lands on the suppression list.
 */
const secret = `journey-${Date.now().toString(36)}`;
const runtime = journeyRuntime({ platformSecret: secret });

interface Seed { name: string; email: string; language: "zh-CN" | "en"; tags: string[]; stage: string }
const SEEDS: Seed[] = [
  { name: "王芳", email: "wangfang@customer.example", language: "zh-CN", tags: ["VIP", "华东"], stage: "customer" },
  { name: "Emily Chen", email: "emily.chen@customer.example", language: "en", tags: ["VIP"], stage: "customer" },
  { name: "李静", email: "lijing@customer.example", language: "zh-CN", tags: ["VIP"], stage: "customer" },
  { name: "赵强", email: "zhaoqiang@customer.example", language: "zh-CN", tags: ["华东"], stage: "customer" },
  { name: "刘洋", email: "liuyang@customer.example", language: "zh-CN", tags: ["VIP"], stage: "lead" },
];
/** On the suppression list before the broadcast: in the segment, yet never mailed. */
const SUPPRESSED = "lijing@customer.example";
const members = SEEDS.filter((s) => s.stage === "customer" && s.tags.includes("VIP"));

const TEMPLATES = {
  "zh-CN": { subject: "{{contact.name}}，VIP 专场邀请", body: "亲爱的{{contact.name}}：\n本周六 VIP 专场，欢迎光临。" },
  en: { subject: "{{contact.name}}, your VIP evening", body: "Dear {{contact.name}},\nJoin us this Saturday." },
};
const subjectFor = (s: Seed) => TEMPLATES[s.language].subject.replace("{{contact.name}}", s.name);

async function mailsTo(to: string): Promise<ParsedMail[]> {
  return Promise.all(rawMailsTo(runtime.product.outboxDir, to).map((raw) => simpleParser(raw)));
}

describe("segments and broadcast journey", { timeout: 240_000 }, () => {
  const slug = `seg-${Date.now().toString(36)}`;
  const email = `${slug}@example.com`;
  let ctx: BrowserContext;
  let page: Page;

  it("seeds a business workspace with customers, tags and one suppressed address", async () => {
    ctx = await runtime.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
    page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    await signUpAndLogIn(page, runtime.product, { company: "分群旅程有限公司", slug, name: "韩梅梅", email, password: "correct horse battery" });
    await setPlan(runtime.product, slug, "business", secret);
    const api = page.request;
    await Promise.all(SEEDS.map(async (s) => {
      const created = await api.post(`${runtime.product.url}/api/contacts`, { data: { name: s.name, email: s.email, language: s.language, tags: s.tags } });
      expect(created.status(), await created.text()).toBe(201);
      const { contactId } = await created.json();
      // By hand, as a salesperson records a signed customer; retried if a subscriber moved the record meanwhile.
      await poll(`${s.name} moved to ${s.stage}`, async () => {
        const { version } = await (await api.get(`${runtime.product.url}/api/contacts/${contactId}`)).json();
        const moved = await api.patch(`${runtime.product.url}/api/contacts/${contactId}/lifecycle`, { data: { stage: s.stage, reason: "签约", version } });
        if (moved.status() === 409) return undefined;
        expect(moved.status(), await moved.text()).toBe(200);
        return true;
      });
    }));
    expect((await api.post(`${runtime.product.url}/api/care/suppressions`, { data: { email: SUPPRESSED } })).status()).toBe(201);
  });

  it("builds lifecycle = customer AND tag = VIP in the filter builder, saves it shared, and sees its live count and members", async () => {
    await page.goto(`${runtime.product.url}/segments`);
    await page.getByTestId("new-segment").click();
    const form = page.getByTestId("segment-form");
    await form.getByTestId("segment-name").fill("VIP 客户");
    await form.locator("label.check input[type=checkbox]").check();

    await form.getByTestId("filter-add").click();
    const first = form.getByTestId("filter-condition").nth(0);
    await first.getByTestId("filter-field").selectOption("lifecycleStage");
    await expect(first.getByTestId("filter-op").inputValue()).resolves.toBe("is");
    // The stage is picked by its Chinese label.
    await first.locator("select").nth(2).selectOption({ label: "客户" });

    await form.getByTestId("filter-add").click();
    const second = form.getByTestId("filter-condition").nth(1);
    await second.getByTestId("filter-field").selectOption("tags");
    await expect(second.getByTestId("filter-op").inputValue()).resolves.toBe("has_any");
    await second.getByTestId("filter-value").fill("VIP");
    await second.getByTestId("filter-value").press("Tab");
    await expect(form.getByTestId("filter-match").inputValue()).resolves.toBe("all");

    await form.getByTestId("segment-save").click();
    await page.waitForURL(/\/segments\/[0-9a-z]+$/);
    await expect(page.locator("h1").innerText()).resolves.toBe("VIP 客户");
    await expect(page.getByText("与团队共享").first().isVisible()).resolves.toBe(true);
    await poll("the live count", async () => ((await page.getByTestId("segment-count").innerText()) === `数量: ${members.length}` ? true : undefined));
    const list = page.getByTestId("segment-members");
    await poll("the members", async () => ((await list.locator("li").count()) === members.length ? true : undefined));
    const shown = await list.locator("li").allInnerTexts();
    for (const m of members) expect(shown.some((line) => line.includes(m.name) && line.includes(m.email)), m.name).toBe(true);
    for (const other of SEEDS.filter((s) => !members.includes(s))) expect(shown.join("\n")).not.toContain(other.name);

    // The list of segments shows it shared, with the same count.
    await page.goto(`${runtime.product.url}/segments`);
    const row = page.getByTestId("segment-list").locator("tbody tr").filter({ hasText: "VIP 客户" });
    await expect(row.getByTestId("segment-count").innerText()).resolves.toBe(String(members.length));
    await expect(row.innerText()).resolves.toContain("与团队共享");
    await row.getByRole("link", { name: "VIP 客户" }).click();
    await page.waitForURL(/\/segments\/[0-9a-z]+$/);
  });

  it("drafts a broadcast in both languages, previews it and sends a test to herself", async () => {
    await page.getByTestId("new-broadcast").click();
    await page.waitForURL(/\/broadcasts\/[0-9a-z]+$/);
    await expect(page.getByTestId("broadcast-status").innerText()).resolves.toBe("草稿");
    for (const lang of ["zh-CN", "en"] as const) {
      await page.getByTestId(`subject-${lang}`).fill(TEMPLATES[lang].subject);
      await page.getByTestId(`body-${lang}`).fill(TEMPLATES[lang].body);
    }
    await page.getByTestId("broadcast-save").click();
    await poll("the draft saved", async () => ((await page.getByTestId("broadcast-save").isDisabled()) ? true : undefined));
    await page.reload();
    await expect(page.getByTestId("subject-en").inputValue()).resolves.toBe(TEMPLATES.en.subject);
    await expect(page.getByTestId("body-zh-CN").inputValue()).resolves.toBe(TEMPLATES["zh-CN"].body);

    // The preview renders the mail for a member of the segment, in that member's language, with the unsubscribe link.
    await page.getByTestId("broadcast-preview").click();
    const preview = page.getByTestId("broadcast-preview-card");
    await preview.waitFor();
    const previewText = await preview.innerText();
    const sample = members.find((m) => previewText.includes(m.email));
    expect(sample, previewText).toBeTruthy();
    expect(previewText).toContain(subjectFor(sample!));
    expect(previewText).toContain("/unsubscribe?token=");

    await page.getByTestId("broadcast-test").click();
    await expect(page.locator(".notice[role=status]").innerText()).resolves.toBe(`测试邮件已发送至 ${email}。`);
    const test = await poll("the test mail", async () => (await mailsTo(email)).find((m) => m.subject?.startsWith("[TEST]")));
    expect(members.map((m) => `[TEST] ${subjectFor(m)}`)).toContain(test.subject);
    // A test goes to the marketer alone: no member has mail yet.
    for (const m of members) expect(await mailsTo(m.email)).toHaveLength(0);
  });

  it("sends it now: the log lists every member, the suppressed one as suppressed, and only the others get mail", async () => {
    await page.getByTestId("broadcast-send-now").click();
    await poll("scheduled", async () => (["已定时", "发送中", "已发送"].includes(await page.getByTestId("broadcast-status").innerText()) ? true : undefined));
    // The sweep runs every minute; the page refreshes itself while the broadcast is on its way.
    await poll("sent", async () => ((await page.getByTestId("broadcast-status").innerText()) === "已发送" ? true : undefined), 90_000, 1000);
    const sendable = members.filter((m) => m.email !== SUPPRESSED);
    await expect(page.getByTestId("broadcast-progress").innerText()).resolves.toBe(`已发送 ${sendable.length} · 已屏蔽 1 · 失败 0`);
    const log = page.getByTestId("broadcast-log");
    await poll("the complete log", async () => ((await log.locator("tr").count()) === members.length ? true : undefined));
    for (const m of members) {
      const line = log.locator("tr").filter({ hasText: m.email });
      await expect(line.locator("td").nth(1).innerText()).resolves.toBe(m.email === SUPPRESSED ? "已屏蔽" : "已发送");
    }
    expect(await log.innerText()).not.toContain("zhaoqiang@");

    for (const m of sendable) {
      const mails = await poll(`the mail to ${m.email}`, async () => {
        const got = await mailsTo(m.email);
        return got.length ? got : undefined;
      });
      expect(mails, m.email).toHaveLength(1);
      expect(mails[0].subject).toBe(subjectFor(m));
      for (const line of TEMPLATES[m.language].body.replace("{{contact.name}}", m.name).split("\n")) expect(mails[0].text).toContain(line);
      // Mail clients show their own unsubscribe button for this header.
      expect(mails[0].headerLines.find((h) => h.key === "list-unsubscribe")?.line).toMatch(/^List-Unsubscribe:\s*<http:\/\/\S+\/unsubscribe\?token=/i);
    }
    expect(await mailsTo(SUPPRESSED)).toHaveLength(0);
    for (const other of SEEDS.filter((s) => !members.includes(s))) expect(await mailsTo(other.email)).toHaveLength(0);
  });

  it("a customer unsubscribes with the link in her mail and lands on the suppression list", async () => {
    const wang = members.find((m) => m.name === "王芳")!;
    const [mail] = await mailsTo(wang.email);
    const link = /https?:\/\/\S+\/unsubscribe\?token=\S+/.exec(mail.text ?? "")?.[0];
    expect(link, mail.text).toBeTruthy();
    expect(link!.startsWith(`${runtime.product.url}/unsubscribe?token=`)).toBe(true);

    // She is not signed in: a browser of her own.
    const hers = await runtime.browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 800 } });
    const p = await hers.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(link!);
    await p.getByTestId("unsubscribe-confirm").click();
    await expect(p.getByTestId("unsubscribe-done").innerText()).resolves.toContain(wang.email);
    await hers.close();

    await page.goto(`${runtime.product.url}/care/suppressions`);
    const rows = page.getByTestId("care-suppressed-row");
    await poll("both addresses on the list", async () => ((await rows.count()) === 2 ? true : undefined));
    await expect(rows.filter({ hasText: wang.email }).innerText()).resolves.toContain("已退订");
    await expect(rows.filter({ hasText: SUPPRESSED }).count()).resolves.toBe(1);
    await ctx.close();
  });
});
