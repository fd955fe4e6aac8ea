import { Hono, type Context } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { bodyLimit } from "hono/body-limit";
import { hasScope, useActor } from "@crm/core/actor";
import { Config } from "@crm/core/config";
import { Idempotency } from "@crm/core/idempotency";
import { ForbiddenError, UnauthorizedError, ValidationError } from "@crm/core/errors";
import { Tenant } from "@crm/core/tenant";
import { timingSafeEqual } from "node:crypto";
import { actorMiddleware } from "./middleware";
import { notFound, onError } from "./on-error";
import type { RouteSpec } from "./route";
import { routes } from "./routes";

const MAX_BODY = 1024 * 1024;
const MAX_UPLOAD = 200 * 1024 * 1024;
// Visit photos are capped at 10 MB by the domain while it reads them.
const UPLOAD_PATH = /^\/api\/(imports\/[^/]+\/file|visits\/[^/]+\/photo)$/;
/** Contract files: raw bytes, capped at 20 MB by the domain while it reads them. */
const ATTACH_PATH = /^\/api\/contracts\/[^/]+\/attachments$/;

async function readBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.", { _: "Malformed JSON." }, "request.malformed_json");
  }
}

function checkPlatformSecret(c: Context) {
  const expected = Config.platformSecret();
  const given = c.req.header("x-platform-secret") ?? "";
  const ok = !!expected && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) throw new UnauthorizedError("The platform secret is missing or wrong.", "platform.unauthorized");
}

async function authorize(spec: RouteSpec, c: Context) {
  const actor = useActor();
  if (spec.auth === "platform") return checkPlatformSecret(c);
  if (spec.auth === "user" && actor.type !== "user") throw new UnauthorizedError(actor.type === "key" ? "API keys cannot use this route." : "Sign in first.");
  // Keys carry scopes; each route names the one it needs (the domain checks it again).
  if (actor.type === "key" && spec.auth === "tenant" && spec.scope && !hasScope(actor.scopes, spec.scope)) {
    throw new ForbiddenError(`This API key lacks the "${spec.scope}" scope.`, "forbidden.scope");
  }
  if (spec.auth === "tenant") {
    const inTenant = (actor.type === "user" && actor.tenantId) || actor.type === "key";
    if (!inTenant) throw new UnauthorizedError(actor.type === "user" ? "Choose a workspace first." : "Sign in first.", actor.type === "user" ? "tenant.required" : "unauthorized");
    if (spec.feature) await Tenant.requireFeature(spec.feature);
  }
}

/** Mounts declared routes on a Hono app: auth, feature gate, JSON parsing, then the handler. */
function mount(app: Hono, specs: RouteSpec[]) {
  for (const spec of specs) {
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      await authorize(spec, c);
      const run = async () => {
        const body = spec.body ? await readBody(c) : undefined;
        const result = await spec.handler({ c, body, query: c.req.query(), params: c.req.param() as Record<string, string> });
        if (result instanceof Response) return result;
        if (result === undefined) return c.body(null, 204);
        return c.json(result as object, (spec.status ?? 200) as 200);
      };
      const idemKey = c.req.header("idempotency-key");
      if (spec.method !== "post" || !idemKey || spec.auth === "public") return run();
      const text = await c.req.raw.clone().text();
      const outcome = await Idempotency.run(idemKey, `${spec.path}\n${text}`, async () => {
        const res = await run();
        return { status: res.status, body: await res.clone().text() };
      });
      return new Response(outcome.body || null, {
        status: outcome.status,
        headers: { "content-type": "application/json", ...(outcome.replayed ? { "idempotent-replayed": "true" } : {}) },
      });
    });
  }
}

const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", "data:"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/** The one Hono app: AWS wraps it for Lambda, the local runtime serves it with the web app. */
export function createApp(options: { web?: (app: Hono) => void } = {}) {
  const app = new Hono();
  app.use("*", secureHeaders({ contentSecurityPolicy: CSP, strictTransportSecurity: "max-age=31536000; includeSubDomains" }));
  const jsonLimit = bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: { code: "request.too_large", message: "The request body is larger than 1 MB." } }, 413) });
  // Import files are the one large body: streamed to the blob store, up to the import's own limit.
  const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD, onError: (c) => c.json({ error: { code: "request.too_large", message: "The file is larger than 200 MB." } }, 413) });
  app.use("/api/*", (c, next) => ((c.req.method === "PUT" && UPLOAD_PATH.test(c.req.path)) || (c.req.method === "POST" && ATTACH_PATH.test(c.req.path)) ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  app.use("/api/*", actorMiddleware());
  mount(app, routes);
  app.all("/api/*", notFound);
  options.web?.(app);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
