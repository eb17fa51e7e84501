// The big screen in the room: the prompt side by side in up to three languages, the timer, the
// join code, and a contribution the facilitators chose to show. The page carries the guide in
// each of its languages (a snapshot has only one); the socket says where the room is.
import { element, fill, formatTime, languageText, showText, showTimer } from "./live_room.js";

const find = (live, selector) => live.root.querySelector(selector);

function readGuide() {
  const node = document.getElementById("live-projector-guide");
  return node ? JSON.parse(node.textContent) : { version: null, languages: {} };
}

export function init(live) {
  live.guide = readGuide();
  for (const column of live.root.querySelectorAll("[data-language]")) {
    const name = live.languages[column.dataset.language];
    if (name) column.querySelector(".live-projector__language").textContent = name;
  }
}

export function tick(live) {
  showTimer(find(live, "[data-timer]"), live.room, live.labels);
}

function renderColumns(live, state) {
  const showing = state.status !== "waiting";
  for (const column of live.root.querySelectorAll("[data-language]")) {
    const segments = live.guide.languages[column.dataset.language] || [];
    const segment = showing ? segments.find((entry) => entry.index === state.segment_index) : null;
    showText(column.querySelector("[data-title]"), segment && segment.title, live.labels, live.languages);
    showText(
      column.querySelector("[data-prompt]"),
      segment && segment.prompt,
      live.labels,
      live.languages,
      column.querySelector("[data-fallback]"),
    );
  }
}

function renderSpotlight(live, state) {
  const shown = state.contributions.filter((entry) => entry.spotlighted && !entry.hidden);
  const newest = shown.sort((a, b) => b.id - a.id)[0];
  find(live, "[data-spotlight-section]").hidden = !newest;
  const box = find(live, "[data-spotlight]");
  if (!newest) {
    box.replaceChildren();
    return;
  }
  const parts = [languageText("p", newest.language, newest.text, { className: "live-projector__quote" })];
  for (const column of live.root.querySelectorAll("[data-language]")) {
    const code = column.dataset.language;
    const translated = newest.translations && newest.translations[code];
    if (translated && code !== newest.language) {
      const line = element("p", { className: "live-interpretation" });
      line.append(
        element("span", { className: "live-label" }, live.labels.interpreted),
        " ",
        languageText("span", code, translated),
      );
      parts.push(line);
    }
  }
  box.replaceChildren(...parts);
}

export function render(live) {
  const state = live.room.state;
  if (!state) return;
  if (live.guide.version !== null && state.guide_version && state.guide_version !== live.guide.version) {
    // The room started with another version of the guide than this page has: fetch it once.
    const key = `live:${state.session}:projector-reloaded`;
    if (!window.sessionStorage.getItem(key)) {
      window.sessionStorage.setItem(key, "1");
      window.location.reload();
      return;
    }
  }
  live.root.dataset.status = state.status;
  const notice = find(live, "[data-room-state]");
  const noticeText = state.status === "live" ? "" : live.labels[`room_${state.status}`] || "";
  if (notice.textContent !== noticeText) notice.textContent = noticeText;
  notice.hidden = noticeText === "";
  const timeOut = find(live, "[data-time-out]");
  const timeOutText = state.time_out ? live.labels.time_out : "";
  if (timeOut.textContent !== timeOutText) timeOut.textContent = timeOutText;
  renderColumns(live, state);
  const code = state.join_code;
  find(live, "[data-join-code]").textContent = code ? code.code : "";
  find(live, "[data-join-expiry]").textContent = code
    ? fill(live.labels.code_expires, { time: formatTime(code.expires_at, live.timeZone) })
    : live.labels.no_code;
  renderSpotlight(live, state);
  tick(live);
}
