import type { BrowserContext, Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, expectNoHorizontalOverflow, journeyRuntime, poll, setPlan, signUpAndLogIn } from "./support";

/**
 * Sales: the owner sets up a pipeline with its stages, adds deals on the board, drags one to the next
 * column with real mouse events and sees the column counts change; a deal that lacks a field the stage
 * requires comes back with the missing field named, which is filled in place; the sales report's funnel
 * follows the moves. On a phone the board shows one column at a time.
 */
const secret = `journey-${Date.now().toString(36)}`;
const runtime = journeyRuntime({ platformSecret: secret });

const columns = (page: Page) => page.getByTestId("board-column");
const column = (page: Page, i: number) => columns(page).nth(i);
const countOf = async (page: Page, i: number) => Number((await column(page, i).getByTestId("column-count").innerText()).replace(/\D/g, ""));
const card = (page: Page, title: string) => page.getByTestId("deal-card").filter({ hasText: title });
const titlesIn = (page: Page, i: number) => column(page, i).locator(".deal-card-title").allInnerTexts();

/** A drag as a person makes it: press on the card, move in steps (past the 10 px threshold), release over the target. */
async function drag(page: Page, from: Locator, to: { x: number; y: number }) {
  const box = (await from.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 4, box.y + box.height / 2 + 4, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.move(to.x + 1, to.y + 1, { steps: 2 });
  await page.mouse.up();
}
async function centreOf(l: Locator) {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

interface Funnel { funnel: { name: string; reached: number }[] }
const salesReport = (page: Page) => page.evaluate(() => fetch("/api/reports/sales").then((r) => r.json())) as Promise<Funnel>;

describe("sales journey", { timeout: 240_000 }, () => {
  const slug = `sales-${Date.now().toString(36)}`;
  const email = `${slug}@example.com`;
  let context: BrowserContext;
  let page: Page;

  it("signs up and gets a plan with reports", async () => {
    context = await runtime.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signUpAndLogIn(page, runtime.product, { company: "销售旅程有限公司", slug, name: "李雷", email, password: "correct horse battery" });
    await setPlan(runtime.product, slug, "team", secret);
  });

  it("creates a pipeline, adds a stage and requires the amount before the deal leaves it", async () => {
    await page.goto(`${runtime.product.url}/deals`);
    await page.getByTestId("no-pipeline").waitFor();

    await page.goto(`${runtime.product.url}/settings/pipelines`);
    const create = page.getByTestId("pipeline-create");
    await create.locator("input[name=name]").fill("华东大客户");
    await create.locator("input[name=currency]").fill("CNY");
    await create.locator("button[type=submit]").click();
    const pipeline = page.getByTestId("pipeline");
    await pipeline.waitFor();
    // The suggested stages: three open ones, won and lost.
    await poll("the default stages", async () => ((await pipeline.getByTestId("stage-row").count()) === 5 ? true : undefined));

    // A new stage goes before the won and lost stages.
    await pipeline.locator("details.stage-add summary").click();
    const add = pipeline.getByTestId("stage-add");
    await add.locator("input[name=stageName]").fill("产品演示");
    await add.locator("input[name=probability]").fill("55");
    await add.locator("textarea[name=guidance]").fill("安排演示并确认技术需求。");
    await add.locator("input[name='required-amount']").check();
    await add.locator("button[type=submit]").click();
    await poll("six stages", async () => ((await pipeline.getByTestId("stage-row").count()) === 6 ? true : undefined));
    expect(await pipeline.getByTestId("stage-row").nth(3).locator("strong").innerText()).toBe("产品演示");

    // The first stage now wants the close date before a deal may leave it.
    const first = pipeline.getByTestId("stage-row").first();
    await first.locator("details.stage-edit summary").click();
    await first.locator("input[name='required-closeDate']").check();
    await first.getByTestId("stage-form").locator("button[type=submit]").click();
    await poll("the requirement saved", async () => (await first.locator("input[name='required-closeDate']").isChecked()) && (await page.evaluate(() =>
      fetch("/api/pipelines").then((r) => r.json()).then((b) => b.items[0].stages[0].requiredFields.includes("closeDate")))) ? true : undefined);
  });

  it("adds deals on the board", async () => {
    await page.goto(`${runtime.product.url}/deals`);
    await page.getByTestId("board").waitFor();
    expect(await columns(page).count()).toBe(6);
    const deals = [
      { title: "星河科技 年度订阅", amount: "1000", close: "2026-12-20" },
      { title: "远航物流 试点项目", amount: "2500.50", close: "2026-12-31" },
      { title: "青松教育 续约", amount: "", close: "" },
    ];
    for (const d of deals) {
      await page.getByTestId("new-deal").click();
      const form = page.getByTestId("deal-form");
      await form.locator("input[name=title]").fill(d.title);
      if (d.amount) await form.locator("input[name=amount]").fill(d.amount);
      if (d.close) await form.locator("input[name=closeDate]").fill(d.close);
      await form.locator("button[type=submit]").click();
      await card(page, d.title).waitFor();
    }
    expect(await countOf(page, 0)).toBe(3);
    expect(await column(page, 0).getByTestId("column-amount").innerText()).toContain("3,500.5");
    // New deals go to the top of the column.
    expect(await titlesIn(page, 0)).toEqual(["青松教育 续约", "远航物流 试点项目", "星河科技 年度订阅"]);

    // Search by title, and an amount range (typed in yuan, sent in fen); the totals stay those of the stage.
    const filters = page.getByTestId("board-filters");
    await filters.locator("input[name=q]").fill("远航");
    await poll("the search", async () => ((await titlesIn(page, 0)).join() === "远航物流 试点项目" ? true : undefined));
    await filters.locator("input[name=q]").fill("");
    await filters.locator("input[name=amountMin]").fill("1000.01");
    await poll("the amount filter", async () => ((await titlesIn(page, 0)).join() === "远航物流 试点项目" ? true : undefined));
    expect(await countOf(page, 0)).toBe(3);
    await filters.locator("input[name=amountMin]").fill("");
    await poll("no filters", async () => ((await titlesIn(page, 0)).length === 3 ? true : undefined));
  });

  it("drags a deal to the next column; the counts and the funnel follow", async () => {
    const before = await salesReport(page);
    expect(before.funnel[1].reached).toBe(0);

    const moved = page.waitForResponse((r) => r.url().includes("/move") && r.request().method() === "POST");
    await drag(page, card(page, "星河科技 年度订阅"), await centreOf(column(page, 1).getByTestId("column-body")));
    expect((await moved).status()).toBe(200);
    await poll("the counts after the move", async () => ((await countOf(page, 0)) === 2 && (await countOf(page, 1)) === 1 ? true : undefined));
    expect(await column(page, 1).getByTestId("column-amount").innerText()).toContain("1,000");

    const after = await salesReport(page);
    expect(after.funnel[1].reached).toBe(1);
    expect(after.funnel[0].reached).toBe(3);

    // The server kept it: a fresh load shows the same board.
    await page.reload();
    await page.getByTestId("board").waitFor();
    expect(await countOf(page, 0)).toBe(2);
    expect(await countOf(page, 1)).toBe(1);
    expect(await titlesIn(page, 1)).toEqual(["星河科技 年度订阅"]);
    await page.screenshot({ path: `${SHOTS}/deals-board-zh-CN.png`, fullPage: true });
  });

  it("reorders within a column and the order is kept", async () => {
    expect(await titlesIn(page, 0)).toEqual(["青松教育 续约", "远航物流 试点项目"]);
    const target = (await card(page, "青松教育 续约").boundingBox())!;
    const moved = page.waitForResponse((r) => r.url().includes("/move") && r.request().method() === "POST");
    await drag(page, card(page, "远航物流 试点项目"), { x: target.x + target.width / 2, y: target.y + 10 });
    expect((await moved).status()).toBe(200);
    expect(await titlesIn(page, 0)).toEqual(["远航物流 试点项目", "青松教育 续约"]);
    await page.reload();
    await page.getByTestId("board").waitFor();
    expect(await titlesIn(page, 0)).toEqual(["远航物流 试点项目", "青松教育 续约"]);
    expect(await countOf(page, 0)).toBe(2);
  });

  it("names the missing required field, puts the card back, and moves it once the field is filled", async () => {
    const moved = page.waitForResponse((r) => r.url().includes("/move") && r.request().method() === "POST");
    await drag(page, card(page, "青松教育 续约"), await centreOf(column(page, 1).getByTestId("column-body")));
    expect((await moved).status()).toBe(400);
    const dialog = page.getByTestId("move-dialog");
    await dialog.waitFor();
    expect(await dialog.getByTestId("missing-fields").innerText()).toContain("预计成交日期");
    // Rolled back: the card is in its old column and the counts are as before.
    expect(await countOf(page, 0)).toBe(2);
    expect(await countOf(page, 1)).toBe(1);

    await dialog.locator("input[name=closeDate]").fill("2027-01-15");
    const retried = page.waitForResponse((r) => r.url().includes("/move") && r.request().method() === "POST");
    await dialog.locator("button[type=submit]").click();
    expect((await retried).status()).toBe(200);
    await poll("the counts after the retry", async () => ((await countOf(page, 0)) === 1 && (await countOf(page, 1)) === 2 ? true : undefined));
    expect((await salesReport(page)).funnel[1].reached).toBe(2);
  });

  it("puts the card back and says so when someone changed the deal meanwhile", async () => {
    // Another person edits the deal behind this board's back: the board's copy has an old version.
    const status = await page.evaluate(async () => {
      const pipelines = await fetch("/api/pipelines").then((r) => r.json());
      const board = await fetch(`/api/pipelines/${pipelines.items[0].pipelineId}/board`).then((r) => r.json());
      const deal = board.columns[0].items.find((d: { title: string }) => d.title === "远航物流 试点项目");
      const res = await fetch(`/api/deals/${deal.dealId}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ version: deal.version, source: "展会" }) });
      return res.status;
    });
    expect(status).toBe(200);
    const moved = page.waitForResponse((r) => r.url().includes("/move") && r.request().method() === "POST");
    await drag(page, card(page, "远航物流 试点项目"), await centreOf(column(page, 2).getByTestId("column-body")));
    expect((await moved).status()).toBe(409);
    await page.getByTestId("move-error").waitFor();
    expect(await page.getByTestId("move-error").innerText()).toContain("刚被他人修改");
    expect(await countOf(page, 0)).toBe(1);
    expect(await countOf(page, 2)).toBe(0);
    expect(await titlesIn(page, 0)).toEqual(["远航物流 试点项目"]);
  });

  it("shows the deal with its stage path, guidance and history", async () => {
    await card(page, "星河科技 年度订阅").locator("a").click();
    await page.waitForURL(/\/deals\/[0-9a-z]+$/);
    await page.getByTestId("stage-path").waitFor();
    expect(await page.locator(".stage-step.current").innerText()).toBe("方案报价");
    expect(await page.getByTestId("history-row").count()).toBe(2);
    await page.getByTestId("notes-activity").waitFor();
    await page.screenshot({ path: `${SHOTS}/deal-detail-zh-CN.png`, fullPage: true });

    // Won, with a reason: the path ends there and the history has the step.
    await page.getByTestId("mark-won").click();
    const reason = page.getByTestId("reason-form");
    await reason.locator("textarea[name=reason]").fill("价格与服务都满足客户要求");
    await reason.locator("button[type=submit]").click();
    await page.getByTestId("deal-status").waitFor();
    expect(await page.getByTestId("deal-status").innerText()).toContain("价格与服务都满足客户要求");
    expect(await page.locator(".stage-step.current").innerText()).toBe("赢单");
    await poll("the third history row", async () => ((await page.getByTestId("history-row").count()) === 3 ? true : undefined));
  });

  it("answers clearly when a stage that still holds deals is removed", async () => {
    await page.goto(`${runtime.product.url}/settings/pipelines`);
    const first = page.getByTestId("pipeline").getByTestId("stage-row").first();
    await first.getByTestId("stage-remove").click();
    await first.getByTestId("stage-remove-confirm").click();
    await page.getByTestId("stage-not-empty").waitFor();
    expect(await page.getByTestId("stage-not-empty").innerText()).toContain("初步接洽");
    expect(await page.getByTestId("pipeline").getByTestId("stage-row").count()).toBe(6);
    await page.screenshot({ path: `${SHOTS}/pipeline-settings-zh-CN.png`, fullPage: true });
  });

  it("keeps a long column's DOM bounded while its pages load as it scrolls", { timeout: 180_000 }, async () => {
    const total = 80;
    const pipelineId = await page.evaluate(async (total) => {
      const post = (path: string, body: unknown) =>
        fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
      const p = await post("/api/pipelines", { name: "批量线索", stages: [{ name: "新建" }, { name: "成交", kind: "won" }] });
      for (let i = 0; i < total; i += 8) {
        await Promise.all(Array.from({ length: Math.min(8, total - i) }, (_, k) => post("/api/deals", { pipelineId: p.pipelineId, title: `批量商机 ${i + k + 1}`, amount: 100 })));
      }
      return p.pipelineId as string;
    }, total);
    await page.goto(`${runtime.product.url}/deals?pipeline=${pipelineId}`);
    await page.getByTestId("pipeline-picker").waitFor();
    await poll("the count", async () => ((await countOf(page, 0)) === total ? true : undefined));
    const body = column(page, 0).getByTestId("column-body");
    const inDom = () => column(page, 0).getByTestId("deal-card").count();
    expect(await inDom()).toBeLessThan(20);
    // Scrolling to the end of what is loaded fetches the next page, until the column is complete.
    await poll("every page", async () => {
      await body.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      const loaded = await body.locator(".column-inner").evaluate((el) => el.getBoundingClientRect().height);
      // The last full page still comes with a cursor; the read after it answers none, and the button goes.
      const more = await column(page, 0).getByTestId("column-more").count();
      return loaded >= total * 104 && more === 0 ? true : undefined;
    }, 60_000, 400);
    expect(await inDom()).toBeLessThan(20);
  });

  it("shows the area as locked when an admin switches deals off", async () => {
    const off = await page.evaluate(() => fetch("/api/workspace/features", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ features: { deals: false } }) }).then((r) => r.status));
    expect(off).toBe(200);
    await page.goto(`${runtime.product.url}/deals`);
    await page.getByTestId("locked-deals").waitFor();
    expect(await page.getByTestId("board").count()).toBe(0);
    await page.evaluate(() => fetch("/api/workspace/features", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ features: { deals: true } }) }));
  });

  it("fits a 375 px phone: the board scrolls one column at a time", async () => {
    const phone = await runtime.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: "zh-CN", storageState: await context.storageState() });
    const p = await phone.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${runtime.product.url}/deals`);
    await p.getByTestId("board").waitFor();
    await card(p, "远航物流 试点项目").waitFor();
    await expectNoHorizontalOverflow(p, 375);
    const snap = await p.getByTestId("board").evaluate((el) => getComputedStyle(el).scrollSnapType);
    expect(snap).toContain("x");
    const width = (await column(p, 0).boundingBox())!.width;
    expect(width).toBeGreaterThan(300);
    expect(width).toBeLessThanOrEqual(375);
    await p.screenshot({ path: `${SHOTS}/deals-board-zh-CN-375.png`, fullPage: true });
    await phone.close();
    await context.close();
  });
});
