import { z } from "zod";
import { Member } from "@crm/core/member";
import { parse } from "@crm/core/validation";
import { route } from "../route";
import { setSessionCookie } from "./session-cookie";
import * as R from "../responses";

const tags = ["team"];
const LookupQuery = z.strictObject({ token: z.string().min(10).max(200) });

export const invitationPublicRoutes = [
  route({ method: "get", path: "/api/invitation", summary: "What an invitation link is for", auth: "public", query: LookupQuery, tags, response: z.strictObject({ email: z.string(), role: z.string(), workspace: z.string(), hasAccount: z.boolean() }),
    handler: ({ query }) => Member.describeInvitation(parse(LookupQuery, query).token) }),
  route({ method: "post", path: "/api/invitation/accept", summary: "Accept an invitation (sets a password for a new account)", auth: "public", body: Member.AcceptInput, tags, response: z.strictObject({ tenantId: z.string() }),
    handler: async ({ c, body }) => {
      const session = await Member.accept(body);
      setSessionCookie(c, session.secret, session.maxAge);
      return { tenantId: session.tenantId };
    } }),
];
