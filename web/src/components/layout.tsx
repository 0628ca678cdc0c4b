import { type ReactNode, useEffect, useState } from "react";
import { useLiveMode } from "../lib/live.ts";
import { Link, useLocation } from "../lib/router.tsx";
import type { SessionUser } from "../lib/session.ts";

const NAV: Array<{ to: string; label: string; icon: string; match: string[] }> = [
  { to: "/agents", label: "Agent board", icon: "◉", match: ["/", "/agents"] },
  { to: "/conversations", label: "Conversations", icon: "☰", match: ["/conversations"] },
  { to: "/customers", label: "Customers", icon: "☺", match: ["/customers"] },
  { to: "/sync-log", label: "Sync log", icon: "⇄", match: ["/sync-log"] },
  { to: "/events", label: "Webhook events", icon: "↯", match: ["/events"] },
  { to: "/stats", label: "Stats", icon: "▥", match: ["/stats"] },
  { to: "/connections", label: "Connections", icon: "⚙", match: ["/connections"] },
  { to: "/bot", label: "Agent bot", icon: "✦", match: ["/bot"] },
  { to: "/chat", label: "Chat inbox", icon: "✉", match: ["/chat"] },
  { to: "/phone", label: "Phone system", icon: "☏", match: ["/phone"] },
];

function isActive(path: string, match: string[]): boolean {
  return match.some((m) => (m === "/" ? path === "/" : path === m || path.startsWith(`${m}/`)));
}

function LiveIndicator() {
  const mode = useLiveMode();
  const text = {
    off: "Offline",
    connecting: "Connecting…",
    live: "Live",
    polling: "Refreshing every 2 s",
  }[mode];
  const title =
    mode === "polling"
      ? "The hub's live stream is not available, so the dashboard asks for changes every 2 seconds."
      : mode === "live"
        ? "Changes arrive as they happen over the hub's live stream."
        : undefined;
  return (
    <span className={`live-indicator live-${mode}`} title={title} data-testid="live-mode" data-mode={mode}>
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

export function Layout({
  user,
  onSignOut,
  children,
}: {
  user: SessionUser;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { path } = useLocation();
  // On a phone the navigation folds into a menu; it closes again once a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the menu is the effect of a path change
  useEffect(() => setMenuOpen(false), [path]);
  return (
    <div className={`shell${menuOpen ? " menu-open" : ""}`}>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ≡
          </span>
          Switchboard
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? "Close" : "Menu"}
          </button>
        </div>
        <nav aria-label="Main" id="main-nav">
          {NAV.map((item) => (
            <Link key={item.to} to={item.to} className={`nav-item${isActive(path, item.match) ? " active" : ""}`}>
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="sidebar-foot muted small">
          <a href="/docs" target="_blank" rel="noreferrer">
            API reference ↗
          </a>
        </div>
      </aside>
      <div className="main">
        <header className="topbar">
          <LiveIndicator />
          <div className="topbar-user">
            <span className="user-name">{user.name}</span>
            <span className="badge tone-slate">{user.role}</span>
            <button type="button" className="btn btn-ghost" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
