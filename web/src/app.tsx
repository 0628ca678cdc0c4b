import { type ReactNode, useEffect, useRef, useState } from "react";
import { Layout } from "./components/layout.tsx";
import { Loading } from "./components/state-views.tsx";
import { logoutUser, refreshSession, verifyApiKey } from "./lib/api.ts";
import { connectLive, setLiveUnauthorizedHandler } from "./lib/live.ts";
import { Link, matchPath, navigate, useLocation } from "./lib/router.tsx";
import { bearerToken, finishRestoring, getSession, setSession, storedApiKey, useSession } from "./lib/session.ts";
import { AgentsPage } from "./pages/agents-page.tsx";
import { BotPage } from "./pages/bot-page.tsx";
import { ChatPage } from "./pages/chat-page.tsx";
import { ConnectionsPage } from "./pages/connections-page.tsx";
import { ConversationPage } from "./pages/conversation-page.tsx";
import { ConversationsPage } from "./pages/conversations-page.tsx";
import { CustomerPage } from "./pages/customer-page.tsx";
import { CustomersPage } from "./pages/customers-page.tsx";
import { EventsPage } from "./pages/events-page.tsx";
import { LoginPage } from "./pages/login-page.tsx";
import { PhonePage } from "./pages/phone-page.tsx";
import { StatsPage } from "./pages/stats-page.tsx";
import { SyncLogPage } from "./pages/sync-log-page.tsx";

const ROUTES: Array<{ pattern: string; render: (params: Record<string, string>) => ReactNode }> = [
  { pattern: "/", render: () => <AgentsPage /> },
  { pattern: "/agents", render: () => <AgentsPage /> },
  { pattern: "/conversations", render: () => <ConversationsPage /> },
  { pattern: "/conversations/:id", render: (p) => <ConversationPage key={p.id} id={p.id ?? ""} /> },
  { pattern: "/customers", render: () => <CustomersPage /> },
  { pattern: "/customers/:id", render: (p) => <CustomerPage key={p.id} id={p.id ?? ""} /> },
  { pattern: "/sync-log", render: () => <SyncLogPage /> },
  { pattern: "/events", render: () => <EventsPage /> },
  { pattern: "/stats", render: () => <StatsPage /> },
  { pattern: "/connections", render: () => <ConnectionsPage /> },
  { pattern: "/bot", render: () => <BotPage /> },
  { pattern: "/chat", render: () => <ChatPage /> },
  { pattern: "/phone", render: () => <PhonePage /> },
];

function NotFound() {
  return (
    <div className="state-view">
      <strong>No such page</strong>
      <Link to="/">Back to the agent board</Link>
    </div>
  );
}

/** Restores a session once: the tab's API key if one was used, else the refresh cookie of a user login. */
async function restore(): Promise<string | undefined> {
  const key = storedApiKey();
  if (key) {
    try {
      setSession(await verifyApiKey(key));
      return undefined;
    } catch {
      setSession(null);
      return "The saved API key is not accepted any more. Sign in again.";
    }
  }
  const session = await refreshSession();
  if (session) setSession(session);
  else finishRestoring();
  return undefined;
}

export function App() {
  const { session, restoring } = useSession();
  const { path } = useLocation();
  const [notice, setNotice] = useState<string | undefined>();
  const hadSession = useRef(false);
  const signingOut = useRef(false);

  useEffect(() => {
    void restore().then(setNotice);
  }, []);

  const token = bearerToken(session);
  useEffect(() => {
    connectLive(token);
  }, [token]);
  useEffect(() => {
    setLiveUnauthorizedHandler(() => {
      const s = getSession();
      if (s?.kind === "user") void refreshSession().then((renewed) => setSession(renewed));
    });
    return () => setLiveUnauthorizedHandler(null);
  }, []);

  useEffect(() => {
    if (session) {
      hadSession.current = true;
      if (path === "/login") navigate("/", { replace: true });
    } else if (hadSession.current && !signingOut.current) {
      setNotice("Your session ended. Sign in again.");
    }
    signingOut.current = false;
  }, [session, path]);

  if (restoring) return <Loading label="Opening Switchboard…" />;
  if (!session) return <LoginPage notice={notice} />;

  const signOut = async () => {
    signingOut.current = true;
    hadSession.current = false;
    if (session.kind === "user") await logoutUser();
    setSession(null);
    setNotice(undefined);
  };
  const route = ROUTES.map((r) => ({ r, params: matchPath(r.pattern, path) })).find((m) => m.params !== null);
  return (
    <Layout user={session.user} onSignOut={() => void signOut()}>
      {route?.params ? route.r.render(route.params) : <NotFound />}
    </Layout>
  );
}
