import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "../../packages/functions/src/api/openapi";
import { route } from "../../packages/functions/src/api/route";
import { routes } from "../../packages/functions/src/api/routes";
import { Client, newTenant, unique } from "../support/api";
import { responseChecker } from "../support/response-check";

describe("OpenAPI", () => {
  it("documents every route of the app, with the request schemas the routes validate with", async () => {
    const res = await new Client().get("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths).flatMap(([p, ops]: [string, any]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();
    const actual = routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`).sort();
    expect(documented).toEqual(actual);
    const create = doc.paths["/api/contacts"].post;
    const schema = create.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["name"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.email).toBeTruthy();
    expect(create.security).toEqual([{ session: [] }, { apiKey: [] }]);
    expect(create["x-scope"]).toBe("contacts:write");
    const list = doc.paths["/api/contacts"].get;
    expect(list.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(["sort", "limit", "cursor", "q"]));
    const ids = Object.values(doc.paths).flatMap((ops: any) => Object.values(ops).map((o: any) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/** Routes that answer 204 without being a DELETE (a DELETE answers 204 by default). */
const NO_CONTENT = new Set(["post /api/auth/logout"]);

describe("OpenAPI response schemas", () => {
  const doc = openApiDocument(routes);
  const success = (r: (typeof routes)[number]) => {
    const op = (doc.paths as any)[r.path.replace(/:(\w+)/g, "{$1}")][r.method];
    const [status, response] = Object.entries(op.responses as Record<string, any>).find(([s]) => s.startsWith("2"))!;
    return { status, content: response.content as Record<string, { schema: any }> | undefined };
  };

  it("gives every route a JSON success schema, or says it answers 204 or a non-JSON body", () => {
    const problems: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      const { status, content } = success(r);
      const types = Object.keys(content ?? {});
      if (status === "204") {
        if (types.length) problems.push(`${key}: 204 with a body`);
        if (r.method !== "delete" && !NO_CONTENT.has(key)) problems.push(`${key}: answers 204 but is not listed as such`);
        continue;
      }
      if (!types.length) problems.push(`${key}: ${status} without a documented body (declare response, or produces for a file)`);
      for (const t of types) {
        if (t === "application/json" && (!content![t].schema || Object.keys(content![t].schema).length === 0)) problems.push(`${key}: empty JSON schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("publishes CSV exports as text/csv and downloads as files, not JSON", () => {
    for (const path of ["/api/audit/export", "/api/reports/goals.csv", "/api/reports/sales.csv"]) {
      const r = routes.find((x) => x.method === "get" && x.path === path)!;
      expect(Object.keys(success(r).content!), path).toEqual(["text/csv"]);
    }
    const download = routes.find((x) => x.path.endsWith("/attachments/:index"))!;
    expect(Object.keys(success(download).content!)).not.toContain("application/json");
  });

  it("declares records strictly: an undeclared field, a wrong type or a missing field fails with the route and ajv's errors", async () => {
    const { owner } = await newTenant();
    const checker = responseChecker();
    const created = await owner.post("/api/contacts", { name: "Ada", email: `${unique("ada")}@example.com`, tags: ["vip"] });
    expect(created.status).toBe(201);
    const read = await owner.get(`/api/contacts/${created.body.contactId}`);
    expect(checker.check("GET", `/api/contacts/${created.body.contactId}`, 200, "application/json", read.body)).toBeUndefined();

    const extra = checker.check("GET", "/api/contacts/x1", 200, "application/json", { ...read.body, nameKey: "ada" });
    expect(extra).toMatch(/GET \/api\/contacts\/:contactId answered 200/);
    expect(extra).toMatch(/must NOT have additional properties \(nameKey\)/);
    const wrongType = checker.check("GET", "/api/contacts/x1", 200, "application/json", { ...read.body, version: "2" });
    expect(wrongType).toMatch(/\/version must be number/);
    const { name: _n, ...missing } = read.body;
    expect(checker.check("GET", "/api/contacts/x1", 200, "application/json", missing)).toMatch(/must have required property 'name'/);
    // A page envelope checks its items too.
    const page = checker.check("GET", "/api/contacts?limit=5", 200, "application/json", { items: [{ ...read.body, tags: "vip" }], cursor: null });
    expect(page).toMatch(/\/items\/0\/tags must be array/);
    // A status the document does not declare is caught as well.
    expect(checker.check("POST", "/api/contacts", 200, "application/json", read.body)).toMatch(/declares only 201/);
  });

  it("makes the test client fail the calling test when a response drifts from the document", async () => {
    // The same route, documented with fewer fields than it answers: the client must refuse the answer.
    const real = routes.find((r) => r.method === "get" && r.path === "/api/contacts/:contactId")!;
    const drifted = route({ ...real, response: z.strictObject({ contactId: z.string(), version: z.number() }) });
    const { owner } = await newTenant();
    const c = await owner.post("/api/contacts", { name: "Bo" });
    expect(c.status).toBe(201);
    expect((await owner.get(`/api/contacts/${c.body.contactId}`)).status).toBe(200);
    owner.checker = responseChecker([drifted]);
    await expect(owner.get(`/api/contacts/${c.body.contactId}`)).rejects.toThrow(/does not match the OpenAPI document: GET \/api\/contacts\/:contactId answered 200[\s\S]*additional properties/);
    // Error answers are not success bodies: they are not checked against the success schema.
    expect((await owner.get("/api/contacts/nope")).status).toBe(404);
  });
});
