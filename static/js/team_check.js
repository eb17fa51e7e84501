// Live constraint warnings while a coordinator changes a team by hand: each change asks the
// server's checker about the whole team and shows what it would break, before saving.
const forms = document.querySelectorAll("form.team-form[data-check-url]");

async function check(form) {
  const body = new FormData();
  body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
  for (const select of form.querySelectorAll("select")) {
    if (select.value) body.append("team", select.value);
  }
  const output = form.querySelector(".team-form__warnings");
  const response = await fetch(form.dataset.checkUrl, { method: "POST", body });
  if (!response.ok) return;
  const { warnings } = await response.json();
  output.replaceChildren();
  if (warnings.length === 0) return;
  const list = document.createElement("ul");
  list.className = "warnings";
  for (const warning of warnings) {
    const item = document.createElement("li");
    item.textContent = warning;
    list.append(item);
  }
  output.append(list);
}

for (const form of forms) {
  form.addEventListener("change", (event) => {
    if (event.target.matches("select")) check(form);
  });
}
