import { describe, expect, it } from "vitest";
import { Search } from "./search";
import { SearchPinyin } from "./search-pinyin";

describe("search terms", () => {
  it("spell Chinese names in pinyin: whole, initials, given name; polyphone surnames both ways", () => {
    expect(SearchPinyin.terms("张伟")).toEqual(expect.arrayContaining(["zhangwei", "zw", "wei"]));
    expect(SearchPinyin.terms("单雄信")).toEqual(expect.arrayContaining(["shanxiongxin", "sxx", "danxiongxin", "xiongxin"]));
    expect(SearchPinyin.terms("曾小贤")).toEqual(expect.arrayContaining(["zengxiaoxian", "zxx"]));
    expect(SearchPinyin.terms("Wang Fang")).toEqual([]);
    expect(SearchPinyin.key("李娜 Lee")).toBe("lina");
  });

  it("every prefix a person types of a generated name finds it (begins_with on some term), and terms stay within the cap", () => {
    const surnames = ["张", "王", "李", "赵", "欧阳", "单", "曾", "陈"];
    const given = ["伟", "芳", "娜", "静", "小明", "建国", "丽"];
    let seed = 7;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const name = surnames[Math.floor(r() * surnames.length)] + given[Math.floor(r() * given.length)];
      const terms = Search.terms({ name, email: `u${i}@example.com`, phone: "+8613800138000" });
      expect(terms.length).toBeLessThanOrEqual(40);
      const full = SearchPinyin.key(name);
      for (let n = 1; n <= full.length; n++) expect(terms.some((t) => t.startsWith(full.slice(0, n))), `${name} by ${full.slice(0, n)}`).toBe(true);
      expect(terms).toContain(name);
      expect(terms).toContain("8000");
      expect(terms.some((t) => t.startsWith(Search.queryTerm(`u${i}@exa`)))).toBe(true);
    }
  });
});
