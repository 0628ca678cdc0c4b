import type { BotContentType } from "../../db/schema/index.ts";
import { htmlToMarkdown } from "./html.ts";

export type Chunk = { heading: string; text: string };

/** A passage of at most this many characters; long sections are split at paragraph (then sentence) boundaries. */
export const MAX_CHUNK_CHARS = 900;
const MIN_CHUNK_CHARS = 160;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/**
 * Splits a document into chunks that each carry their heading path ("Billing › Refunds"), so a passage read alone
 * still says what it is about. Plain text is split on blank lines; HTML is first turned into Markdown-like text.
 */
export function chunkDocument(title: string, content: string, contentType: BotContentType): Chunk[] {
  const markdown = contentType === "html" ? htmlToMarkdown(content) : content;
  const sections = contentType === "text" ? [{ path: [] as string[], body: markdown }] : splitSections(markdown);
  const chunks: Chunk[] = [];
  for (const section of sections) {
    // A page's own H1 usually repeats its title: said once.
    const path = section.path.filter((h, i) => !(i === 0 && h.toLowerCase() === title.trim().toLowerCase()));
    const heading = [title, ...path].filter((h) => h.length > 0).join(" › ");
    for (const text of packParagraphs(section.body)) chunks.push({ heading, text });
  }
  return chunks;
}

type Section = { path: string[]; body: string };

function splitSections(markdown: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let body: string[] = [];
  const flush = () => {
    const text = body.join("\n").trim();
    if (text) sections.push({ path: [...path], body: text });
    body = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    const m = HEADING.exec(line);
    if (m?.[1] && m[2]) {
      flush();
      const level = m[1].length;
      // The document's own H1 is usually its title: keep it only when it says something new.
      path.length = Math.max(0, level - 1);
      while (path.length < level - 1) path.push("");
      path.push(m[2].trim());
      continue;
    }
    body.push(line);
  }
  flush();
  return sections.map((s) => ({ path: s.path.filter((p) => p.length > 0), body: s.body }));
}

/** Paragraphs packed greedily up to MAX_CHUNK_CHARS; an oversized paragraph is cut at sentence ends. */
function packParagraphs(body: string): string[] {
  const pieces = body
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 0)
    .flatMap((p) => (p.length <= MAX_CHUNK_CHARS ? [p] : splitLong(p)));
  const out: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current && current.length + piece.length + 1 > MAX_CHUNK_CHARS && current.length >= MIN_CHUNK_CHARS) {
      out.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current) out.push(current);
  return out;
}

function splitLong(paragraph: string): string[] {
  const sentences = paragraph.match(/[^.!?]+[.!?]+["')\]]*\s*|[^.!?]+$/g) ?? [paragraph];
  const out: string[] = [];
  let current = "";
  for (const raw of sentences) {
    const s = raw.trim();
    for (let i = 0; i < s.length; i += MAX_CHUNK_CHARS) {
      const part = s.slice(i, i + MAX_CHUNK_CHARS);
      if (current && current.length + part.length + 1 > MAX_CHUNK_CHARS) {
        out.push(current);
        current = part;
      } else current = current ? `${current} ${part}` : part;
    }
  }
  if (current) out.push(current);
  return out;
}
