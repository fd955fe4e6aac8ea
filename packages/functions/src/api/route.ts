import type { Context } from "hono";
import type { z } from "zod";
import type { FeatureKey } from "@crm/core/plan";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/**
 * A route declared as data: the app mounts it, the OpenAPI document and the isolation and bad-input
 * tests read it. `body` and `query` are the same zod schemas the domain validates with.
 */
export interface RouteSpec {
  method: Method;
  path: string;
  summary: string;
  /** public: anyone; user: a signed-in person (no workspace needed); tenant: acts in a workspace; platform: the platform secret. */
  auth: "public" | "user" | "tenant" | "platform";
  /** The permission the domain checks (for docs and key scopes). */
  scope?: string;
  feature?: FeatureKey;
  body?: z.ZodType;
  query?: z.ZodType;
  status?: number;
  /** The success body's shape (for the OpenAPI document; the test client validates every response against it). */
  response?: z.ZodType;
  /** The body of a 202 answer, for actions that may be held (an approval request instead of the change). */
  accepted?: z.ZodType;
  /** The media type of a success body that is not JSON (a CSV export, a file download); the document publishes it instead of `response`. */
  produces?: string;
  tags: string[];
  handler: (input: { c: Context; body: unknown; query: Record<string, string>; params: Record<string, string> }) => Promise<unknown>;
}

export function route(spec: RouteSpec): RouteSpec {
  return spec;
}
