// The live room's WebSocket (docs/live-protocol.md): hello with the last sequence applied,
// reconnection with backoff, pings, and an outbox that keeps what a participant typed until the
// server acknowledges it, so that nothing is lost when a phone drops off the Wi-Fi.

const PING_EVERY = 20000;
// No frame at all for this long (pongs included) means the connection is dead without a close.
const SILENT_FOR = 50000;
const BACKOFF_FIRST = 500;
const BACKOFF_MOST = 10000;
// The server accepts one contribution every 2 seconds per connection.
const CONTRIBUTION_SPACING = 2100;
// The socket was refused for good: reconnecting would not help.
const REFUSED = new Set([4401, 4403, 4429]);

function storage(kind) {
  try {
    return window[kind];
  } catch {
    return null; // Storage is disabled (e.g. some private modes): keep things in memory only.
  }
}

function readJSON(store, key, fallback) {
  try {
    const text = store && store.getItem(key);
    return text ? JSON.parse(text) : fallback;
  } catch {
    return fallback;
  }
}

function writeJSON(store, key, value) {
  try {
    if (store) store.setItem(key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: the in-memory copy still works until the page closes.
  }
}

function newClientId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  // randomUUID needs a secure context; plain http on a LAN address is not one.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Contributions not yet acknowledged, in localStorage so that they survive a reload or a
// browser restart. Each is resent with the same client_id until its ack arrives; the server
// recognises a repeat and does not store it twice.
export class Outbox {
  constructor(sessionId) {
    this.key = `live:${sessionId}:outbox`;
    this.store = storage("localStorage");
    this.items = readJSON(this.store, this.key, []);
    // Sent and acknowledged, until the room's own copy of the contribution arrives.
    this.acknowledged = [];
    this.failed = [];
  }

  save() {
    writeJSON(this.store, this.key, this.items);
  }

  add(text, anonymous) {
    const item = { client_id: newClientId(), text, anonymous, created: Date.now() };
    this.items.push(item);
    this.save();
    return item;
  }

  acknowledge(clientId, contributionId) {
    const item = this.items.find((entry) => entry.client_id === clientId);
    if (!item) return;
    this.items = this.items.filter((entry) => entry !== item);
    this.save();
    this.acknowledged.push({ ...item, contribution: contributionId });
  }

  fail(clientId, message) {
    const item = this.items.find((entry) => entry.client_id === clientId);
    if (!item) return;
    this.items = this.items.filter((entry) => entry !== item);
    this.save();
    this.failed.push({ ...item, error: message });
  }

  forget(contributionIds) {
    this.acknowledged = this.acknowledged.filter((item) => !contributionIds.has(item.contribution));
  }
}

export class LiveConnection {
  constructor({ path, room, outbox = null, hello = () => ({}), onStatus, onError, onClosedForGood }) {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    this.url = `${scheme}//${window.location.host}${path}`;
    this.room = room;
    this.outbox = outbox;
    this.hello = hello;
    this.onStatus = onStatus;
    this.onError = onError;
    this.onClosedForGood = onClosedForGood;
    this.socket = null;
    this.ready = false; // hello answered: frames other than hello may go out
    this.attempt = 0;
    this.retryTimer = null;
    this.pumpTimer = null;
    this.connection = 0; // counts sockets, so the outbox knows what this one has sent
    this.lastFrameAt = 0;
    this.stopped = false;
  }

  start() {
    window.addEventListener("online", () => {
      // Back on the network: try now rather than wait for the backoff.
      this.attempt = 0;
      if (!this.socket) this.connectNow();
    });
    window.addEventListener("offline", () => {
      // Browsers keep a dead socket open for a long while; drop it and say so at once.
      this.status("offline");
      if (this.socket) this.socket.close();
    });
    window.setInterval(() => this.ping(), PING_EVERY);
    this.connectNow();
  }

  status(name) {
    if (this.onStatus) this.onStatus(name);
  }

  connectNow() {
    window.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.stopped || this.socket) return;
    if (navigator.onLine === false) {
      this.status("offline");
      return; // the online event brings us back
    }
    this.status(this.attempt === 0 && this.connection === 0 ? "connecting" : "reconnecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.connection += 1;
    this.ready = false;
    socket.addEventListener("open", () => {
      this.lastFrameAt = Date.now();
      this.sendNow({ type: "hello", last_sequence: this.room.sequence, ...this.hello() });
    });
    socket.addEventListener("message", (event) => this.receive(event.data));
    socket.addEventListener("close", (event) => this.closed(socket, event));
  }

  closed(socket, event) {
    if (this.socket !== socket) return;
    this.socket = null;
    this.ready = false;
    if (REFUSED.has(event.code) || this.room.ended()) {
      this.stopped = true;
      if (this.onClosedForGood) this.onClosedForGood(event.code);
      return;
    }
    if (navigator.onLine === false) {
      this.status("offline");
      return;
    }
    this.status("reconnecting");
    const ceiling = Math.min(BACKOFF_MOST, BACKOFF_FIRST * 2 ** this.attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt += 1;
    this.retryTimer = window.setTimeout(() => this.connectNow(), delay);
  }

  receive(text) {
    this.lastFrameAt = Date.now();
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    switch (frame.type) {
      case "snapshot":
        this.room.applySnapshot(frame);
        this.caughtUp();
        break;
      case "event":
        this.room.applyEvent(frame);
        if (frame.kind === "status" && frame.data.status === "live") this.resendAll();
        break;
      case "caught_up":
        this.caughtUp();
        break;
      case "pong":
        this.room.setServerTime(frame.server_time);
        break;
      case "presence":
        this.room.setPresence(frame.presence);
        break;
      case "ack":
        if (this.outbox) this.outbox.acknowledge(frame.client_id, frame.contribution);
        this.room.changed("outbox");
        this.pumpSoon(CONTRIBUTION_SPACING);
        break;
      case "error":
        this.error(frame);
        break;
      default:
        break;
    }
  }

  caughtUp() {
    if (!this.ready) {
      this.ready = true;
      this.attempt = 0;
      this.status("connected");
    }
    this.pump();
  }

  error(frame) {
    if (frame.request === "contribute" && frame.client_id && this.outbox) {
      const keep = frame.code === "rate_limited" || frame.code === "room_not_live";
      if (keep) {
        // Sent again later: after a pause when too quick, when the room is live again else.
        this.outbox.sentOn = { ...this.outbox.sentOn, [frame.client_id]: 0 };
        if (frame.code === "rate_limited") this.pumpSoon(CONTRIBUTION_SPACING);
        if (frame.code === "room_not_live") this.room.changed("outbox");
        if (frame.code === "rate_limited") return;
      } else {
        this.outbox.fail(frame.client_id, frame.message);
        this.room.changed("outbox");
      }
    }
    if (this.onError) this.onError(frame);
  }

  ping() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastFrameAt > SILENT_FOR) {
      this.socket.close(); // the close handler reconnects
      return;
    }
    if (this.ready) this.sendNow({ type: "ping" });
  }

  sendNow(frame) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  // A control or message from the page; false when it could not go out now.
  send(frame) {
    return this.ready && this.sendNow(frame);
  }

  contribute(text, anonymous) {
    this.outbox.add(text, anonymous);
    this.room.changed("outbox");
    this.pump();
  }

  resendAll() {
    if (!this.outbox) return;
    this.outbox.sentOn = {};
    this.pump();
  }

  pumpSoon(delay) {
    window.clearTimeout(this.pumpTimer);
    this.pumpTimer = window.setTimeout(() => {
      this.pumpTimer = null;
      this.pump();
    }, delay);
  }

  // Sends the oldest contribution this connection has not sent yet, then the next one after
  // the server's minimum spacing.
  pump() {
    if (!this.outbox || !this.ready || this.pumpTimer) return;
    if (this.room.state && this.room.state.status !== "live") return;
    this.outbox.sentOn = this.outbox.sentOn || {};
    const next = this.outbox.items.find(
      (item) => this.outbox.sentOn[item.client_id] !== this.connection,
    );
    if (!next) return;
    const sent = this.sendNow({
      type: "contribute",
      client_id: next.client_id,
      text: next.text,
      anonymous: next.anonymous,
    });
    if (sent) {
      this.outbox.sentOn[next.client_id] = this.connection;
      this.pumpSoon(CONTRIBUTION_SPACING);
    }
  }
}
