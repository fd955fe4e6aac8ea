import { z } from "zod";
import { Pool } from "@crm/core/pools/pool";
import { route } from "../route";

const tags = ["pools"];
const feature = "pools" as const;

const Rules = z.object({ noFollowUpDays: z.number().nullable(), noOpenDealDays: z.number().nullable(), noWonDealDays: z.number().nullable(), afterContractEndDays: z.number().nullable(), warnDays: z.number() });
const PoolOut = z.object({
  poolId: z.string(), name: z.string(), memberIds: z.array(z.string()), teamIds: z.array(z.string()), rules: Rules,
  levels: z.record(z.string(), Rules.partial()),
  limits: z.object({ dailyClaimLimit: z.number().nullable(), cooldownDays: z.number(), ownershipCap: z.number().nullable(), capCountsWon: z.boolean() }),
  isDefault: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
const CustomerOut = z.object({
  companyId: z.string(), poolId: z.string(), state: z.enum(["pooled", "owned"]), ownerId: z.string().nullable(), level: z.string().nullable(),
  name: z.string(), industry: z.string().nullable(), phone: z.string().nullable(), domain: z.string().nullable(),
  pooledAt: z.string().nullable(), pooledReason: z.string().nullable(), lastFollowUpAt: z.string().nullable(),
  recycleAt: z.string().nullable(), warnAt: z.string().nullable(), version: z.number(),
});

/** Customer pools (公海): settings for admins; list, claim, return and assign for pool members. */
export const poolRoutes = [
  route({ method: "get", path: "/api/pools", summary: "The pools you belong to (admins: all)", auth: "tenant", scope: "companies:read", feature, tags,
    response: z.object({ items: z.array(PoolOut) }), handler: () => Pool.list() }),
  route({ method: "post", path: "/api/pools", summary: "Create a pool with its members, recycle rules and claim limits", auth: "tenant", scope: "settings:write", feature, body: Pool.PoolInput, status: 201, tags,
    response: PoolOut, handler: ({ body }) => Pool.create(body) }),
  route({ method: "get", path: "/api/pools/:poolId", summary: "A pool", auth: "tenant", scope: "companies:read", feature, tags,
    response: PoolOut, handler: ({ params }) => Pool.get(params.poolId) }),
  route({ method: "patch", path: "/api/pools/:poolId", summary: "Change a pool (needs its current version)", auth: "tenant", scope: "settings:write", feature, body: Pool.PoolPatch, tags,
    response: PoolOut, handler: ({ params, body }) => Pool.update(params.poolId, body) }),
  route({ method: "delete", path: "/api/pools/:poolId", summary: "Delete an empty pool", auth: "tenant", scope: "settings:write", feature, tags,
    handler: ({ params }) => Pool.remove(params.poolId) }),
  route({ method: "get", path: "/api/pools/:poolId/customers", summary: "Customers waiting in a pool, newest first (phone and domain masked)", auth: "tenant", scope: "companies:read", feature, query: Pool.CustomersQuery, tags,
    response: z.object({ items: z.array(CustomerOut), cursor: z.string().nullable() }), handler: ({ params, query }) => Pool.customers(params.poolId, query) }),
  route({ method: "post", path: "/api/pools/:poolId/customers", summary: "Put a company into the pool (admins)", auth: "tenant", scope: "companies:write", feature, body: Pool.AddInput, status: 201, tags,
    response: CustomerOut, handler: ({ params, body }) => Pool.add(params.poolId, body) }),
  route({ method: "post", path: "/api/pools/:poolId/customers/:companyId/claim", summary: "Claim a pool customer (409 pool.already_claimed when someone was quicker)", auth: "tenant", scope: "companies:write", feature, tags,
    response: CustomerOut, handler: ({ params }) => Pool.claim(params.poolId, params.companyId) }),
  route({ method: "post", path: "/api/pools/:poolId/customers/:companyId/assign", summary: "Give a pool customer to a rep (admins and managers)", auth: "tenant", scope: "companies:write", feature, body: Pool.AssignInput, tags,
    response: CustomerOut, handler: ({ params, body }) => Pool.assign(params.poolId, params.companyId, body) }),
  route({ method: "post", path: "/api/companies/:companyId/return", summary: "Give a customer back to its pool, with a reason", auth: "tenant", scope: "companies:write", feature, body: Pool.ReturnInput, tags,
    response: CustomerOut, handler: ({ params, body }) => Pool.giveBack(params.companyId, body) }),
  route({ method: "get", path: "/api/companies/:companyId/pool", summary: "Where a company stands under pool rules", auth: "tenant", scope: "companies:read", feature, tags,
    response: z.union([z.object({ companyId: z.string(), managed: z.literal(false) }), CustomerOut.extend({ managed: z.literal(true), levels: z.array(z.string()) })]),
    handler: ({ params }) => Pool.status(params.companyId) }),
  route({ method: "put", path: "/api/companies/:companyId/pool/level", summary: "Set a customer's level (admins and managers); its pool's rules for that level apply", auth: "tenant", scope: "companies:write", feature, body: Pool.LevelInput, tags,
    response: CustomerOut.extend({ managed: z.literal(true), levels: z.array(z.string()) }), handler: ({ params, body }) => Pool.setLevel(params.companyId, body) }),
];
