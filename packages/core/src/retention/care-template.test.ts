import { describe, expect, it } from "vitest";
import { CareBounce } from "./care-bounce";
import { CareTemplate } from "./care-template";
import { UnsubscribeToken } from "./unsubscribe-token";

function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("CareTemplate", () => {
  it("renders variables, blanks missing ones, and always ends with the unsubscribe line", () => {
    const t = CareTemplate.choose({ en: { subject: "Hi {{ contact.name }}", body: "From {{owner.name}} at {{tenant.name}}{{company.name}}" } }, "zh-CN", "zh-CN");
    expect(t.language).toBe("en");
    const m = CareTemplate.compose(t, { "contact.name": "Ann", "owner.name": "Bo", "tenant.name": "Acme", "unsubscribe.url": "https://x/u?token=1" });
    expect(m).toEqual({ subject: "Hi Ann", text: "From Bo at Acme\n\n--\nDon't want these emails? Unsubscribe: https://x/u?token=1\n" });
  });

  it("prefers the contact's language, then the tenant's", () => {
    const both = { "zh-CN": { subject: "中", body: "中" }, en: { subject: "E", body: "E" } };
    expect(CareTemplate.choose(both, "en", "zh-CN").language).toBe("en");
    expect(CareTemplate.choose(both, null, "zh-CN").language).toBe("zh-CN");
    expect(CareTemplate.choose({ "zh-CN": both["zh-CN"] }, "en", "en").language).toBe("zh-CN");
  });

  it("names unknown variables once each", () => {
    expect(CareTemplate.unknownVariables("{{contact.name}} {{x.y}} {{ x.y }} {{owner.phone}}")).toEqual(["x.y", "owner.phone"]);
  });
});

describe("UnsubscribeToken", () => {
  const secret = "test-secret";
  it("round-trips and refuses every single-character change (500 generated tokens)", () => {
    const r = prng(7);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < 500; i++) {
      const claims = { tenantId: `t${Math.floor(r() * 1e9)}`, contactId: `c${Math.floor(r() * 1e9)}`, email: `p${i}@example.com` };
      const token = UnsubscribeToken.sign(claims, secret);
      expect(UnsubscribeToken.verify(token, secret)).toEqual(claims);
      expect(UnsubscribeToken.verify(token, "another secret")).toBeUndefined();
      const at = Math.floor(r() * token.length);
      if (token[at] === ".") continue;
      const replacement = alphabet[(alphabet.indexOf(token[at]) + 1 + Math.floor(r() * 60)) % alphabet.length];
      const changed = token.slice(0, at) + replacement + token.slice(at + 1);
      // base64url's last character can carry unused bits; a change there may decode to the same bytes.
      const sameBytes = (s: string) => s.split(".").map((p) => Buffer.from(p, "base64url").toString("hex")).join(".");
      if (sameBytes(changed) === sameBytes(token)) continue;
      expect(UnsubscribeToken.verify(changed, secret), `token ${i} at ${at}`).toBeUndefined();
    }
  });

  it("refuses malformed input without throwing", () => {
    for (const bad of ["", ".", "a.b.c", "x".repeat(5000), "eyJ9.sig", `${Buffer.from("[1,2]").toString("base64url")}.x`]) {
      expect(UnsubscribeToken.verify(bad, secret)).toBeUndefined();
    }
  });
});

describe("CareBounce.failedRecipients", () => {
  const report = (body: string) => ({ headers: {}, attachments: [{ contentType: "message/delivery-status", content: Buffer.from(body) }] as never });
  it("takes failed recipients of a delivery-status report, not delayed ones", () => {
    const body = "Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; <Gone@Example.com>\r\nAction: failed\r\n\r\nFinal-Recipient: rfc822; slow@example.com\r\nAction: delayed\r\n";
    expect(CareBounce.failedRecipients(report(body))).toEqual(["gone@example.com"]);
  });
  it("falls back to X-Failed-Recipients and ignores what is no address", () => {
    expect(CareBounce.failedRecipients({ headers: { "x-failed-recipients": ["a@example.com, not an address"] }, attachments: [] })).toEqual(["a@example.com"]);
  });
});
