import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import iconv from "iconv-lite";
import Papa from "papaparse";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SHOTS, journeyRuntime, signUpAndLogIn } from "./support";

/**
 * Import: a person uploads a CSV of Chinese contacts that Excel saved in GBK, checks the suggested column
 * mapping and the preview, starts the import, watches the progress bar reach 100%, and downloads the error
 * report with the one bad row.
 */
const runtime = journeyRuntime();

describe("import journey", { timeout: 300_000 }, () => {
  const slug = `import-${Date.now().toString(36)}`;
  let ctx: BrowserContext;
  let page: Page;

  it("imports a GBK file from Chinese Excel and downloads the error report", async () => {
    ctx = await runtime.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", acceptDownloads: true });
    await ctx.addInitScript(() => localStorage.setItem("locale", "zh-CN"));
    page = await ctx.newPage();
    page.setDefaultTimeout(30_000);
    await signUpAndLogIn(page, runtime.product, { company: "导入旅程有限公司", slug, name: "王磊", email: `${slug}@example.com`, password: "correct horse battery" });

    const rows = [
      ["姓名", "手机", "电子邮件", "职位", "备注"],
      ["张伟", "13800138000", `zhangwei-${slug}@example.cn`, "销售经理", "展会认识"],
      ["李娜", "13900139000", `lina-${slug}@example.cn`, "采购", ""],
      ["王芳", "139", `wangfang-${slug}@example.cn`, "会计", "电话号码不对"],
    ];
    const file = join(tmpdir(), `${slug}.csv`);
    // What Excel writes for "CSV (逗号分隔)" on a Chinese Windows: GBK, CRLF.
    writeFileSync(file, iconv.encode(Papa.unparse(rows, { newline: "\r\n" }), "gbk"));

    await page.goto(`${runtime.product.url}/contacts`);
    await page.getByTestId("import-link").click();
    await page.waitForURL(/\/import/);
    await page.getByTestId("import-file").setInputFiles(file);
    await page.getByTestId("import-upload").click();
    await page.getByTestId("import-mapping").waitFor();
    await expect(page.getByTestId("import-detected").textContent()).resolves.toContain("gb18030");
    // The suggestion maps every column; the email column is moved by hand to check the select works.
    await expect(page.getByTestId("map-0").inputValue()).resolves.toBe("name");
    await expect(page.getByTestId("map-1").inputValue()).resolves.toBe("phone");
    await page.getByTestId("map-2").selectOption("");
    await page.getByTestId("map-2").selectOption("email");
    await expect(page.getByTestId("map-4").inputValue()).resolves.toBe("notes");
    const statuses = page.getByTestId("preview-status");
    await expect(statuses.nth(0).textContent()).resolves.toBe("正常");
    await expect(statuses.nth(2).textContent()).resolves.toContain("contact.phone_invalid");
    await expect(page.getByTestId("import-preview").textContent()).resolves.toContain("张伟");
    await page.screenshot({ path: `${SHOTS}/import-mapping-zh-1280.png`, fullPage: true });

    await page.getByTestId("import-start").click();
    await page.locator("[data-testid=import-progress][aria-valuenow='100']").waitFor({ timeout: 240_000 });
    await expect(page.getByTestId("import-counts").textContent()).resolves.toContain("新建 2");
    await page.screenshot({ path: `${SHOTS}/import-done-zh-1280.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("import-errors").click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const report = Papa.parse<string[]>(bytes.subarray(3).toString("utf8"), { skipEmptyLines: true }).data;
    expect(report[0]).toEqual(["row", "reason", "message", ...rows[0]]);
    expect(report).toHaveLength(2);
    expect(report[1].slice(0, 2)).toEqual(["4", "contact.phone_invalid"]);
    expect(report[1].slice(3)).toEqual(rows[3]);

    await page.goto(`${runtime.product.url}/contacts`);
    await page.getByText("张伟").first().waitFor();
    await page.getByText("李娜").first().waitFor();
    await ctx.close();
  });
});
