// A session's live room: connects the page to the room's WebSocket and hands the room's state
// to the view this page shows (console, participant, interpreter or projector).
import { LiveConnection, Outbox } from "./live_connection.js";
import { Room, readLabels } from "./live_room.js";

const VIEWS = {
  console: () => import("./live_console.js"),
  participant: () => import("./live_participant.js"),
  interpreter: () => import("./live_interpreter.js"),
  projector: () => import("./live_projector.js"),
};

function readLanguages() {
  const node = document.getElementById("live-languages");
  return node ? JSON.parse(node.textContent) : {};
}

async function main() {
  const root = document.querySelector("[data-live-view]");
  if (!root) return;
  const { liveView, socketPath, session, role, timeZone } = root.dataset;
  const labels = readLabels();
  const room = new Room(session, role);
  const { pageLanguage } = root.dataset;
  if (pageLanguage && room.state && room.state.language !== pageLanguage) {
    // Staff read the guide in the page's language: a copy in another one is of no use.
    room.state = null;
    room.sequence = null;
  }
  const outbox = role === "participant" ? new Outbox(session) : null;
  const statusNode = document.querySelector("[data-connection-status]");
  const alertNode = document.querySelector("[data-live-alert]");
  let alertTimer = null;

  const live = {
    root,
    room,
    outbox,
    labels,
    role,
    timeZone,
    languages: readLanguages(),
    connection: null,
    alert(message) {
      if (!alertNode) return;
      window.clearTimeout(alertTimer);
      alertNode.textContent = message;
      alertNode.hidden = !message;
      if (message) alertTimer = window.setTimeout(() => live.alert(""), 10000);
    },
    // Sends a frame now, or says that the room is not reachable at the moment.
    send(frame) {
      const sent = live.connection.send(frame);
      if (!sent) live.alert(labels.not_connected);
      return sent;
    },
  };

  const view = await VIEWS[liveView]();
  live.connection = new LiveConnection({
    path: socketPath,
    room,
    outbox,
    hello: () => (view.hello ? view.hello(live) : {}),
    onStatus(name) {
      root.dataset.connection = name;
      if (statusNode) {
        statusNode.dataset.state = name;
        const text = labels[`status_${name}`] || "";
        if (statusNode.textContent !== text) statusNode.textContent = text;
      }
    },
    onError(frame) {
      live.alert(frame.message);
    },
    onClosedForGood(code) {
      if (room.ended()) return;
      if (statusNode) {
        statusNode.dataset.state = "refused";
        statusNode.textContent = labels.status_refused;
      }
      if (code === 4401) window.location.reload(); // the page then asks to sign in
    },
  });
  view.init(live);
  room.subscribe((what) => view.render(live, what));
  if (room.state) view.render(live, "restored");
  window.setInterval(() => view.tick && view.tick(live), 1000);
  live.connection.start();
}

main();
