import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, journeyRuntime, poll, signUpAndLogIn } from "./support";

/**
 * Cleaning up: two records of the same person (one typed with dots in the Gmail address), each with its own
 * note. The owner scans for duplicates, opens the group, keeps the first record but the second one's email,
 * merges, and finds both notes and the merge itself on the survivor's timeline.
 */
const runtime = journeyRuntime();

async function api(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(async ([m, p, b]) => {
    const res = await fetch(`/api${p}`, { method: m as string, headers: b ? { "content-type": "application/json" } : {}, body: b ? JSON.stringify(b) : undefined });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, [method, path, body] as const);
}

describe("merge journey", { timeout: 240_000 }, () => {
  it("scans, merges two duplicates choosing values per field, and shows both timelines on the survivor", async () => {
    const slug = `merge-${Date.now().toString(36)}`;
    const context = await runtime.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signUpAndLogIn(page, runtime.product, { company: "合并旅程有限公司", slug, name: "李雷", email: `${slug}@example.com`, password: "correct horse battery" });

    const a = await api(page, "POST", "/contacts", { name: "刘洋", email: "liu.yang@gmail.com", title: "经理" });
    const b = await api(page, "POST", "/contacts", { name: "刘洋", email: "liuyang+shop@gmail.com", phone: "13912345678" });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await api(page, "POST", `/contacts/${a.body.contactId}/notes`, { body: "第一条记录的备注" })).status).toBe(201);
    expect((await api(page, "POST", `/contacts/${b.body.contactId}/notes`, { body: "第二条记录的备注" })).status).toBe(201);

    await page.goto(`${runtime.product.url}/duplicates`);
    await page.getByTestId("dedupe-scan").click();
    const group = page.getByTestId("dedupe-group").filter({ hasText: "刘洋" });
    await group.waitFor();
    await expect(group.textContent()).resolves.toContain("邮箱相同");
    await group.getByTestId("dedupe-merge").click();
    const panel = page.getByTestId("merge-panel");
    await panel.getByTestId(`survivor-${a.body.contactId}`).check();
    await panel.getByTestId(`pick-email-${b.body.contactId}`).check();
    await panel.getByTestId(`pick-phone-${b.body.contactId}`).check();
    await page.screenshot({ path: `${SHOTS}/merge-choose.png`, fullPage: true });
    await panel.getByTestId("merge-submit").click();
    await panel.getByTestId("merge-survivor-link").click();
    await page.waitForURL(`${runtime.product.url}/contacts/${a.body.contactId}`);

    // The notes move right after the merge (the bus runs the repointing): reload until both are there.
    await poll("both notes on the survivor", async () => {
      const texts = await page.getByTestId("note-text").allTextContents();
      if (texts.includes("第一条记录的备注") && texts.includes("第二条记录的备注")) return true;
      await page.reload();
      await page.getByTestId("notes-activity").waitFor();
      return undefined;
    }, 30_000, 1000);
    await page.locator('[data-testid=timeline-entry][data-type="contact.merged"]').waitFor();
    // The survivor kept its own title and took the other record's email and phone, as chosen.
    const form = page.getByTestId("contact-form");
    await expect(form.locator("input[name=email]").inputValue()).resolves.toBe("liuyang+shop@gmail.com");
    await expect(form.locator("input[name=title]").inputValue()).resolves.toBe("经理");
    await expect(form.locator("input[name=phone]").inputValue()).resolves.toBe("+8613912345678");
    await page.screenshot({ path: `${SHOTS}/merge-survivor.png`, fullPage: true });

    const gone = await api(page, "GET", `/contacts/${b.body.contactId}`);
    expect(gone.status).toBe(404);
    expect((await api(page, "GET", `/contacts/${b.body.contactId}/merged-into`)).body).toEqual({ survivorId: a.body.contactId });
    await context.close();
  });
});
