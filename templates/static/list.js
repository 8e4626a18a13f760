// The full list (/agreements/): sort and filter the whole register in the browser. The
// page works without this script: it is then the server's table, a page of rows at a time, with
// links to the same views as pages of their own (status, kind, province, year, topic).
//
// The rows come from the list file (generator/exports.py `agreement_list`), written with
// the table's own words and dates and with keys that sort as the generator sorts, so this
// script formats nothing. The choices live in the address (?sort=&status=&kind=&province=
// &year=&topic=), so that a view can be shared; values the form does not offer are ignored.

const DEFAULT_SORT = "newest";

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children); // strings become text nodes: nothing from the data is markup
  return node;
}

// A comparison by a key that may be null (not known): null last in either direction.
function byKey(key, direction) {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * direction;
  };
}

// Array.prototype.sort is stable and the rows come in the register's order (newest signing
// first, then by title), so rows a sort cannot tell apart keep that order.
function comparison(sort, data) {
  const rank = new Map(data.statuses.map((status, index) => [status.code, index]));
  switch (sort) {
    case "oldest":
      return byKey((row) => row.sk, 1);
    case "end":
      return byKey((row) => row.ek, 1);
    case "title":
      return (a, b) => a.o - b.o;
    case "status":
      return (a, b) => rank.get(a.st) - rank.get(b.st);
    default:
      return byKey((row) => row.sk, -1);
  }
}

// A status list (/status/<list>/): the statuses it holds; "ending-soon" is the part of
// "in-force" whose term ends soon.
// A row whose dates leave its status open (`ls`) is in every list it may belong to.
function statusFilter(list, data) {
  if (list === "ending-soon") return (row) => row.es > 0;
  const codes = new Set(data.statuses.filter((s) => s.list === list).map((s) => s.code));
  return (row) => (row.ls ? row.ls.includes(list) : codes.has(row.st));
}

export function view(data, chosen) {
  const tests = [];
  if (chosen.status) tests.push(statusFilter(chosen.status, data));
  if (chosen.kind) tests.push((row) => row.k === chosen.kind);
  if (chosen.province) tests.push((row) => row.pr.includes(chosen.province));
  if (chosen.year) tests.push((row) => String(row.y) === chosen.year);
  if (chosen.topic) tests.push((row) => row.tp.includes(chosen.topic));
  if (chosen.party) {
    const index = data.parties.findIndex((party) => party.i === chosen.party);
    tests.push((row) => row.p.includes(index));
  }
  const rows = data.rows.filter((row) => tests.every((test) => test(row)));
  rows.sort(comparison(chosen.sort, data));
  // As on the status pages: the rows a status list surely holds, then those it may hold.
  if (chosen.status === "ending-soon") return rows.sort((a, b) => b.es - a.es);
  if (chosen.status) return rows.sort((a, b) => (a.sm ? 1 : 0) - (b.sm ? 1 : 0));
  return rows;
}

// A date as the table's date macro writes it: machine-readable when stated, else marked
// with its certainty; the editor's reason one click away.
function dateNodes(value, words) {
  const shown = value.d
    ? element("time", { datetime: value.d }, value.x)
    : element("span", { class: `date date--${value.c}` }, value.x);
  if (!value.r) return [shown];
  const why = element("summary", {}, words.why);
  return [shown, " ", element("details", { class: "date-reason" }, why, element("p", {}, value.r))];
}

function tagLink(url, code, label, maybe) {
  const tag = element("strong", { class: `tag tag--${code}${maybe ? " tag--maybe" : ""}` }, label);
  return element("a", { class: "tag-link", href: url }, tag);
}

function partyItem(party, organ) {
  const item = element("li", {}, element("a", { href: party.u }, party.n));
  if (organ) item.prepend(`${organ} `);
  if (party.m) {
    const mark = party.m.h ? { class: party.m.c, title: party.m.h } : { class: party.m.c };
    item.append(" ", element("span", mark, party.m.x));
  }
  return item;
}

// One row, as templates/partials/_agreement_table.html writes it (same classes and
// data-label attributes, so that the phone layout applies).
function rowNode(row, data) {
  const words = data.words;
  const labels = words.labels;
  const status = data.statuses.find((s) => s.code === row.st);
  const cell = (label, ...children) => element("td", { "data-label": label }, ...children);
  const title = element("a", { href: row.u }, row.t);
  const items = row.p.map((index, at) => partyItem(data.parties[index], row.og && row.og[at]));
  const parties = element("ul", { class: "inline-list" }, ...items);
  const end = row.e ? dateNodes(row.e, words) : [words.no_end];
  const label = row.sm ? status.maybe : status.label;
  const statusCell = cell(labels.status, tagLink(status.url, status.code, label, row.sm));
  if (row.es) {
    const soon = data.ending_soon;
    const sure = row.es === 2;
    statusCell.append(" ", tagLink(soon.url, "ending-soon", sure ? soon.label : soon.maybe, !sure));
  }
  statusCell.append(" ", element("span", { class: "term-end" }, `${words.ends}: `, ...end));
  return element(
    "tr",
    {},
    element("th", { scope: "row", "data-label": labels.title }, title),
    cell(labels.kind, data.kinds[row.k]),
    cell(labels.parties, parties),
    cell(labels.signed, ...dateNodes(row.s, words)),
    statusCell,
  );
}

function main() {
  const form = document.getElementById("sap_xep_loc");
  const table = document.querySelector("table.agreements");
  if (!form || !table) return;
  const PAGE = Number(form.dataset.page); // as many rows as a page of the server's list
  const strings = form.dataset; // the script's own words; the table's come with the rows
  const body = table.tBodies[0];
  const serverRows = [...body.children];
  const caption = table.caption;
  const serverCaption = caption ? caption.textContent : "";
  const wrap = table.closest(".table-wrap") || table;
  const pagination = document.querySelector(".pagination");
  const serverOnly = [...document.querySelectorAll("[data-list-default]")];
  const more = document.querySelector(".list-tools__more");
  const status = form.querySelector("[role=status]");
  const reset = form.querySelector(".list-tools__reset");
  const selects = [...form.querySelectorAll("select")];
  const here = location.pathname;

  let source = null; // the list file, fetched once
  let data = null;
  let rows = [];
  let shown = 0;
  let run = 0;

  function load() {
    source ??= fetch(form.dataset.listSource).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.url}`);
      return response.json();
    });
    return source;
  }

  function chosen() {
    return Object.fromEntries(selects.map((select) => [select.name, select.value]));
  }

  function isDefault(values) {
    return selects.every((s) => values[s.name] === (s.name === "sort" ? DEFAULT_SORT : ""));
  }

  // The view's address: the list's first page with the choices, or this page without any.
  function address(values) {
    const query = new URLSearchParams();
    for (const select of selects) {
      const value = values[select.name];
      const dropped = select.name === "sort" && value === DEFAULT_SORT;
      if (value && !dropped) query.set(select.name, value);
    }
    const text = query.toString();
    return text ? `${form.dataset.listFirst}?${text}` : here;
  }

  function serverView() {
    body.replaceChildren(...serverRows);
    if (caption) caption.textContent = serverCaption;
    for (const node of [wrap, pagination, ...serverOnly]) if (node) node.hidden = false;
    more.hidden = true;
  }

  function showMore() {
    const batch = rows.slice(shown, shown + PAGE).map((row) => rowNode(row, data));
    body.append(...batch);
    shown += batch.length;
    more.hidden = shown >= rows.length;
    more.textContent = fill(strings.more, { count: Math.min(PAGE, rows.length - shown) });
    return batch;
  }

  function done() {
    form.dataset.shown = location.search;
  }

  async function update() {
    const current = ++run;
    const values = chosen();
    history.replaceState(history.state, "", address(values));
    reset.hidden = isDefault(values);
    if (isDefault(values)) {
      serverView();
      status.textContent = "";
      done();
      return;
    }
    status.textContent = strings.loading;
    try {
      data = await load();
    } catch (error) {
      source = null; // the next change tries again
      if (current === run) {
        serverView();
        status.textContent = strings.failed;
        done();
      }
      console.error(error);
      return;
    }
    if (current !== run) return;
    if (party) {
      for (const option of party.options) {
        const named = data.parties.find((entry) => entry.i === option.value);
        if (named) option.textContent = named.n;
      }
    }
    rows = view(data, values);
    shown = 0;
    body.replaceChildren();
    if (caption) caption.textContent = strings.caption;
    for (const node of [pagination, ...serverOnly]) if (node) node.hidden = true;
    wrap.hidden = rows.length === 0; // the status line then says that nothing matches
    status.textContent = rows.length ? fill(strings.count, { count: rows.length }) : strings.none;
    showMore();
    done();
  }

  const params = new URLSearchParams(location.search);
  // A party has no choice of its own in the form (a register may have thousands): a link
  // from its page (?party=<id>) adds it, named once the list is loaded.
  const party = form.querySelector("select[name=party]");
  const partyId = params.get("party");
  if (party && partyId && /^[a-z0-9-]+$/.test(partyId)) {
    party.append(new Option(partyId, partyId));
    party.closest(".list-tools__field").hidden = false;
  }
  for (const select of selects) {
    const value = params.get(select.name);
    if (value !== null && [...select.options].some((option) => option.value === value)) {
      select.value = value;
    }
  }
  form.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  reset.addEventListener("click", () => {
    for (const select of selects) select.selectedIndex = 0;
    update();
    selects[0].focus();
  });
  more.addEventListener("click", () => {
    const added = showMore();
    // The reader goes on where the new rows start.
    added[0]?.querySelector("a")?.focus();
  });
  if (isDefault(chosen())) done();
  else update();
}

main();
