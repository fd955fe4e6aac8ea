import { z } from "zod";
import type { RouteSpec } from "./route";

const ErrorBody = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Machine-readable, dotted (e.g. contact.email_taken)" },
        message: { type: "string", description: "What went wrong, for a person" },
        fields: { type: "object", additionalProperties: { type: "string" }, description: "Per-field problems" },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output" = "input") {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

/** The OpenAPI 3.1 document, generated from the same route list and zod schemas the API validates with. */
export function openApiDocument(routes: RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, "{$1}");
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    if (r.query) {
      const q = jsonSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) params.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema } as never);
    }
    const security = r.auth === "tenant" ? [{ session: [] }, { apiKey: [] }] : r.auth === "user" ? [{ session: [] }] : r.auth === "platform" ? [{ platform: [] }] : [];
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: r.tags,
      operationId: `${r.method}${path.replace(/[{}]/g, "").replace(/\/(\w)/g, (_, c) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "")}`,
      ...(params.length ? { parameters: params } : {}),
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(r.body) } } } } : {}),
      security,
      ...(r.scope ? { "x-scope": r.scope } : {}),
      ...(r.feature ? { "x-feature": r.feature } : {}),
      responses: {
        [String(r.status ?? (r.method === "delete" ? 204 : 200))]: {
          description: "Success",
          ...(r.response ? { content: { "application/json": { schema: jsonSchema(r.response, "output") } } } : {}),
          ...(r.produces ? { content: { [r.produces]: { schema: r.produces.startsWith("text/") ? { type: "string" } : { type: "string", contentMediaType: r.produces } } } } : {}),
        },
        ...(r.accepted ? { "202": { description: "Accepted: held for approval", content: { "application/json": { schema: jsonSchema(r.accepted, "output") } } } } : {}),
        "400": { description: "Bad input", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        "401": { description: "Not signed in, or the key is invalid" },
        "403": { description: "Missing permission or plan feature" },
        "404": { description: "Not found (also for other workspaces' ids)" },
        "409": { description: "Conflict (stale version, taken value)" },
        "429": { description: "Rate limited (see Retry-After)" },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "CRM API", version: "1.0.0", description: "Everything the web app does. Authenticate with a session cookie or `Authorization: Bearer <API key>`." },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Error: ErrorBody },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "crm_session" },
        apiKey: { type: "http", scheme: "bearer", description: "An API key created in Settings → API keys" },
        platform: { type: "apiKey", in: "header", name: "x-platform-secret" },
      },
    },
  };
}
