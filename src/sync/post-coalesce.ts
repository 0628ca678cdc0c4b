/**
 * How Team Messaging posts to one agent coalesce (pure): every post goes to the agent's one direct conversation,
 * so while an earlier post has not gone out yet, a new block joins it — right under it when it continues the
 * same chat (same header), after a blank line otherwise — as far as RingCentral's post size allows; what does not
 * fit follows in new posts. Nothing is ever cut away: a single over-long line is split.
 */
export const MAX_POST_CHARS = 9000;

export type PostBlock = { header: string; lines: string[] };

export type Coalesced = {
  /** The unsent post's new text, when something joined it. */
  appended?: string;
  /** Texts of new posts, in order. */
  posts: string[];
};

const render = (b: PostBlock) => [...(b.header ? [b.header] : []), ...b.lines].join("\n");

function splitLong(line: string, room: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < line.length; i += room) parts.push(line.slice(i, i + room));
  return parts.length > 0 ? parts : [""];
}

/** Lines that fit after `size` characters (each costs its length + a newline), and those left. */
function take(size: number, lines: readonly string[]): { fits: string[]; left: string[] } {
  let n = 0;
  let used = size;
  for (const line of lines) {
    if (used + 1 + line.length > MAX_POST_CHARS) break;
    used += 1 + line.length;
    n += 1;
  }
  return { fits: lines.slice(0, n), left: lines.slice(n) };
}

export function coalescePost(unsentText: string | undefined, block: PostBlock): Coalesced {
  const room = MAX_POST_CHARS - block.header.length - 1;
  let lines = block.lines.flatMap((l) => (l.length > room ? splitLong(l, room) : [l]));
  let appended: string | undefined;
  if (unsentText !== undefined && lines.length > 0) {
    const lastBlockHeader = unsentText.split("\n\n").at(-1)?.split("\n")[0];
    const continues = block.header !== "" && lastBlockHeader === block.header;
    const prefix = continues ? unsentText : `${unsentText}\n${block.header ? `\n${block.header}` : ""}`;
    const { fits, left } = take(prefix.length, lines);
    if (fits.length > 0) {
      appended = [prefix, ...fits].join("\n");
      lines = left;
    }
  }
  const posts: string[] = [];
  while (lines.length > 0) {
    const { fits, left } = take(block.header.length, lines);
    const body = fits.length > 0 ? fits : lines.slice(0, 1);
    posts.push(render({ header: block.header, lines: body }));
    lines = fits.length > 0 ? left : lines.slice(1);
  }
  return { appended, posts };
}
