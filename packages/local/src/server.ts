import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Hono } from "hono";
import { createApp } from "@crm/functions/api/app";

/** The API and the built web app on one origin; unknown paths get the SPA's index.html. */
export function startServer(options: { port: number; host: string; webDir: string }) {
  const root = relative(process.cwd(), options.webDir) || ".";
  const indexFile = join(options.webDir, "index.html");
  const app = createApp({
    web: (app: Hono) => {
      app.use("/*", serveStatic({ root }));
      app.get("*", (c) => {
        if (!existsSync(indexFile)) return c.text("The web app is not built: run `npm run build:web`.", 503);
        return c.html(readFileSync(indexFile, "utf8"));
      });
    },
  });
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => {
      resolve({ url: `http://localhost:${info.port}`, close: () => server.close() });
    });
  });
}
