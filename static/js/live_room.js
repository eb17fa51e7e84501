// The state of one live room as this page sees it: a snapshot, then events applied in order.
// Kept in sessionStorage with its sequence number, so that a reload resumes from where it was
// (the server replays what was missed) instead of starting over. Also the small helpers every
// live view shares: translated labels, locale formatting, texts with lang and dir, the timer.

export class Room {
  constructor(sessionId, role) {
    this.key = `live:${sessionId}:room`;
    this.listeners = [];
    this.clockOffset = 0; // server clock minus this device's clock, in ms
    this.state = null;
    this.sequence = null;
    const saved = this.read();
    if (saved && saved.state && saved.state.role === role) {
      this.state = saved.state;
      this.sequence = saved.sequence;
    }
  }

  read() {
    try {
      return JSON.parse(window.sessionStorage.getItem(this.key) || "null");
    } catch {
      return null;
    }
  }

  save() {
    try {
      window.sessionStorage.setItem(
        this.key,
        JSON.stringify({ sequence: this.sequence, state: this.state }),
      );
    } catch {
      // Storage is off or full: a reload then starts from a fresh snapshot.
    }
  }

  subscribe(listener) {
    this.listeners.push(listener);
  }

  changed(what) {
    for (const listener of this.listeners) listener(what, this.state);
  }

  ended() {
    return Boolean(this.state && this.state.status === "ended");
  }

  setServerTime(serverTime) {
    const at = Date.parse(serverTime);
    if (!Number.isNaN(at)) this.clockOffset = at - Date.now();
  }

  now() {
    return Date.now() + this.clockOffset;
  }

  applySnapshot(frame) {
    this.setServerTime(frame.server_time);
    this.state = frame.state;
    this.sequence = frame.sequence;
    this.save();
    this.changed("snapshot");
  }

  applyEvent(frame) {
    // Replays and live events can overlap around a reconnection: apply each once, in order.
    if (!this.state || (this.sequence !== null && frame.sequence <= this.sequence)) return;
    const state = this.state;
    const data = frame.data;
    switch (frame.kind) {
      case "status":
        state.status = data.status;
        if (data.feedback_url) state.feedback_url = data.feedback_url;
        break;
      case "segment":
        state.segment_index = data.index;
        state.timer = data.timer;
        break;
      case "timer":
        state.timer = data.timer;
        break;
      case "time_out":
        state.time_out = data.active;
        break;
      case "go_round":
        state.go_round = data.go_round;
        break;
      case "hands":
        if (data.queue) state.hands = data.queue;
        else state.you = { ...state.you, hand_raised: data.you_raised };
        break;
      case "contribution":
      case "contribution_updated":
        this.putContribution(data.contribution);
        break;
      case "join_code":
        state.join_code = { code: data.code, expires_at: data.expires_at };
        break;
      default:
        break;
    }
    this.sequence = frame.sequence;
    this.save();
    this.changed(frame.kind);
  }

  putContribution(contribution) {
    const list = this.state.contributions;
    const at = list.findIndex((entry) => entry.id === contribution.id);
    if (contribution.removed) {
      if (at >= 0) list.splice(at, 1);
    } else if (at >= 0) {
      list[at] = contribution;
    } else {
      list.push(contribution);
    }
  }

  setPresence(presence) {
    if (!this.state) return;
    this.state.presence = presence;
    this.changed("presence");
  }

  segment(index = this.state && this.state.segment_index) {
    if (!this.state || index === null || index === undefined) return null;
    return this.state.segments.find((segment) => segment.index === index) || null;
  }
}

// Translated words for the script, from the page's <template id="live-labels">: the script
// itself holds no English. "{name}" marks a value filled in here.
export function readLabels() {
  const labels = {};
  const template = document.getElementById("live-labels");
  if (!template) return labels;
  for (const element of template.content.querySelectorAll("[data-label]")) {
    labels[element.dataset.label] = element.textContent.trim();
  }
  return labels;
}

export function fill(text, values) {
  return (text || "").replace(/\{(\w+)\}/g, (match, name) =>
    name in values ? String(values[name]) : match,
  );
}

export function pageLanguage() {
  return document.documentElement.lang || "en";
}

export function formatNumber(value) {
  return new Intl.NumberFormat(pageLanguage()).format(value);
}

export function formatMinutes(minutes) {
  try {
    return new Intl.NumberFormat(pageLanguage(), {
      style: "unit",
      unit: "minute",
      unitDisplay: "long",
    }).format(minutes);
  } catch {
    return formatNumber(minutes);
  }
}

export function formatTime(iso, timeZone) {
  if (!iso) return "";
  const options = { hour: "numeric", minute: "2-digit" };
  try {
    return new Intl.DateTimeFormat(pageLanguage(), { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(pageLanguage(), options).format(new Date(iso));
  }
}

// A countdown as m:ss (h:mm:ss past an hour), in the reader's digits.
export function formatCountdown(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  const two = new Intl.NumberFormat(pageLanguage(), { minimumIntegerDigits: 2 });
  const one = new Intl.NumberFormat(pageLanguage());
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${one.format(hours)}:${two.format(minutes)}:${two.format(rest)}`;
  return `${one.format(minutes)}:${two.format(rest)}`;
}

export function secondsLeft(room, timer) {
  if (!timer) return null;
  if (timer.state === "running") return (Date.parse(timer.ends_at) - room.now()) / 1000;
  if (timer.state === "paused") return timer.remaining_seconds;
  return null;
}

// Shows the room's timer in `element`: the countdown when running, the time left when paused,
// the segment's suggested time when idle.
export function showTimer(element, room, labels) {
  if (!element || !room.state) return;
  const timer = room.state.timer;
  const segment = room.segment();
  const state = timer ? timer.state : "idle";
  element.dataset.timerState = state;
  const clock = element.querySelector("[data-timer-clock]");
  const note = element.querySelector("[data-timer-note]");
  let clockText = "";
  let noteText = "";
  if (state === "running") {
    const left = secondsLeft(room, timer);
    clockText = formatCountdown(left);
    element.dataset.timerOver = left <= 0 ? "true" : "false";
  } else if (state === "paused") {
    clockText = formatCountdown(timer.remaining_seconds);
    noteText = labels.timer_paused;
  } else if (segment && segment.duration_minutes) {
    noteText = fill(labels.timer_idle, { duration: formatMinutes(segment.duration_minutes) });
  }
  if (clock && clock.textContent !== clockText) clock.textContent = clockText;
  if (clock) clock.hidden = clockText === "";
  if (note && note.textContent !== noteText) note.textContent = noteText;
  if (note) note.hidden = noteText === "";
}

// Puts a server text ({text, language, fallback, lang, dir}) into an element, marking a
// fallback with the language it is shown in.
export function showText(element, value, labels, languages, noteElement = null) {
  if (!element) return;
  const text = value ? value.text : "";
  if (element.textContent !== text) element.textContent = text;
  if (value && value.lang) element.lang = value.lang;
  else element.removeAttribute("lang");
  element.dir = value && value.dir ? value.dir : "auto";
  if (noteElement) {
    const fallback = Boolean(value && value.fallback && value.text);
    noteElement.hidden = !fallback;
    noteElement.textContent = fallback
      ? fill(labels.fallback, { language: languages[value.language] || value.language })
      : "";
  }
}

export function element(tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "hidden") node.hidden = Boolean(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  if (text !== null) node.textContent = text;
  return node;
}

// A Django language code as an HTML lang value: "zh-hans" becomes "zh-Hans", "pt-br" "pt-BR".
export function languageTag(code) {
  const [language, ...rest] = (code || "").split("-");
  const parts = rest.map((part) =>
    part.length === 4 ? part[0].toUpperCase() + part.slice(1).toLowerCase() : part.toUpperCase(),
  );
  return [language.toLowerCase(), ...parts].join("-");
}

const RIGHT_TO_LEFT = new Set(["ar", "fa", "he", "ur", "ps", "yi", "ckb"]);

export function languageDirection(code) {
  return RIGHT_TO_LEFT.has((code || "").split("-")[0]) ? "rtl" : "ltr";
}

// Someone's text in a known language: the element says which, so it is read and shaped right.
export function languageText(tag, code, text, attributes = {}) {
  return element(tag, { ...attributes, lang: languageTag(code), dir: languageDirection(code) }, text);
}

// One element per contribution in `list`, newest first. Elements are kept and updated in place,
// so a half-written reason or translation and the keyboard focus survive every update.
export function renderNewestFirst(live, list, contributions, create, update) {
  const newestFirst = [...contributions].sort((a, b) => b.id - a.id);
  const seen = new Set();
  newestFirst.forEach((contribution, position) => {
    seen.add(contribution.id);
    let item = live.items.get(contribution.id);
    if (!item) {
      item = create(live, contribution);
      live.items.set(contribution.id, item);
    }
    update(live, item, contribution);
    if (list.children[position] !== item) list.insertBefore(item, list.children[position] || null);
  });
  for (const [id, item] of live.items) {
    if (!seen.has(id)) {
      item.remove();
      live.items.delete(id);
    }
  }
  return newestFirst;
}
