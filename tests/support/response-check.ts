import { appendFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import { openApiDocument } from "../../packages/functions/src/api/openapi";
import type { RouteSpec } from "../../packages/functions/src/api/route";
import { routes } from "../../packages/functions/src/api/routes";

/**
 * Checks API responses against the OpenAPI document the app serves: the test client calls `checkResponse`
 * for every 2xx JSON answer, so a route whose body drifts from its declared `response` schema fails the
 * test that called it. The document is built from the same route list, once per test file.
 */

type Doc = ReturnType<typeof openApiDocument>;
interface Op { responses: Record<string, { content?: Record<string, { schema: object }> }> }

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function newAjv() {
  // The document uses a few JSON Schema formats zod emits; define them here rather than switching format checks off.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat("email", EMAIL);
  ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("uri", (s: string) => URL.canParse(s));
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv;
}

interface Matcher { spec: RouteSpec; pattern: RegExp; docPath: string }

/** Compiles every declared success schema of `routeList` (defaults to the app's). */
export function responseChecker(routeList: RouteSpec[] = routes) {
  const doc: Doc = openApiDocument(routeList);
  const ajv = newAjv();
  ajv.addSchema({ $id: "doc", components: doc.components } as object);
  const compiled = new Map<string, ValidateFunction | null>();
  const matchers: Matcher[] = routeList.map((spec) => ({
    spec,
    docPath: spec.path.replace(/:(\w+)/g, "{$1}"),
    pattern: new RegExp(`^${spec.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:(\w+)/g, "[^/]+")}$`),
  }));

  function validatorFor(m: Matcher, status: number): ValidateFunction | null | undefined {
    const key = `${m.spec.method} ${m.docPath} ${status}`;
    if (compiled.has(key)) return compiled.get(key);
    const op = (doc.paths[m.docPath] as Record<string, Op>)[m.spec.method];
    const response = op.responses[String(status)];
    if (!response) return undefined;
    const schema = response.content?.["application/json"]?.schema;
    const fn = schema ? ajv.compile(schema) : null;
    compiled.set(key, fn);
    return fn;
  }

  /** The route (first in app order, as Hono picks it) that answers `method path`. */
  function match(method: string, path: string): Matcher | undefined {
    const pathname = new URL(path, "http://x").pathname;
    return matchers.find((m) => m.spec.method === method.toLowerCase() && m.pattern.test(pathname));
  }

  /** An error message when a 2xx JSON body does not fit the document, or undefined when it does. */
  function check(method: string, path: string, status: number, contentType: string | null, body: unknown): string | undefined {
    if (status < 200 || status >= 300) return undefined;
    const m = match(method, path);
    if (!m) return undefined;
    const label = `${m.spec.method.toUpperCase()} ${m.spec.path} answered ${status}`;
    const op = (doc.paths[m.docPath] as Record<string, Op>)[m.spec.method];
    const declared = Object.keys(op.responses).filter((s) => s.startsWith("2"));
    const response = op.responses[String(status)];
    if (!response) return `${label}, but the OpenAPI document declares only ${declared.join(", ")}`;
    const types = Object.keys(response.content ?? {});
    const isJson = !!contentType && contentType.includes("application/json");
    if (status === 204 || !isJson) {
      if (status !== 204 && types.length && !types.some((t) => contentType?.startsWith(t.replace("*/*", "")) || t === "*/*"))
        return `${label} with ${contentType}, but the document says ${types.join(", ")}`;
      return undefined;
    }
    const fn = validatorFor(m, status);
    if (fn === null || fn === undefined) {
      // A route without a declared schema is reported by the OpenAPI test's enumeration, not here.
      if (process.env.CAPTURE_RESPONSES) appendFileSync(process.env.CAPTURE_RESPONSES, JSON.stringify({ route: `${m.spec.method} ${m.spec.path}`, status, body }) + "\n");
      return undefined;
    }
    if (fn(body)) return undefined;
    const errors = (fn.errors ?? []).slice(0, 10).map((e) => `  ${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${e.params.additionalProperty})` : ""}`);
    return `${label}; the body does not match its OpenAPI response schema:\n${errors.join("\n")}\nbody: ${JSON.stringify(body).slice(0, 600)}`;
  }

  return { check, match };
}
