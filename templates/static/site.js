// Enhancements for every page; each page works without them.
// The search boxes are hidden in the HTML, as search needs JavaScript: show them.
for (const form of document.querySelectorAll("[data-search-box]")) form.hidden = false;

// A date in the interface's day form ("{day}/{month}/{year}"), for the reader's today;
// `names` are the months' names, January first, space-separated (none: months are numbers).
function dayText(form, when, names) {
  const month = names ? names.split(" ")[when.getMonth()] : String(when.getMonth() + 1);
  return form
    .replace("{day}", String(when.getDate()))
    .replace("{month}", month)
    .replace("{year}", String(when.getFullYear()));
}

// The clipboard API needs a secure context; a site served over plain HTTP falls back on
// selecting a hidden field.
async function copyText(value) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(value);
    return;
  }
  const field = document.createElement("textarea");
  field.value = value;
  field.setAttribute("readonly", "");
  field.style.position = "fixed";
  field.style.opacity = "0";
  document.body.append(field);
  field.select();
  const copied = document.execCommand("copy");
  field.remove();
  if (!copied) throw new Error("copy refused");
}

// "Chép trích dẫn": the citation as written, with the day the reader copies it.
for (const button of document.querySelectorAll("[data-cite-copy]")) {
  const source = document.getElementById(button.dataset.citeCopy);
  const status = button.parentElement.querySelector("[role=status]");
  if (!source) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const today = dayText(button.dataset.dateForm, new Date(), button.dataset.monthNames);
    const written = source.textContent.replace(/\s+/g, " ").trim().replace(/\.$/, "");
    const cited = `${written} ${button.dataset.citeAccess.replace("{date}", today)}`;
    try {
      await copyText(cited);
      if (status) status.textContent = button.dataset.citeDone.replace("{date}", today);
    } catch {
      if (status) status.textContent = button.dataset.citeFailed;
    }
  });
}

// "Chép địa chỉ": a feed's or a calendar's address, from its read-only field. Without a host
// in the base URL the field holds a path; the reader's own address completes it.
for (const button of document.querySelectorAll("[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const status = button.closest(".copy-address")?.querySelector("[role=status]");
  if (!field) continue;
  field.value = new URL(field.value, window.location.href).href;
  field.addEventListener("focus", () => field.select());
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await copyText(field.value);
      if (status) status.textContent = button.dataset.copyDone;
    } catch {
      field.select();
      if (status) status.textContent = button.dataset.copyFailed;
    }
  });
}

// "In trang này": printing from a button needs a script; without one, the button stays hidden.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
