import type { Context } from "hono";

/** A CSV download: the text already carries its byte-order mark. */
export function csvResponse(c: Context, file: { filename: string; text: string }) {
  return c.body(file.text, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${file.filename}"` });
}
