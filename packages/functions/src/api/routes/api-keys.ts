import { z } from "zod";
import { ApiKey } from "@crm/core/api-key";
import { route } from "../route";
import * as R from "../responses";

const tags = ["api-keys"];

export const apiKeyRoutes = [
  route({ method: "get", path: "/api/api-keys", summary: "API keys with their scopes and last use", auth: "tenant", scope: "settings:read", feature: "apiKeys", tags, response: R.Items(R.ApiKey),
    handler: async () => ({ items: await ApiKey.list() }) }),
  route({ method: "post", path: "/api/api-keys", summary: "Create an API key; the secret is in this answer only", auth: "tenant", scope: "settings:write", feature: "apiKeys", body: ApiKey.CreateInput, status: 201, tags, response: R.ApiKey.extend({ secret: z.string() }),
    handler: ({ body }) => ApiKey.create(body) }),
  route({ method: "delete", path: "/api/api-keys/:keyId", summary: "Revoke an API key at once", auth: "tenant", scope: "settings:write", feature: "apiKeys", tags,
    handler: ({ params }) => ApiKey.revoke(params.keyId) }),
];
