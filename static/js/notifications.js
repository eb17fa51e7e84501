// Keeps the unread badge in the header current over a WebSocket, and tells screen readers
// when a new notification arrives. Without JavaScript, the badge shows the count at page load.

const badge = document.querySelector("[data-unread-count]");
const label = document.querySelector("[data-unread-label]");
const announcer = document.querySelector("[data-unread-announcer]");

let shownCount = badge && !badge.hidden ? Number(badge.textContent) || 0 : 0;
let retryDelay = 1000;

function show(count, text) {
  if (!badge) return;
  badge.textContent = String(count);
  badge.hidden = count === 0;
  if (label) label.textContent = text;
  if (announcer && count > shownCount) announcer.textContent = text;
  shownCount = count;
}

function connect(path) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${window.location.host}${path}`);
  socket.addEventListener("open", () => {
    retryDelay = 1000;
  });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "unread") show(message.count, message.label);
  });
  socket.addEventListener("close", (event) => {
    // 4401 and 4403 mean this page is not allowed to listen: do not retry.
    if (event.code === 4401 || event.code === 4403) return;
    window.setTimeout(() => connect(path), retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  });
}

const socketScript = document.querySelector("script[data-socket-path]");
if (socketScript && badge) connect(socketScript.dataset.socketPath);
