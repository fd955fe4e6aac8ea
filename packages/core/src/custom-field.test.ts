import { describe, expect, it } from "vitest";
import { CustomFieldSchema, type Definition } from "./custom-field-schema";
import { ValidationError } from "./errors";
import { mulberry32 as prng } from "./testing/prng";


const ctx = { region: "CN" };
const OPTIONS = ["red", "green", "blue", "蓝色-x", "a_b"].map((key) => ({ key, labels: { en: key, "zh-CN": key } }));

type Case = { def: Definition; value: unknown; valid: boolean };

/** One generated field and value, with the expected verdict computed independently of the schema code. */
function gen(seed: number): Case {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const type = pick(["text", "number", "money", "date", "single_select", "multi_select", "checkbox", "email", "phone", "url", "datetime"] as const);
  const key = `f_${seed % 97}`;
  switch (type) {
    case "text": {
      const min = r() < 0.5 ? int(0, 5) : undefined;
      const max = r() < 0.5 ? int(5, 12) : undefined;
      const pattern = r() < 0.3 ? "[A-Z]+" : undefined;
      const value = r() < 0.15 ? int(0, 9) : pick(["", "AB", "ABCDEF", "abc", "ABCDEFGHIJKLMNOP", "张伟", "Q"]);
      const valid = typeof value === "string" && (min === undefined || value.length >= min) && value.length <= (max ?? 2000) && (!pattern || /^[A-Z]+$/.test(value));
      return { def: { key, type, validation: { min, max, pattern } }, value, valid };
    }
    case "number": {
      const min = r() < 0.5 ? int(-50, 0) : undefined;
      const max = r() < 0.5 ? int(0, 50) : undefined;
      const value = r() < 0.1 ? "12" : r() < 0.05 ? Number.NaN : int(-100, 100) + (r() < 0.3 ? 0.5 : 0);
      const valid = typeof value === "number" && Number.isFinite(value) && (min === undefined || value >= min) && (max === undefined || value <= max);
      return { def: { key, type, validation: { min, max } }, value, valid };
    }
    case "money": {
      const max = r() < 0.5 ? int(0, 1000) : undefined;
      const amount = r() < 0.1 ? "5" : int(-10, 2000);
      const currency = pick(["CNY", "usd", "EURO", "", "JPY"]);
      const value = r() < 0.1 ? amount : { amount, currency };
      const valid = typeof value === "object" && typeof amount === "number" && (max === undefined || amount <= max) && /^[A-Za-z]{3}$/.test(currency);
      return { def: { key, type, validation: { max } }, value, valid };
    }
    case "date": {
      const value = pick(["2026-02-28", "2026-02-30", "2024-02-29", "2023-02-29", "26-1-1", "2026-13-01", 20260101, "2026-11-24T10:00:00Z"]);
      const valid = ["2026-02-28", "2024-02-29"].includes(value as string);
      return { def: { key, type }, value, valid };
    }
    case "datetime": {
      const value = pick(["2026-11-24T10:00:00Z", "2026-11-24T10:00:00+08:00", "2026-11-24", "yesterday", 0]);
      const valid = typeof value === "string" && value.includes("T");
      return { def: { key, type }, value, valid };
    }
    case "single_select": {
      const value = r() < 0.2 ? 3 : pick(["red", "blue", "purple", "RED", "蓝色-x", ""]);
      const valid = typeof value === "string" && OPTIONS.some((o) => o.key === value);
      return { def: { key, type, validation: { options: OPTIONS } }, value, valid };
    }
    case "multi_select": {
      const n = int(0, 4);
      const value = Array.from({ length: n }, () => pick(["red", "green", "blue", "purple"]));
      const min = r() < 0.4 ? int(0, 2) : undefined;
      const max = r() < 0.4 ? int(1, 3) : undefined;
      const distinct = new Set(value).size;
      const valid = value.every((v) => v !== "purple") && (min === undefined || distinct >= min) && (max === undefined || distinct <= max) && (distinct > 0 || min === undefined || min === 0);
      const notAList = r() < 0.1;
      return { def: { key, type, validation: { options: OPTIONS, min, max } }, value: notAList ? "red" : value, valid: notAList ? false : valid };
    }
    case "checkbox": {
      const value = pick([true, false, "true", 1, null]);
      return { def: { key, type }, value, valid: typeof value === "boolean" || value === null };
    }
    case "email": {
      const value = pick(["a@b.example", "A@B.Example", "not-an-email", "x@", 5]);
      return { def: { key, type }, value, valid: typeof value === "string" && /^[^@]+@[^@]+\.[a-z]+$/i.test(value) };
    }
    case "phone": {
      const value = pick(["13900139000", "+8613900139000", "12", "+1 415 555 2671", "phone"]);
      return { def: { key, type }, value, valid: ["13900139000", "+8613900139000", "+1 415 555 2671"].includes(value) };
    }
    case "url": {
      const value = pick(["https://example.com/a", "http://x.example", "ftp://x.example", "example.com", "javascript:alert(1)"]);
      return { def: { key, type }, value, valid: /^https?:\/\//.test(value) };
    }
  }
}

function outcome(defs: Definition[], input: unknown, before?: Record<string, unknown>) {
  try {
    return { ok: true as const, value: CustomFieldSchema.apply(defs, input, before, ctx) };
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return { ok: false as const, fields: (err as ValidationError).fields ?? {} };
  }
}

describe("custom field values (generated cases)", () => {
  it("accept exactly the valid values of every type and name the field when not", () => {
    let accepted = 0;
    let refused = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const c = gen(seed);
      const res = outcome([c.def], { [c.def.key]: c.value });
      expect(res.ok, `seed ${seed}: ${c.def.type} ${JSON.stringify(c.def.validation)} ${JSON.stringify(c.value)}`).toBe(c.valid);
      if (res.ok) accepted++;
      else {
        refused++;
        expect(Object.keys(res.fields)).toEqual([`custom.${c.def.key}`]);
      }
    }
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });

  it("refuse unknown keys and keys of deleted fields, naming them", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const c = gen(seed);
      const deleted = { ...c.def, key: "gone", deletedAt: "2026-01-01T00:00:00Z" };
      const res = outcome([c.def, deleted], { nope: 1, gone: c.value });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.fields).toMatchObject({ "custom.nope": "Unknown field.", "custom.gone": "Unknown field." });
    }
  });

  it("apply defaults on create only, enforce required, keep deleted fields' stored values on update", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = prng(seed);
      const required = r() < 0.5;
      const withDefault = r() < 0.5;
      const defs: Definition[] = [
        { key: "n", type: "number", required, default: withDefault ? 7 : undefined },
        { key: "old", type: "text", deletedAt: "2026-01-01T00:00:00Z" },
      ];
      const given = r() < 0.5 ? { n: 3 } : {};
      const created = outcome(defs, given);
      const expected = "n" in given ? 3 : withDefault ? 7 : undefined;
      expect(created.ok).toBe(!(required && expected === undefined));
      if (created.ok) expect(created.value.n).toBe(expected);
      if (!created.ok) expect(created.fields).toEqual({ "custom.n": "Required." });

      const before = { n: 5, old: "kept" };
      const patch = r() < 0.3 ? { n: null } : r() < 0.5 ? { n: 9 } : {};
      const updated = outcome(defs, patch, before);
      const cleared = patch.n === null;
      expect(updated.ok).toBe(!(required && cleared));
      if (updated.ok) {
        expect(updated.value.old).toBe("kept");
        expect(updated.value.n).toBe(cleared ? undefined : (patch.n ?? 5));
        expect("n" in updated.value).toBe(!cleared);
      }
    }
  });

  it("show only active fields' values", () => {
    const defs: Definition[] = [{ key: "a", type: "text" }, { key: "b", type: "text", deletedAt: "x" }];
    expect(CustomFieldSchema.visible(defs, { a: "1", b: "2", c: "3" })).toEqual({ a: "1" });
    expect(CustomFieldSchema.visible(defs, undefined)).toEqual({});
  });

  it("normalizes phones to E.164 and money currencies to upper case", () => {
    const out = CustomFieldSchema.apply([{ key: "p", type: "phone" }, { key: "m", type: "money" }], { p: "139 0013 9000", m: { amount: 5, currency: "cny" } }, undefined, ctx);
    expect(out).toEqual({ p: "+8613900139000", m: { amount: 5, currency: "CNY" } });
  });

  it("checks definitions: options for selects, ranges, patterns, defaults of the field's own type", () => {
    const p = (d: Definition & { searchable?: boolean }) => Object.keys(CustomFieldSchema.problems(d, ctx));
    expect(p({ key: "s", type: "single_select" })).toEqual(["validation.options"]);
    expect(p({ key: "s", type: "single_select", validation: { options: OPTIONS }, default: "red" })).toEqual([]);
    expect(p({ key: "s", type: "single_select", validation: { options: OPTIONS }, default: "purple" })).toEqual(["default"]);
    expect(p({ key: "s", type: "multi_select", validation: { options: [OPTIONS[0], OPTIONS[0]] } })).toEqual(["validation.options"]);
    expect(p({ key: "n", type: "number", validation: { min: 5, max: 1 } })).toEqual(["validation.max"]);
    expect(p({ key: "t", type: "text", validation: { pattern: "([" } })).toEqual(["validation.pattern"]);
    expect(p({ key: "n", type: "number", validation: { pattern: "x" } })).toEqual(["validation.pattern"]);
    expect(p({ key: "n", type: "number", searchable: true })).toEqual(["searchable"]);
    expect(p({ key: "n", type: "number", default: "5" })).toEqual(["default"]);
    expect(p({ key: "u", type: "user", default: "someone" })).toEqual(["default"]);
    for (let seed = 1; seed <= 1000; seed++) {
      const c = gen(seed);
      const probs = CustomFieldSchema.problems({ ...c.def, default: c.value }, ctx);
      const emptyDefault = c.value === null || c.value === "" || (Array.isArray(c.value) && c.value.length === 0);
      expect("default" in probs, `seed ${seed}`).toBe(!c.valid && !emptyDefault);
    }
  });

  it("keys follow the documented pattern", () => {
    const r = prng(42);
    const alphabet = "abcdefghijklmnopqrstuvwxyzABC0123456789_-. 中";
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(r() * 45);
      const key = Array.from({ length: len }, () => alphabet[Math.floor(r() * alphabet.length)]).join("");
      const oracle = len >= 1 && len <= 40 && /[a-z]/.test(key[0]) && [...key].every((ch) => "abcdefghijklmnopqrstuvwxyz0123456789_".includes(ch));
      expect(CustomFieldSchema.Key.safeParse(key).success, key).toBe(oracle);
    }
  });
});
