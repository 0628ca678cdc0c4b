import { useEffect, useState } from "react";
import { api } from "../lib/api.ts";
import { InlineError } from "./state-views.tsx";

/**
 * A call's recording, fetched from the hub's own route with the session's auth (a plain link cannot send it) and
 * played in place. Fetched on request: each play is a RingCentral media download.
 */
export function RecordingPlayer({ path, compact = false }: { path: string; compact?: boolean }) {
  const [src, setSrc] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => () => (src ? URL.revokeObjectURL(src) : undefined), [src]);

  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      setSrc(URL.createObjectURL(await api.blob(path)));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (src)
    return (
      <div className="recording" data-testid="recording">
        {/* biome-ignore lint/a11y/useMediaCaption: call recordings have no captions to offer */}
        <audio controls src={src} autoPlay={!compact} />
        <a href={src} download="recording" className="small">
          Download
        </a>
      </div>
    );
  return (
    <div className="recording">
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void load()}>
        {busy ? "Loading recording…" : "Play recording"}
      </button>
      <InlineError error={error} />
    </div>
  );
}
