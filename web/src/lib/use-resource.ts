import { useCallback, useEffect, useRef, useState } from "react";

export type Resource<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping what is shown until the answer arrives (no flicker on live refreshes). */
  reload: () => void;
};

/**
 * Loads data for a page. `key` identifies the request: when it changes, the old answer is dropped; answers that
 * arrive for an older key (a slow request overtaken by a filter change) are ignored.
 */
export function useResource<T>(key: string, load: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ key: string; data: T | undefined; error: unknown; loading: boolean }>({
    key,
    data: undefined,
    error: undefined,
    loading: true,
  });
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const generation = useRef(0);
  const inFlight = useRef(false);

  const run = useCallback((forKey: string) => {
    const mine = ++generation.current;
    inFlight.current = true;
    setState((s) =>
      s.key === forKey ? { ...s, loading: true } : { key: forKey, data: undefined, error: undefined, loading: true },
    );
    latestLoad.current().then(
      (data) => {
        if (mine !== generation.current) return;
        inFlight.current = false;
        setState({ key: forKey, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        inFlight.current = false;
        setState((s) => ({ key: forKey, data: s.key === forKey ? s.data : undefined, error, loading: false }));
      },
    );
  }, []);

  useEffect(() => {
    run(key);
  }, [key, run]);

  const reload = useCallback(() => {
    // A live tick arriving while the last load is still running adds nothing but load on the hub.
    if (!inFlight.current) run(key);
  }, [key, run]);

  const current = state.key === key ? state : { data: undefined, error: undefined, loading: true };
  return { data: current.data, error: current.error, loading: current.loading, reload };
}
