// Switchboard chat widget. Embed with:
//   <script src="https://hub.example.com/widget.js" data-workspace="wsp_…" data-group="grp_…" async></script>
// Everything lives in a shadow root (the host page's CSS cannot reach in) and visitor or agent text is only ever
// set as textContent, never parsed as HTML.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const hub = script.dataset.hub || new URL(script.src).origin;
  const workspaceId = script.dataset.workspace || undefined;
  const groupId = script.dataset.group || undefined;
  const storageKey = `switchboard-chat:${workspaceId || "default"}`;

  // A custom element (no `div` rule of the host matches it) with inline styles (they beat the host's own rules),
  // and a wrapper inside that sets every inherited property itself, so nothing inherits from the page.
  const host = document.createElement("switchboard-chat");
  host.style.cssText = "all: initial; position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;";
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>
.root { all: initial; display: block; font: 14px/1.4 system-ui, sans-serif; color: #0f172a; text-align: left; letter-spacing: normal; }
.root * { box-sizing: border-box; font: inherit; color: inherit; letter-spacing: inherit; }
.root button { cursor: pointer; border: 0; border-radius: 8px; background: #2563eb; color: #fff; padding: 10px 14px; }
.panel { display: none; width: 320px; height: 440px; background: #fff; border: 1px solid #cbd5e1; border-radius: 12px; box-shadow: 0 8px 30px rgba(15,23,42,.2); flex-direction: column; overflow: hidden; }
.panel.open { display: flex; }
header { background: #2563eb; color: #fff; padding: 10px 12px; display: flex; justify-content: space-between; align-items: center; }
.root header button { background: transparent; padding: 0 4px; }
.log { flex: 1; overflow-y: auto; padding: 10px; display: flex; flex-direction: column; gap: 6px; }
.msg { max-width: 80%; padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; word-wrap: break-word; }
.visitor { align-self: flex-end; background: #dbeafe; }
.agent { align-self: flex-start; background: #f1f5f9; }
.system { align-self: center; color: #64748b; font-size: 12px; }
.status { padding: 4px 10px; color: #64748b; font-size: 12px; min-height: 20px; }
form { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #e2e8f0; }
input, textarea { border: 1px solid #cbd5e1; border-radius: 8px; padding: 8px; width: 100%; background: #fff; color: #0f172a; }
textarea { resize: none; height: 40px; }
.intro { display: flex; flex-direction: column; gap: 6px; padding: 8px; border-top: 1px solid #e2e8f0; }
</style>
<div class="root">
<button class="launcher" part="launcher">Chat with us</button>
<div class="panel" role="dialog" aria-label="Chat">
  <header><span>Chat</span><button class="close" aria-label="Close">×</button></header>
  <div class="log" aria-live="polite"></div>
  <div class="status"></div>
  <div class="intro"><input name="name" placeholder="Your name (optional)" maxlength="100"><input name="email" type="email" placeholder="Email (optional)" maxlength="200"></div>
  <form><textarea name="text" placeholder="Type a message…" maxlength="4000"></textarea><button type="submit">Send</button></form>
</div>
</div>`;
  const $ = (sel) => root.querySelector(sel);
  const panel = $(".panel");
  const log = $(".log");
  const status = $(".status");
  const intro = $(".intro");
  const form = $("form");
  const text = $("textarea");

  let token = sessionStorage.getItem(storageKey);
  let lastPosition = 0;
  let socket = null;
  let typingTimer = null;
  let statusText = "";
  let agentTyping = false;

  const renderStatus = () => {
    status.textContent = agentTyping ? "Agent is typing…" : statusText;
  };
  const append = (event) => {
    if (event.position <= lastPosition) return;
    lastPosition = event.position;
    const div = document.createElement("div");
    div.className = `msg ${event.type === "system" ? "system" : event.authorType === "visitor" ? "visitor" : "agent"}`;
    div.textContent = event.text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    if (panel.classList.contains("open") && socket?.readyState === 1)
      socket.send(JSON.stringify({ type: "read", position: lastPosition }));
  };
  const api = async (method, path, body) => {
    const res = await fetch(`${hub}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(data?.error?.message || `HTTP ${res.status}`), { status: res.status });
    return data;
  };
  const connect = () => {
    if (!token) return;
    const url = new URL("/api/widget/ws", hub);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("token", token);
    url.searchParams.set("after", String(lastPosition));
    socket = new WebSocket(url);
    socket.onmessage = (msg) => {
      const frame = JSON.parse(msg.data);
      if (frame.type === "event") append(frame.event);
      else if (frame.type === "queue") statusText = `You are number ${frame.position} in the queue`;
      else if (frame.type === "status")
        statusText = frame.status === "closed" ? "The chat has ended" : frame.status === "assigned" ? "" : statusText;
      else if (frame.type === "typing") agentTyping = frame.on;
      renderStatus();
    };
    socket.onclose = (e) => {
      socket = null;
      if (e.code === 4401) {
        token = null;
        sessionStorage.removeItem(storageKey);
        return;
      }
      // Resume from the last position seen: nothing is lost or repeated.
      setTimeout(connect, 1000);
    };
  };
  const resume = async () => {
    try {
      const data = await api("GET", "/api/widget/conversation");
      for (const e of data.events) append(e);
      statusText = data.conversation.queuePosition
        ? `You are number ${data.conversation.queuePosition} in the queue`
        : "";
      renderStatus();
      intro.style.display = "none";
      connect();
    } catch (error) {
      if (error.status === 401 || error.status === 404) {
        token = null;
        sessionStorage.removeItem(storageKey);
      }
    }
  };

  $(".launcher").addEventListener("click", () => {
    panel.classList.add("open");
    $(".launcher").style.display = "none";
    text.focus();
  });
  $(".close").addEventListener("click", () => {
    panel.classList.remove("open");
    $(".launcher").style.display = "";
  });
  text.addEventListener("input", () => {
    if (socket?.readyState !== 1) return;
    if (!typingTimer) socket.send(JSON.stringify({ type: "typing", on: true }));
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      typingTimer = null;
      if (socket?.readyState === 1) socket.send(JSON.stringify({ type: "typing", on: false }));
    }, 1500);
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const message = text.value.trim();
    if (!message) return;
    text.value = "";
    try {
      if (!token) {
        const name = root.querySelector("input[name=name]").value.trim() || undefined;
        const email = root.querySelector("input[name=email]").value.trim() || undefined;
        const session = await api("POST", "/api/widget/sessions", {
          workspaceId,
          groupId,
          visitor: { name, email },
          message,
        });
        token = session.sessionToken;
        sessionStorage.setItem(storageKey, token);
        intro.style.display = "none";
        statusText = "Waiting for an agent…";
        renderStatus();
        connect();
      } else {
        const event = await api("POST", "/api/widget/messages", { text: message });
        append(event);
      }
    } catch (error) {
      statusText = error.message;
      renderStatus();
      text.value = message;
    }
  });

  document.body.appendChild(host);
  if (token) void resume();
})();
