/** One part of a `multipart/form-data` body. */
export type FormPart = { name: string; filename?: string; contentType?: string; data: Buffer };

const MAX_PARTS = 16;

/**
 * A small multipart/form-data reader for the prompt upload (RFC 7578). The body is already size-capped by the
 * route's bodyLimit; the part count is bounded here. Returns undefined when the body is not well formed.
 */
export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 200) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  while (parts.length < MAX_PARTS) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === "--") return parts;
    if (body.subarray(at, at + 2).toString() === "\r\n") at += 2;
    const headerEnd = body.indexOf("\r\n\r\n", at);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(at, headerEnd).toString("utf8").split("\r\n");
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return undefined;
    const part: FormPart = { name: "", data: body.subarray(headerEnd + 4, next) };
    for (const line of headers) {
      const [key = "", ...rest] = line.split(":");
      const value = rest.join(":").trim();
      if (key.toLowerCase() === "content-type") part.contentType = value;
      if (key.toLowerCase() === "content-disposition") {
        part.name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? "";
        const filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
        if (filename !== undefined) part.filename = filename;
      }
    }
    parts.push(part);
    at = next + 2;
  }
  return undefined;
}
