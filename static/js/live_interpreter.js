// An interpreter's page: the prompt now, and every contribution as it arrives with a form to
// attach its interpretation into another language.
import {
  element,
  fill,
  formatTime,
  languageTag,
  languageText,
  renderNewestFirst,
  showText,
} from "./live_room.js";

const MAX_LENGTH = 1000;
const find = (live, selector) => live.root.querySelector(selector);

export function hello(live) {
  return { language: live.root.dataset.pageLanguage };
}

function targetLanguages(live) {
  const template = document.getElementById("live-target-languages");
  const codes = template
    ? [...template.content.querySelectorAll("[data-code]")].map((node) => node.dataset.code)
    : [];
  const known = codes.filter((code, at) => code in live.languages && codes.indexOf(code) === at);
  return known.length ? known : Object.keys(live.languages);
}

export function init(live) {
  live.items = new Map();
  live.targets = targetLanguages(live);
}

export function tick() {}

function contributionItem(live, contribution) {
  const id = contribution.id;
  const item = element("li", { className: "live-card live-contribution", id: `contribution-${id}` });
  item.append(
    element("p", { className: "live-meta", "data-part": "meta" }),
    languageText("p", contribution.language, contribution.text, { className: "live-contribution__text" }),
    element("div", { className: "live-translations", "data-part": "translations" }),
  );
  const form = element("form", { className: "live-translate-form" });
  const selectId = `translate-language-${id}`;
  const textId = `translate-text-${id}`;
  const languageField = element("div", { className: "field" });
  const select = element("select", { id: selectId, name: "language" });
  // The session's interpretation languages first, then every other one.
  const codes = [...live.targets, ...Object.keys(live.languages)].filter(
    (code, at, all) => code !== contribution.language && all.indexOf(code) === at,
  );
  for (const code of codes) {
    select.append(element("option", { value: code, lang: languageTag(code) }, live.languages[code] || code));
  }
  languageField.append(element("label", { for: selectId }, live.labels.interpret_into), select);
  const textField = element("div", { className: "field" });
  textField.append(
    element("label", { for: textId }, live.labels.interpretation),
    element("textarea", { id: textId, name: "text", rows: 3, maxlength: MAX_LENGTH }),
  );
  form.append(
    languageField,
    textField,
    element("button", { type: "submit", className: "button button--small" }, live.labels.interpret_send),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = form.elements.text.value.trim();
    if (!text) {
      form.elements.text.focus();
      return;
    }
    const frame = { type: "translate", contribution: id, language: select.value, text };
    if (live.send(frame)) form.elements.text.value = "";
  });
  item.append(form);
  return item;
}

function updateItem(live, item, contribution) {
  item.querySelector('[data-part="meta"]').replaceChildren(
    languageText("span", contribution.language, live.languages[contribution.language] || contribution.language),
    ` · ${formatTime(contribution.created_at, live.timeZone)}`,
    contribution.hidden ? ` · ${live.labels.hidden}` : "",
  );
  item.classList.toggle("live-contribution--hidden", contribution.hidden);
  item.querySelector('[data-part="translations"]').replaceChildren(
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
}

export function render(live) {
  const state = live.room.state;
  if (!state) return;
  const notice = find(live, "[data-room-state]");
  const noticeText = state.status === "live" ? "" : live.labels[`room_${state.status}`] || "";
  if (notice.textContent !== noticeText) notice.textContent = noticeText;
  notice.hidden = noticeText === "";
  const current = state.status === "waiting" ? null : live.room.segment();
  showText(find(live, "[data-current-title]"), current && current.title, live.labels, live.languages);
  showText(
    find(live, "[data-current-prompt]"),
    current && current.prompt,
    live.labels,
    live.languages,
    find(live, "[data-current-fallback]"),
  );
  const newestFirst = renderNewestFirst(
    live,
    find(live, "[data-queue]"),
    state.contributions,
    contributionItem,
    updateItem,
  );
  find(live, "[data-queue-empty]").hidden = newestFirst.length > 0;
}
