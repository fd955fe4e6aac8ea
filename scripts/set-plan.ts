/**
 * Platform admin: change a workspace's plan through the platform API.
 * Usage: PLATFORM_SECRET=... npx tsx scripts/set-plan.ts <slug> <plan> [base-url]
 */
const [slug, plan, base = process.env.APP_URL ?? "http://localhost:3000"] = process.argv.slice(2);
const secret = process.env.PLATFORM_SECRET;
if (!slug || !plan || !secret) {
  console.error("Usage: PLATFORM_SECRET=... npx tsx scripts/set-plan.ts <workspace-slug> <solo|team|business|enterprise> [base-url]");
  process.exit(2);
}
const res = await fetch(`${base}/api/platform/tenants/${encodeURIComponent(slug)}/plan`, {
  method: "PUT",
  headers: { "content-type": "application/json", "x-platform-secret": secret },
  body: JSON.stringify({ plan }),
});
const body = await res.json();
if (!res.ok) {
  console.error(`${res.status} ${body?.error?.code}: ${body?.error?.message}`);
  process.exit(1);
}
console.log(`${body.slug} is now on the ${body.plan} plan`);
export {};
