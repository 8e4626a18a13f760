// Enhancements for every page; each page works without them.
// The search boxes are hidden in the HTML, as search needs JavaScript: show them.
for (const form of document.querySelectorAll("[data-search-box]")) form.hidden = false;
// A register published without its host in site.yaml prints root-relative addresses in
// "cite this record": complete them with the address the reader is on.
for (const span of document.querySelectorAll("[data-cite-url]")) {
  if (span.textContent.startsWith("/")) span.textContent = location.origin + span.textContent;
}
