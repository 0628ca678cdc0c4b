import type { ReactNode } from "react";
import { ApiError, describeError } from "../lib/api.ts";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state-view" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state-view empty">
      <strong>{title}</strong>
      {children ? <div className="muted">{children}</div> : null}
    </div>
  );
}

/**
 * Explains a failed load. A route the hub does not have is told apart from a real error, so a hub that does not
 * offer a feature yet shows why the page is empty rather than a scary failure.
 */
export function ErrorState({ error, feature, onRetry }: { error: unknown; feature?: string; onRetry?: () => void }) {
  if (error instanceof ApiError && error.routeMissing) {
    return (
      <div className="state-view unavailable" data-testid="feature-unavailable">
        <strong>{feature ? `${feature} is not available on this hub yet` : "Not available on this hub yet"}</strong>
        <div className="muted">
          The hub has no <code>{error.message.replace(/^no route /, "")}</code> endpoint. Update Switchboard to a
          version that includes it; the rest of the dashboard keeps working.
        </div>
      </div>
    );
  }
  return (
    <div className="state-view error" role="alert">
      <strong>Could not load{feature ? ` ${feature.toLowerCase()}` : ""}</strong>
      <div>{describeError(error)}</div>
      {error instanceof ApiError && error.requestId ? (
        <div className="muted small">Request id {error.requestId} (search the hub's logs for it)</div>
      ) : null}
      {onRetry ? (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="inline-error" role="alert">
      {describeError(error)}
    </div>
  );
}
