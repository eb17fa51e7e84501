// A participant's phone: the prompt in their language, the timer, their own contributions
// (kept until the server has them), raised hand, go-round turn, and what is on the screen.
import {
  element,
  fill,
  formatNumber,
  formatTime,
  languageText,
  showText,
  showTimer,
} from "./live_room.js";

const MAX_LENGTH = 500;
const ENDED_REDIRECT_AFTER = 6000;

const find = (live, selector) => live.root.querySelector(selector);

function setupDisplayToggles(live) {
  for (const button of live.root.querySelectorAll("[data-toggle]")) {
    const name = button.dataset.toggle;
    const key = `live:${name}`;
    const apply = (on) => {
      document.documentElement.classList.toggle(`live-${name}`, on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    };
    let on = false;
    try {
      on = window.localStorage.getItem(key) === "on";
    } catch {
      // no storage: the toggle still works for this page
    }
    apply(on);
    button.addEventListener("click", () => {
      on = !on;
      apply(on);
      try {
        window.localStorage.setItem(key, on ? "on" : "off");
      } catch {
        // as above
      }
    });
  }
}

function setupContributionForm(live) {
  const form = find(live, "[data-contribution-form]");
  if (!form) return;
  const textarea = form.querySelector("textarea");
  const count = form.querySelector("[data-char-count]");
  const nearLimit = form.querySelector("[data-char-alert]");
  const anonymous = form.querySelector("input[name=anonymous]");
  let announced = null;
  const update = () => {
    const used = textarea.value.length;
    count.textContent = fill(live.labels.characters, {
      count: formatNumber(used),
      max: formatNumber(MAX_LENGTH),
    });
    // Screen readers hear the count only near the limit, not on every key.
    const left = MAX_LENGTH - used;
    const step = left <= 0 ? 0 : left <= 20 ? 20 : left <= 50 ? 50 : null;
    if (step !== announced) {
      announced = step;
      nearLimit.textContent =
        step === null ? "" : fill(live.labels.characters_left, { count: formatNumber(left) });
    }
  };
  textarea.addEventListener("input", update);
  update();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) {
      live.alert(live.labels.empty);
      textarea.focus();
      return;
    }
    live.connection.contribute(text, anonymous.checked);
    textarea.value = "";
    anonymous.checked = false;
    update();
    textarea.focus();
  });
}

export function init(live) {
  setupDisplayToggles(live);
  setupContributionForm(live);
  const languageForm = find(live, "[data-language-form]");
  languageForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const language = languageForm.elements.language.value;
    live.send({ type: "set_language", language });
  });
  find(live, "[data-hand]").addEventListener("click", (event) => {
    const raised = event.currentTarget.getAttribute("aria-pressed") === "true";
    live.send({ type: raised ? "hand_lower" : "hand_raise" });
  });
  find(live, "[data-pass]").addEventListener("click", () => live.send({ type: "go_round_pass" }));
}

export function tick(live) {
  showTimer(find(live, "[data-timer]"), live.room, live.labels);
}

function renderStatus(live, state) {
  const notice = find(live, "[data-room-state]");
  const text = live.labels[`room_${state.status}`] || "";
  if (notice.textContent !== text) notice.textContent = text;
  notice.hidden = text === "";
  live.root.dataset.status = state.status;
  const timeOut = find(live, "[data-time-out]");
  const timeOutText = state.time_out && state.status !== "ended" ? live.labels.time_out : "";
  if (timeOut.textContent !== timeOutText) timeOut.textContent = timeOutText;
  const feedback = find(live, "[data-feedback]");
  if (state.status === "ended" && state.feedback_url) {
    feedback.hidden = false;
    feedback.querySelector("a").href = state.feedback_url;
    if (!live.leaving) {
      live.leaving = window.setTimeout(() => {
        window.location.assign(state.feedback_url);
      }, ENDED_REDIRECT_AFTER);
    }
  }
}

function renderPrompt(live, state) {
  const segment = live.room.segment();
  const open = state.status !== "waiting" && segment;
  find(live, "[data-prompt-card]").hidden = !open;
  if (!open) return;
  showText(find(live, "[data-segment-title]"), segment.title, live.labels, live.languages);
  showText(
    find(live, "[data-prompt]"),
    segment.prompt,
    live.labels,
    live.languages,
    find(live, "[data-prompt-fallback]"),
  );
  const position = fill(live.labels.part, {
    number: formatNumber(segment.index + 1),
    total: formatNumber(state.segments.length),
  });
  const positionNode = find(live, "[data-segment-position]");
  if (positionNode.textContent !== position) positionNode.textContent = position;
  tick(live);
}

function renderTurn(live, state) {
  const box = find(live, "[data-go-round]");
  const round = state.go_round;
  const speaker =
    round && round.current !== null && round.current !== undefined
      ? round.order[round.current]
      : null;
  const yours = Boolean(speaker && speaker.participant === state.you.participant);
  box.hidden = !speaker || state.status !== "live";
  const text = yours
    ? live.labels.your_turn
    : speaker
      ? fill(live.labels.now_speaking, { name: speaker.name || live.labels.someone })
      : "";
  const textNode = box.querySelector("[data-go-round-text]");
  if (textNode.textContent !== text) textNode.textContent = text;
  box.querySelector("[data-pass]").hidden = !yours;
  box.classList.toggle("live-turn--yours", yours);

  const hand = find(live, "[data-hand]");
  const raised = Boolean(state.you.hand_raised);
  hand.setAttribute("aria-pressed", raised ? "true" : "false");
  hand.textContent = raised ? live.labels.lower_hand : live.labels.raise_hand;
  hand.disabled = state.status === "ended";
  const handNote = find(live, "[data-hand-note]");
  handNote.textContent = raised ? live.labels.hand_raised : "";
}

function interpretation(live, contribution, language) {
  const translated = contribution.translations && contribution.translations[language];
  if (!translated || contribution.language === language) return null;
  const box = element("div", { className: "live-interpretation" });
  box.append(element("span", { className: "live-label" }, live.labels.interpreted));
  box.append(languageText("p", language, translated));
  return box;
}

function renderSpotlight(live, state) {
  const list = find(live, "[data-spotlight]");
  const shown = state.contributions.filter((entry) => entry.spotlighted && !entry.hidden);
  find(live, "[data-spotlight-section]").hidden = shown.length === 0;
  list.replaceChildren(
    ...shown.map((contribution) => {
      const item = element("li", { className: "live-card live-spotlight" });
      const original = element("div", { className: "live-original" });
      original.append(
        element(
          "span",
          { className: "live-label" },
          fill(live.labels.original_in, {
            language: live.languages[contribution.language] || contribution.language,
          }),
        ),
      );
      original.append(languageText("p", contribution.language, contribution.text));
      item.append(original);
      const interpreted = interpretation(live, contribution, state.language);
      if (interpreted) item.append(interpreted);
      const by = contribution.anonymous ? live.labels.anonymous : contribution.author_name;
      if (by) item.append(element("p", { className: "live-meta" }, by));
      return item;
    }),
  );
}

function mineItem(live, text, status, statusText, extra = null) {
  const item = element("li", { className: `live-mine live-mine--${status}` });
  item.append(element("p", { className: "live-mine__text", dir: "auto" }, text));
  const line = element("p", { className: "live-meta" });
  line.append(element("span", { className: "live-badge" }, statusText));
  if (extra) line.append(" ", extra);
  item.append(line);
  return item;
}

function renderMine(live, state) {
  const outbox = live.outbox;
  const mine = state.contributions.filter((entry) => entry.mine);
  outbox.forget(new Set(mine.map((entry) => entry.id)));
  const items = [];
  for (const failed of outbox.failed) {
    items.push(
      mineItem(live, failed.text, "failed", fill(live.labels.not_sent, { reason: failed.error })),
    );
  }
  const waiting = state.status === "live" ? live.labels.sending : live.labels.waiting_to_send;
  for (const pending of [...outbox.items].reverse()) {
    items.push(mineItem(live, pending.text, "sending", waiting));
  }
  for (const sent of [...outbox.acknowledged].reverse()) {
    items.push(mineItem(live, sent.text, "sent", live.labels.sent));
  }
  for (const contribution of [...mine].reverse()) {
    let status = "sent";
    let text = live.labels.sent;
    if (contribution.hidden) {
      status = "hidden";
      text = live.labels.hidden;
    } else if (contribution.spotlighted) {
      status = "spotlighted";
      text = live.labels.spotlighted;
    }
    const when = formatTime(contribution.created_at, live.timeZone);
    const extra = contribution.anonymous ? `${live.labels.anonymous} · ${when}` : when;
    items.push(mineItem(live, contribution.text, status, text, extra));
  }
  find(live, "[data-mine]").replaceChildren(...items);
  find(live, "[data-mine-empty]").hidden = items.length > 0;
}

export function render(live, what) {
  const state = live.room.state;
  if (!state) return;
  renderStatus(live, state);
  renderPrompt(live, state);
  renderTurn(live, state);
  renderSpotlight(live, state);
  renderMine(live, state);
  const select = find(live, "[data-language-form]").elements.language;
  // The select follows the language the prompts are in, except while someone is choosing.
  if (live.shownLanguage !== state.language) {
    live.shownLanguage = state.language;
    select.value = state.language;
  }
  const form = find(live, "[data-contribution-form]");
  form.querySelector("button[type=submit]").disabled = state.status === "ended";
}
