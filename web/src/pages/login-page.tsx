import { type FormEvent, useState } from "react";
import { ApiError, describeError, loginWithPassword, verifyApiKey } from "../lib/api.ts";
import { setSession } from "../lib/session.ts";

type Mode = "password" | "api-key";

/**
 * Sign in with an email and password, or with an API key. The key path keeps the dashboard usable on hubs whose
 * user accounts are not set up (or not built) yet: `npm start` prints the admin key.
 */
export function LoginPage({ notice }: { notice?: string }) {
  const [mode, setMode] = useState<Mode>("password");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "password") setSession(await loginWithPassword(email.trim(), password));
      else setSession(await verifyApiKey(key.trim()));
    } catch (caught) {
      if (mode === "password" && caught instanceof ApiError && caught.routeMissing) {
        setMode("api-key");
        setHint("This hub has no user accounts yet. Sign in with the admin API key that `npm start` printed.");
      } else if (caught instanceof ApiError && caught.status === 401) {
        setError(mode === "password" ? "The email or password is not right." : "The hub does not accept this API key.");
      } else if (caught instanceof ApiError && caught.status === 429) {
        setError("Too many attempts. Wait a minute and try again.");
      } else {
        setError(describeError(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={submit} aria-label="Sign in">
        <div className="brand brand-dark">
          <span className="brand-mark" aria-hidden="true">
            ≡
          </span>
          Switchboard
        </div>
        <h1>Sign in</h1>
        <p className="muted">One agent, one state — across LiveChat, Chatwoot and RingCentral.</p>
        {notice ? <div className="notice">{notice}</div> : null}
        {hint ? <div className="notice">{hint}</div> : null}
        <div className="tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={mode === "password"}
            className={mode === "password" ? "tab active" : "tab"}
            onClick={() => setMode("password")}
          >
            Email and password
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === "api-key"}
            className={mode === "api-key" ? "tab active" : "tab"}
            onClick={() => setMode("api-key")}
          >
            API key
          </button>
        </div>
        {mode === "password" ? (
          <>
            <label className="field">
              <span>Email</span>
              <input
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
            <label className="field">
              <span>Password</span>
              <input
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          </>
        ) : (
          <label className="field">
            <span>API key</span>
            <input
              type="password"
              name="apiKey"
              autoComplete="off"
              required
              placeholder="sbk_…"
              value={key}
              onChange={(e) => setKey(e.target.value)}
            />
            <small className="muted">Kept for this browser tab only.</small>
          </label>
        )}
        {error ? (
          <div className="inline-error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? "Signing in…" : mode === "password" ? "Sign in" : "Sign in with API key"}
        </button>
      </form>
    </div>
  );
}
