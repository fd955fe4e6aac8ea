import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { ConflictNormalize } from "./normalize";

const HAN = [..."华为腾讯阿里巴京东美团字节跳动小米网易百度新东方海尔格力联想"];
const LATIN = [..."abcdefghjkmnpqrstuvwxyz"];
const SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司", "集团", "集团有限公司", "公司", " Co., Ltd.", " Co.,Ltd", " Inc.", " LLC", " Ltd", " Limited", " Corp.", " Company Limited", "（集团）有限公司"];
const PUNCT = [" ", "·", "-", "(", ")", "（", "）", ",", "。", "&", "  "];

/** Full-width forms of ASCII letters and digits, as Chinese input methods type them. */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe("ConflictNormalize.companyName", () => {
  it("strips legal suffixes, punctuation, width and case in known names", () => {
    expect(ConflictNormalize.companyName("华为技术有限公司")).toBe("华为技术");
    expect(ConflictNormalize.companyName("华为技术 有限 公司")).toBe("华为技术");
    expect(ConflictNormalize.companyName("阿里巴巴集团控股有限公司")).toBe("阿里巴巴集团控股");
    expect(ConflictNormalize.companyName("ACME Co., Ltd.")).toBe("acme");
    expect(ConflictNormalize.companyName("Acme, Inc.")).toBe("acme");
    expect(ConflictNormalize.companyName("ＡＣＭＥ　ＬＬＣ")).toBe("acme");
    expect(ConflictNormalize.companyName("Costco")).toBe("costco");
    expect(ConflictNormalize.companyName("有限公司").length).toBeGreaterThan(0);
    expect(ConflictNormalize.companyName("  ")).toBe("");
  });

  it("gives a decorated name the key of its base name (3,000 generated names)", () => {
    const r = prng(9);
    for (let n = 0; n < 3000; n++) {
      const latin = r.chance(0.5);
      const length = r.int(2, 8);
      let base = "";
      for (let i = 0; i < length; i++) base += latin ? r.pick(LATIN) : r.pick(HAN);
      // A digit at the end: no generated base ends in something that looks like a suffix.
      base += String(r.int(0, 9));
      let decorated = "";
      for (const ch of base) {
        decorated += latin && r.chance(0.3) ? ch.toUpperCase() : ch;
        if (r.chance(0.1)) decorated += r.pick(PUNCT);
      }
      if (r.chance(0.7)) decorated += r.pick(SUFFIXES);
      if (r.chance(0.3)) decorated = fullWidth(decorated);
      if (r.chance(0.3)) decorated = `  ${decorated} `;
      const key = ConflictNormalize.companyName(decorated);
      expect(key, `${decorated} (seed 9, case ${n})`).toBe(ConflictNormalize.companyName(base));
      expect(key).toBe(base.toLowerCase());
    }
  });

  it("is idempotent and never empty for a name with letters (2,000 generated names)", () => {
    const r = prng(17);
    const chars = [...HAN, ...LATIN, ...PUNCT, "0", "7", ...SUFFIXES];
    for (let n = 0; n < 2000; n++) {
      let name = "";
      for (let i = r.int(1, 6); i > 0; i--) name += r.pick(chars);
      const key = ConflictNormalize.companyName(name);
      expect(ConflictNormalize.companyName(key), name).toBe(key);
      expect(key).not.toMatch(/[\s\p{P}A-Z]/u);
      if (/[\p{L}\p{N}]/u.test(name)) expect(key.length, name).toBeGreaterThan(0);
    }
  });

  it("lower-cases emails", () => {
    expect(ConflictNormalize.email(" Li.Lei@Example.COM ")).toBe("li.lei@example.com");
  });
});
