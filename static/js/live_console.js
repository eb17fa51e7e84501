// The facilitators' console: the segments with private notes, the timer, the go-round, the
// contributions queue with its moderation, raised hands, who is here, and the join code.
// Coordinators see the same page as observers: the template leaves the controls out, and this
// script adds none.
import {
  element,
  fill,
  formatNumber,
  formatTime,
  languageText,
  renderNewestFirst,
  showText,
  showTimer,
} from "./live_room.js";

const find = (live, selector) => live.root.querySelector(selector);
const controls = (live) => live.role === "facilitator";

export function hello(live) {
  // Staff read the guide in the language of the page they opened.
  return { language: live.root.dataset.pageLanguage };
}

function roundState(round) {
  if (!round) return "none";
  return round.current === null || round.current === undefined ? "done" : "active";
}

function matches(node, attribute, value) {
  const wanted = node.getAttribute(attribute);
  return wanted === null || wanted.split(" ").includes(value);
}

export function init(live) {
  live.items = new Map(); // contribution id -> its <li>, updated in place (forms keep focus)
  live.root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-frame]");
    if (button && live.root.contains(button)) live.send(JSON.parse(button.dataset.frame));
  });
  const timeOut = find(live, "[data-time-out-toggle]");
  if (timeOut) {
    timeOut.addEventListener("click", () => {
      const active = timeOut.getAttribute("aria-pressed") === "true";
      live.send({ type: "time_out", active: !active });
    });
  }
}

export function tick(live) {
  showTimer(find(live, "[data-timer]"), live.room, live.labels);
  const expiry = find(live, "[data-join-expiry]");
  if (expiry && live.room.state) renderJoinCode(live, live.room.state);
}

function renderControls(live, state) {
  const timer = state.timer ? state.timer.state : "idle";
  const round = roundState(state.go_round);
  for (const node of live.root.querySelectorAll("[data-when], [data-when-timer], [data-when-round]")) {
    node.hidden = !(
      matches(node, "data-when", state.status) &&
      matches(node, "data-when-timer", timer) &&
      matches(node, "data-when-round", round)
    );
  }
  for (const label of live.root.querySelectorAll("[data-room-status-label]")) {
    label.hidden = label.dataset.roomStatusLabel !== state.status;
  }
  live.root.dataset.status = state.status;
  const timeOutToggle = find(live, "[data-time-out-toggle]");
  if (timeOutToggle) timeOutToggle.setAttribute("aria-pressed", state.time_out ? "true" : "false");
  const timeOut = find(live, "[data-time-out]");
  const timeOutText = state.time_out ? live.labels.time_out : "";
  if (timeOut.textContent !== timeOutText) timeOut.textContent = timeOutText;
  const previous = live.root.querySelector('[data-frame*="segment_previous"]');
  if (previous) previous.disabled = state.segment_index <= 0;
  const next = live.root.querySelector('[data-frame*="segment_next"]');
  if (next) next.disabled = state.segment_index >= state.segments.length - 1;
}

function renderSegments(live, state, rebuild) {
  const current = live.room.segment();
  const following = live.room.segment((state.segment_index ?? -1) + 1);
  const total = formatNumber(state.segments.length);
  find(live, "[data-current-position]").textContent = current
    ? `${fill(live.labels.part, { number: formatNumber(current.index + 1), total })} · ${current.kind_label}`
    : "";
  showText(find(live, "[data-current-title]"), current && current.title, live.labels, live.languages);
  showText(
    find(live, "[data-current-prompt]"),
    current && current.prompt,
    live.labels,
    live.languages,
    find(live, "[data-current-fallback]"),
  );
  showText(
    find(live, "[data-current-notes]"),
    current && current.notes,
    live.labels,
    live.languages,
    find(live, "[data-notes-fallback]"),
  );
  find(live, ".live-notes").hidden = !(current && current.notes && current.notes.text);
  showText(find(live, "[data-next-title]"), following && following.title, live.labels, live.languages);
  showText(find(live, "[data-next-prompt]"), following && following.prompt, live.labels, live.languages);
  if (!following) find(live, "[data-next-title]").textContent = current ? live.labels.last_segment : "";

  const list = find(live, "[data-segments]");
  if (rebuild || list.children.length !== state.segments.length) {
    list.replaceChildren(
      ...state.segments.map((segment) => {
        const item = element("li", { "data-index": segment.index });
        const title = element("span", { className: "live-segments__title" });
        showText(title, segment.title, live.labels, live.languages);
        const meta = element(
          "span",
          { className: "live-meta" },
          `${segment.kind_label} · ${fill(live.labels.timer_idle, {
            duration: new Intl.NumberFormat(document.documentElement.lang, {
              style: "unit",
              unit: "minute",
            }).format(segment.duration_minutes),
          })}`,
        );
        if (controls(live)) {
          const button = element("button", {
            type: "button",
            className: "link-button live-segments__go",
            "data-frame": JSON.stringify({ type: "segment_go", index: segment.index }),
            "aria-label": fill(live.labels.go_to, { title: segment.title.text }),
          });
          button.append(title);
          item.append(button, meta);
        } else {
          item.append(title, meta);
        }
        return item;
      }),
    );
  }
  for (const item of list.children) {
    const isCurrent = Number(item.dataset.index) === state.segment_index && state.status !== "waiting";
    const go = item.querySelector("button");
    if (go) go.disabled = !(state.status === "live" || state.status === "paused") || isCurrent;
    item.classList.toggle("live-segments__current", isCurrent);
    if (isCurrent) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
}

function renderRound(live, state) {
  const round = state.go_round;
  const phase = roundState(round);
  find(live, "[data-round-empty]").hidden = phase !== "none";
  const order = find(live, "[data-round-order]");
  const status = find(live, "[data-round-status]");
  if (!round) {
    order.replaceChildren();
    status.textContent = "";
    return;
  }
  const passed = new Set(round.passed || []);
  order.replaceChildren(
    ...round.order.map((entry, position) => {
      const item = element("li", {}, entry.name || live.labels.someone);
      if (position === round.current) {
        item.className = "live-round__current";
        item.setAttribute("aria-current", "true");
        item.append(" ", element("span", { className: "live-badge" }, live.labels.speaking));
      } else if (passed.has(entry.participant)) {
        item.append(" ", element("span", { className: "live-badge live-badge--muted" }, live.labels.passed));
      }
      return item;
    }),
  );
  const speaker = phase === "active" ? round.order[round.current] : null;
  const text = speaker
    ? fill(live.labels.now_speaking, { name: speaker.name || live.labels.someone })
    : live.labels.done;
  if (status.textContent !== text) status.textContent = text;
}

function renderPresence(live, state) {
  const presence = state.presence || { participants: 0, by_language: {} };
  find(live, "[data-presence-total]").textContent = fill(live.labels.participants_connected, {
    count: formatNumber(presence.participants),
  });
  find(live, "[data-presence]").replaceChildren(
    ...Object.entries(presence.by_language).map(([code, count]) => {
      const item = element("li");
      item.append(languageText("span", code, live.languages[code] || code));
      item.append(element("span", { className: "live-presence__count" }, formatNumber(count)));
      return item;
    }),
  );
}

function renderHands(live, state) {
  const hands = state.hands || [];
  find(live, "[data-hands-empty]").hidden = hands.length > 0;
  find(live, "[data-hands]").replaceChildren(
    ...hands.map((hand) => {
      const item = element("li");
      item.append(element("span", {}, hand.name || live.labels.someone));
      item.append(" ", element("span", { className: "live-meta" }, formatTime(hand.raised_at, live.timeZone)));
      if (controls(live)) {
        item.append(
          " ",
          element(
            "button",
            {
              type: "button",
              className: "button button--secondary button--small",
              "data-frame": JSON.stringify({ type: "hand_lower", participant: hand.participant }),
              "aria-label": fill(live.labels.lower_for, { name: hand.name || live.labels.someone }),
            },
            live.labels.lower,
          ),
        );
      }
      return item;
    }),
  );
}

function renderJoinCode(live, state) {
  const code = state.join_code;
  const codeNode = find(live, "[data-join-code]");
  const text = code ? code.code : "";
  if (codeNode.textContent !== text) codeNode.textContent = text;
  codeNode.hidden = !code;
  const expiry = code
    ? fill(live.labels.code_expires, { time: formatTime(code.expires_at, live.timeZone) })
    : live.labels.no_code;
  const expiryNode = find(live, "[data-join-expiry]");
  if (expiryNode.textContent !== expiry) expiryNode.textContent = expiry;
}

// One contribution's <li>: built once with its forms, then only its changing parts redrawn.
function contributionItem(live, contribution) {
  const id = contribution.id;
  const item = element("li", { className: "live-card live-contribution", id: `contribution-${id}` });
  item.append(
    element("p", { className: "live-meta", "data-part": "meta" }),
    languageText("p", contribution.language, contribution.text, {
      className: "live-contribution__text",
    }),
    element("p", { className: "live-badges", "data-part": "badges" }),
    element("div", { className: "live-translations", "data-part": "translations" }),
    element("ul", { className: "live-tags", "data-part": "tags", "aria-label": live.labels.tags }),
  );
  if (!controls(live)) return item;

  const actions = element("div", { className: "live-contribution__actions" });
  const spotlight = element("button", {
    type: "button",
    className: "button button--secondary button--small",
    "data-part": "spotlight",
  });
  spotlight.addEventListener("click", () => {
    const on = spotlight.getAttribute("aria-pressed") !== "true";
    live.send({ type: "contribution_spotlight", contribution: id, on });
  });
  const restore = element(
    "button",
    { type: "button", className: "button button--secondary button--small", "data-part": "restore" },
    live.labels.restore,
  );
  restore.addEventListener("click", () => live.send({ type: "contribution_restore", contribution: id }));

  const hide = element("details", { className: "live-hide", "data-part": "hide" });
  hide.append(element("summary", {}, live.labels.hide));
  const hideForm = element("form", { className: "live-inline-form" });
  const reasonId = `hide-reason-${id}`;
  const reasonField = element("div", { className: "field" });
  reasonField.append(
    element("label", { for: reasonId }, live.labels.hide_reason),
    element("input", { id: reasonId, name: "reason", maxlength: 300, required: true, autocomplete: "off" }),
  );
  hideForm.append(
    reasonField,
    element("button", { type: "submit", className: "button button--small live-button--danger" }, live.labels.hide_confirm),
  );
  hideForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const reason = hideForm.elements.reason.value.trim();
    if (!reason) {
      hideForm.elements.reason.focus();
      return;
    }
    if (live.send({ type: "contribution_hide", contribution: id, reason })) {
      hideForm.reset();
      hide.open = false;
    }
  });
  hide.append(hideForm);

  const tagForm = element("form", { className: "live-inline-form live-tag-form" });
  const tagId = `tag-${id}`;
  const tagField = element("div", { className: "field" });
  tagField.append(
    element("label", { for: tagId }, live.labels.tag),
    element("input", {
      id: tagId,
      name: "tag",
      maxlength: 40,
      autocomplete: "off",
      list: "live-theme-names",
    }),
  );
  tagForm.append(
    tagField,
    element("button", { type: "submit", className: "button button--secondary button--small" }, live.labels.tag_add),
  );
  tagForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const tag = tagForm.elements.tag.value.trim();
    if (tag && live.send({ type: "contribution_tag", contribution: id, tag, add: true })) {
      tagForm.reset();
    }
  });
  actions.append(spotlight, restore, hide);
  item.append(actions, tagForm);
  return item;
}

function updateContributionItem(live, item, contribution) {
  const meta = item.querySelector('[data-part="meta"]');
  const author = contribution.anonymous
    ? fill(live.labels.anonymous_author, { name: contribution.author_name || live.labels.someone })
    : contribution.author_name || live.labels.someone;
  meta.replaceChildren(
    languageText("span", contribution.language, live.languages[contribution.language] || contribution.language),
    ` · ${author} · ${formatTime(contribution.created_at, live.timeZone)} · `,
    fill(live.labels.segment_number, { number: formatNumber(contribution.segment_index + 1) }),
  );
  const badges = item.querySelector('[data-part="badges"]');
  const badgeList = [];
  if (contribution.spotlighted) badgeList.push(element("span", { className: "live-badge" }, live.labels.spotlighted));
  if (contribution.hidden) {
    badgeList.push(
      element(
        "span",
        { className: "live-badge live-badge--danger" },
        fill(live.labels.hidden_because, { reason: contribution.hidden_reason || "" }),
      ),
    );
  }
  badges.replaceChildren(...badgeList);
  badges.hidden = badgeList.length === 0;
  item.classList.toggle("live-contribution--hidden", contribution.hidden);
  item.classList.toggle("live-contribution--spotlighted", contribution.spotlighted);

  const translations = item.querySelector('[data-part="translations"]');
  translations.replaceChildren(
    ...Object.entries(contribution.translations || {}).map(([code, text]) => {
      const line = element("p", { className: "live-interpretation" });
      line.append(
        element("span", { className: "live-label" }, fill(live.labels.interpreted_into, { language: live.languages[code] || code })),
        " ",
        languageText("span", code, text),
      );
      return line;
    }),
  );
  const tags = item.querySelector('[data-part="tags"]');
  tags.replaceChildren(
    ...(contribution.tags || []).map((tag) => {
      const entry = element("li", { className: "live-tag" }, tag);
      if (controls(live)) {
        const remove = element(
          "button",
          { type: "button", className: "live-tag__remove", "aria-label": fill(live.labels.tag_remove, { tag }) },
          "×",
        );
        remove.addEventListener("click", () =>
          live.send({ type: "contribution_tag", contribution: contribution.id, tag, add: false }),
        );
        entry.append(remove);
      }
      return entry;
    }),
  );
  tags.hidden = !(contribution.tags || []).length;
  if (!controls(live)) return;
  const spotlight = item.querySelector('[data-part="spotlight"]');
  spotlight.textContent = contribution.spotlighted ? live.labels.spotlight_off : live.labels.spotlight_on;
  spotlight.setAttribute("aria-pressed", contribution.spotlighted ? "true" : "false");
  spotlight.hidden = contribution.hidden;
  item.querySelector('[data-part="restore"]').hidden = !contribution.hidden;
  item.querySelector('[data-part="hide"]').hidden = contribution.hidden;
}

function renderQueue(live, state, what) {
  const newestFirst = renderNewestFirst(
    live,
    find(live, "[data-queue]"),
    state.contributions,
    contributionItem,
    updateContributionItem,
  );
  find(live, "[data-queue-empty]").hidden = newestFirst.length > 0;
  find(live, "[data-contribution-count]").textContent = newestFirst.length
    ? `(${formatNumber(newestFirst.length)})`
    : "";
  if (what === "contribution" && newestFirst.length) {
    find(live, "[data-queue-announcer]").textContent = newestFirst[0].text;
  }
}

export function render(live, what) {
  const state = live.room.state;
  if (!state) return;
  renderSegments(live, state, what === "snapshot" || what === "restored");
  renderControls(live, state);
  renderRound(live, state);
  renderPresence(live, state);
  renderHands(live, state);
  renderJoinCode(live, state);
  renderQueue(live, state, what);
  tick(live);
}
