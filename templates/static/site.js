// Enhancements for every page; each page works without them.
// The search boxes are hidden in the HTML, as search needs JavaScript: show them.
for (const form of document.querySelectorAll("[data-search-box]")) form.hidden = false;
