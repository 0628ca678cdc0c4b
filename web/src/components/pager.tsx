import type { CursorPages } from "../lib/use-cursor.ts";

/** Previous / next over cursor pages; the API has no totals, so it shows the page number only. */
export function Pager({
  pages,
  nextCursor,
  count,
}: {
  pages: CursorPages;
  nextCursor: string | null | undefined;
  count: number;
}) {
  if (pages.page === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pagination">
      <button type="button" className="btn" disabled={pages.page === 1} onClick={pages.first}>
        First
      </button>
      <button type="button" className="btn" disabled={pages.page === 1} onClick={pages.previous}>
        ‹ Previous
      </button>
      <span className="muted">
        Page {pages.page} · {count} shown
      </span>
      <button type="button" className="btn" disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        Next ›
      </button>
    </nav>
  );
}
