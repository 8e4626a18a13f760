// The search page: runs the Pagefind index in the browser. The page works without this
// script (it then says that search needs JavaScript and links to the browse pages).
//
// The index holds every text twice (generator/exports.py `searchable`; a body only
// folded, which halves what Pagefind holds for the body's words): folded (no
// marks, đ → d) and spelled (marks kept in ASCII, tone at the end of the word). A query
// is searched folded, so "lien doan" finds "Liên đoàn"; when it carries marks it is also
// searched spelled, and those exact matches are listed first. `fold` and `spelled` here
// must give what generator/vietnamese.py gives (tests/test_search.py compares them).

const TONES = { "\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j" };
const LETTER_MARKS = { "\u0302": "", "\u0306": "w", "\u031b": "w" };
const NOT_WORD = /[^\p{L}\p{N}]+/u;
const NOT_SPELLED_WORD = /[^\p{L}\p{M}\p{N}]+/u; // marks stay with their letter
const PAGE = 20;

// JavaScript has no casefold: lower, upper and lower again make ß and ẞ "ss"; a final
// sigma comes back from lower-casing, so ς becomes σ by hand (as vietnamese.py `_cased`).
function cased(text) {
  return text.toLowerCase().toUpperCase().toLowerCase().replace(/ς/g, "σ");
}

export function fold(text) {
  return cased(text.normalize("NFKD"))
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .split(NOT_WORD)
    .filter(Boolean)
    .join(" ");
}

export function spelled(text) {
  const words = [];
  for (const word of cased(text.normalize("NFKC")).split(NOT_SPELLED_WORD)) {
    const letters = [];
    let tone = "";
    for (const ch of word.normalize("NFD")) {
      if (ch in TONES) tone = TONES[ch];
      else if (ch in LETTER_MARKS) letters.push(LETTER_MARKS[ch] || letters.at(-1) || "");
      else if (ch === "đ") letters.push("dd");
      else if (!/\p{M}/u.test(ch)) letters.push(ch);
    }
    if (letters.length) words.push(letters.join("") + tone);
  }
  return words.join(" ");
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children); // text nodes only: nothing from the index becomes markup
  return node;
}

// A filter is a word of the index (generator/search_text.py `facet_word`), added to the
// query; no filter word starts another, as Pagefind also finds words by their start.
export function facetWord(facet, value) {
  const kept = value.toLowerCase().replace(/[^a-z0-9-]/g, "");
  return `zz${facet}${kept.replace(/x/g, "xx").replace(/-/g, "xh")}xe`;
}

// Pagefind's own order, regrouped: pages holding every word of the query as a whole word
// first, then the rest (Pagefind also matches the start of a word: "co" finds "công"),
// which are only partial matches and never counted as matches. Within each, pages spelled
// as typed come first, then those holding the query as a phrase. A page holding every word
// whole is one of them whether or not Pagefind's own search returned it.
const MOST_WORDS = 10;

async function ranked(index, query, facets) {
  const words = (text) => [text, ...facets].filter(Boolean).join(" ");
  if (!query) {
    const all = await index.newest(words(""));
    return { results: all, whole: all.length };
  }
  const folded = fold(query);
  const exact = spelled(query);
  const found = await index.search(words(folded));
  let spelledIds = new Set();
  if (exact !== folded) {
    const first = await index.search(words(exact));
    spelledIds = new Set(first.map((result) => result.id));
    const seen = new Set(found.map((result) => result.id));
    found.push(...first.filter((result) => !seen.has(result.id)));
  }
  const ids = async (text) => new Set((await index.search(text)).map((r) => r.id));
  const terms = [...new Set(folded.split(" "))].filter(Boolean).slice(0, MOST_WORDS);
  const phrase = terms.length > 1 ? await ids(words(`"${folded}"`)) : new Set();
  // Each word searched whole, with the filters: a page is a match when it holds them all.
  const wholeSearches = await Promise.all(terms.map((term) => index.search(words(`"${term}"`))));
  const whole = wholeSearches.map((results) => new Set(results.map((r) => r.id)));
  const seen = new Set(found.map((result) => result.id));
  for (const result of wholeSearches[0] || []) {
    if (!seen.has(result.id) && whole.every((set) => set.has(result.id))) {
      found.push(result);
      seen.add(result.id);
    }
  }
  const full = (id) => phrase.has(id) || (terms.length > 0 && whole.every((set) => set.has(id)));
  const group = (id) =>
    (full(id) ? 0 : 4) + (spelledIds.has(id) ? 0 : 2) + (phrase.has(id) ? 0 : 1);
  const results = found
    .map((result, order) => ({ result, order, group: group(result.id) }))
    .sort((a, b) => a.group - b.group || a.order - b.order)
    .map((entry) => entry.result);
  return { results, whole: results.filter((result) => full(result.id)).length };
}

// The index, in one part or several (generator/search.py `Indexing` and `split`): a large
// register's is split by signing date, newest first, and the later parts are merged into
// the first one's search, with the index of the words each part holds. Pagefind drops
// from a query a word an index does not hold, or shortens it: the words' index, which
// answers as one whole index would, says which parts hold the query, and when some do
// not, those that do are asked one by one (every page carries its part's word, and every
// part holds every part's word on a page never shown).
const EXACT = /^\s*".+"\s*$/; // Pagefind's own test: an exact search drops no word

class Index {
  static async load(form) {
    const pagefind = await import(form.dataset.bundle);
    await pagefind.options({ baseUrl: "/" });
    const [, ...later] = form.dataset.parts.split(" ");
    for (const part of later) await pagefind.mergeIndex(part, { baseUrl: "/" });
    if (form.dataset.words) await pagefind.mergeIndex(form.dataset.words, { baseUrl: "/" });
    const ids = (name) => (form.dataset[name] || "").split(" ").filter(Boolean);
    return new Index(pagefind, later.length + 1, ids("hidden"), ids("wordPages"));
  }

  constructor(pagefind, parts, hidden, words) {
    this.pagefind = pagefind;
    this.parts = parts;
    this.hidden = new Set(hidden); // the parts' pages of part words
    this.words = new Map(words.map((id, part) => [id, part])); // the words' index's pages
  }

  // Pagefind's results, without the pages never shown, and the parts (in order) whose
  // page in the words' index is among them.
  async found(text, options = {}) {
    const results = (await this.pagefind.search(text, options)).results;
    const holding = results.filter((r) => this.words.has(r.id)).map((r) => this.words.get(r.id));
    const shown = results.filter((r) => !this.hidden.has(r.id) && !this.words.has(r.id));
    return { shown, holding: holding.sort((a, b) => a - b) };
  }

  // The pages one whole index would find, best first.
  async search(text, options = {}) {
    const { shown, holding } = await this.found(text, options);
    if (this.parts === 1 || holding.length === this.parts || EXACT.test(text)) return shown;
    const each = await Promise.all(
      holding.map((part) => this.found(`${text} ${facetWord("part", String(part))}`, options)),
    );
    return each.flatMap((answer) => answer.shown).sort((a, b) => b.score - a.score);
  }

  // A filter-only search, newest signing date first: the parts that hold its words one
  // after another, each sorted (a merged sorted search would interleave them). Pagefind
  // leaves pages without the sort key out of a sorted search (its issue #259): the
  // agreements whose date nobody knows follow, in its own order.
  async newest(text) {
    const dated = [];
    const holding = this.parts > 1 ? (await this.found(text)).holding : [0];
    for (const part of holding) {
      const only = this.parts > 1 ? `${text} ${facetWord("part", String(part))}` : text;
      dated.push(...(await this.found(only, { sort: { signed: "desc" } })).shown);
    }
    const seen = new Set(dated.map((result) => result.id));
    return [...dated, ...(await this.search(text)).filter((result) => !seen.has(result.id))];
  }
}

function resultItem(data) {
  const meta = data.meta;
  const heading = element("h3", {}, element("a", { href: data.url }, meta.title));
  if (meta.type === "party" || meta.type === "province") {
    return element(
      "li",
      { class: `search-result search-result--${meta.type}` },
      heading,
      element(
        "p",
        { class: "search-result__meta" },
        element("strong", { class: "tag tag--page-type" }, meta.label),
        ` ${meta.detail}`,
      ),
    );
  }
  return element(
    "li",
    { class: "search-result" },
    heading,
    element("p", { class: "search-result__parties" }, meta.parties),
    element(
      "p",
      { class: "search-result__meta" },
      `${meta.kind} · ${meta.signed} · `,
      element("strong", { class: `tag tag--${meta.status_code}` }, meta.status),
    ),
  );
}

async function main() {
  const form = document.getElementById("tim_kiem");
  const strings = JSON.parse(document.getElementById("chuoi_tim_kiem").textContent);
  const section = document.querySelector(".search-results");
  const status = section.querySelector(".search-results__status");
  const list = section.querySelector(".search-results__list");
  const partial = section.querySelector(".search-results__partial");
  const partialList = partial.querySelector("ol");
  const more = section.querySelector(".search-results__more");
  const empty = section.querySelector(".search-results__empty");
  const input = form.elements.q;
  const selects = [...form.querySelectorAll("select")];
  form.hidden = false;
  section.hidden = false;

  let index = null;
  let results = [];
  let wholeCount = 0; // the first results hold every word whole; the rest match in part
  let shown = 0;
  let run = 0;

  // Loaded once: a search started while it loads waits for the same.
  function load() {
    index ??= Index.load(form).catch((error) => {
      index = null; // the next search tries again
      throw error;
    });
    return index;
  }

  async function showMore(current) {
    const batch = results.slice(shown, shown + PAGE);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (current !== run) return;
    data.forEach((item, offset) => {
      const target = shown + offset < wholeCount ? list : partialList;
      target.append(resultItem(item));
    });
    partial.hidden = partialList.children.length === 0;
    shown += batch.length;
    more.hidden = shown >= results.length;
  }

  function finished() {
    section.setAttribute("aria-busy", "false");
    section.dataset.done = location.search;
  }

  async function search() {
    const current = ++run;
    section.setAttribute("aria-busy", "true");
    const query = input.value.trim();
    const facets = selects.filter((s) => s.value).map((s) => facetWord(s.name, s.value));
    list.replaceChildren();
    partialList.replaceChildren();
    partial.hidden = true;
    more.hidden = true;
    empty.hidden = true;
    shown = 0;
    if (!query && !facets.length) {
      results = [];
      wholeCount = 0;
      status.textContent = strings.prompt;
      finished();
      return;
    }
    status.textContent = strings.loading;
    let found;
    try {
      found = await ranked(await load(), query, facets);
    } catch (error) {
      status.textContent = strings.failed;
      finished();
      throw error;
    }
    if (current !== run) return;
    results = found.results;
    wholeCount = found.whole;
    if (!results.length) {
      status.textContent = query ? fill(strings.none, { query }) : strings.none_filtered;
      empty.hidden = false;
      finished();
      return;
    }
    // Only pages holding every word whole are counted as matches; a query none holds says
    // so before any partial match.
    if (!query) status.textContent = fill(strings.results, { count: wholeCount });
    else if (wholeCount) status.textContent = fill(strings.results_for, { count: wholeCount, query });
    else status.textContent = fill(strings.none_whole, { query });
    empty.hidden = wholeCount > 0;
    await showMore(current);
    if (current === run) finished();
  }

  function fromAddress() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const select of selects) {
      const wanted = params.get(select.name) || "";
      select.value = [...select.options].some((o) => o.value === wanted) ? wanted : "";
    }
  }

  function toAddress() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const select of selects) if (select.value) params.set(select.name, select.value);
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    toAddress();
    search();
  });
  for (const select of selects) {
    select.addEventListener("change", () => {
      toAddress();
      search();
    });
  }
  more.addEventListener("click", () => showMore(run));
  fromAddress();
  await search();
  document.documentElement.dataset.searchReady = "true";
}

if (document.getElementById("tim_kiem")) main();
