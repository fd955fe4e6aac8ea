import { Member } from "@crm/core/member";
import { route } from "../route";
import * as R from "../responses";

const tags = ["team"];

export const memberRoutes = [
  route({ method: "get", path: "/api/members", summary: "Members of the workspace", auth: "tenant", scope: "team:read", tags, response: R.Items(R.Member),
    handler: async () => ({ items: await Member.list() }) }),
  route({ method: "patch", path: "/api/members/:userId", summary: "Change a member's role or teams", auth: "tenant", scope: "team:write", body: Member.UpdateMemberInput, tags, response: R.Member,
    handler: ({ params, body }) => Member.update(params.userId, body) }),
  route({ method: "delete", path: "/api/members/:userId", summary: "Remove a member", auth: "tenant", scope: "team:write", tags,
    handler: ({ params }) => Member.remove(params.userId) }),
  route({ method: "get", path: "/api/invitations", summary: "Pending invitations", auth: "tenant", scope: "team:read", tags, response: R.Items(R.Invitation),
    handler: async () => ({ items: await Member.listInvitations() }) }),
  route({ method: "post", path: "/api/invitations", summary: "Invite someone by email with a role", auth: "tenant", scope: "team:write", body: Member.InviteInput, status: 201, tags, response: R.Invitation,
    handler: ({ body }) => Member.invite(body) }),
  route({ method: "delete", path: "/api/invitations/:invitationId", summary: "Revoke an invitation", auth: "tenant", scope: "team:write", tags,
    handler: ({ params }) => Member.revokeInvitation(params.invitationId) }),
  route({ method: "get", path: "/api/teams", summary: "Teams", auth: "tenant", scope: "team:read", tags, response: R.Items(R.Team),
    handler: async () => ({ items: await Member.listTeams() }) }),
  route({ method: "post", path: "/api/teams", summary: "Create a team", auth: "tenant", scope: "team:write", feature: "teams", body: Member.TeamInput, status: 201, tags, response: R.Team,
    handler: ({ body }) => Member.createTeam(body) }),
  route({ method: "patch", path: "/api/teams/:teamId", summary: "Rename a team", auth: "tenant", scope: "team:write", body: Member.TeamUpdateInput, tags, response: R.Team,
    handler: ({ params, body }) => Member.updateTeam(params.teamId, body) }),
  route({ method: "delete", path: "/api/teams/:teamId", summary: "Delete an empty team", auth: "tenant", scope: "team:write", tags,
    handler: ({ params }) => Member.deleteTeam(params.teamId) }),
];
