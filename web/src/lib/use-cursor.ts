import { useCallback, useState } from "react";

export type CursorPages = {
  /** The cursor of the page shown (undefined for the first page). */
  cursor: string | undefined;
  /** 1-based page number, for "Page 3". */
  page: number;
  next: (nextCursor: string) => void;
  previous: () => void;
  first: () => void;
};

/**
 * Cursor pagination over the API's `{ items, nextCursor }` pages. The API only goes forward, so the cursors seen
 * are kept to go back. A new `scope` (filters changed) starts again at the first page.
 */
export function useCursorPages(scope: string): CursorPages {
  const [state, setState] = useState<{ scope: string; stack: string[] }>({ scope, stack: [] });
  const stack = state.scope === scope ? state.stack : [];
  if (state.scope !== scope) setState({ scope, stack: [] });

  const next = useCallback(
    (nextCursor: string) => setState((s) => ({ scope: s.scope, stack: [...s.stack, nextCursor] })),
    [],
  );
  const previous = useCallback(() => setState((s) => ({ scope: s.scope, stack: s.stack.slice(0, -1) })), []);
  const first = useCallback(() => setState((s) => ({ scope: s.scope, stack: [] })), []);
  return { cursor: stack.at(-1), page: stack.length + 1, next, previous, first };
}
