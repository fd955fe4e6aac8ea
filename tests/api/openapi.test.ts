import { describe, expect, it } from "vitest";
import { routes } from "../../packages/functions/src/api/routes";
import { Client } from "../support/api";

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
