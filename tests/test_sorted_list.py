"""The full list sorted and filtered in a real browser (static/list.js over the list file),
held against the generator's own pages for the same views; and the plain links without it."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, Page, Route

from generator.content.register import STATUS_LISTS
from generator.core.collation import sort_key
from generator.core.urls import PAGE_SIZE
from scripts.screenshots import serve
from tests.conftest import HOSTILE, REPO, Site, assemble, build_site, published

AS_OF = "2025-10-01"
BASE = "/register/"
LIST = BASE + "agreements/"
FORM = "#sap_xep_loc"

# Words that start titles: the letters Vietnamese order sets apart (Ă Â after A, Đ after D,
# Ơ Ô after O, Ư after U), tones and their old and new placement.
OPENINGS = [
    "Ăn ở",
    "An toàn",
    "Âm nhạc",
    "Đào tạo",
    "Dạy nghề",
    "Ưu đãi",
    "Uỷ thác",
    "Ủy thác",
    "Ổn định",
    "Ô tô",
    "Ơn nghĩa",
    "Bảo hộ",
    "Bảo hiểm",
    "Giao ước",
    "Hỗ trợ",
]
KINDS = ["plan", "memorandum", "agreement", "other", "program", "regulation"]
PAIRS = [
    ("ldld-ha-noi", "thanh-uy-ha-noi"),
    ("ldld-nghe-an", "ldld-vinh"),
    ("ldld-lao-cai", "tinh-doan-lao-cai"),
    ("ldld-lang-son", "ubnd-lang-son"),
    ("tong-ldld-viet-nam", "bo-cong-an"),
    ("agribank", "cong-doan-cong-thuong-viet-nam"),
    ("cong-doan-khu-kinh-te-dong-nam-nghe-an", "ldld-ha-noi"),
]
EXTRA = 45


def _extra(number: int) -> str:
    """One more agreement for the seed register: dates of every precision, terms without
    an end, ending soon, not yet begun, ended, terminated and replaced, every kind."""
    year = 2012 + number % 14
    signed = [f"{year}", f"{year}-{1 + number % 12:02d}", f"{year}-{1 + number % 12:02d}-15"]
    period = [
        "",
        f"period:\n  start: {year}\n",
        f"period:\n  start: {year}\n  end: 2026-01\n",
        f"period:\n  start: {year}\n  end: {year + 3}\n",
        "period:\n  start: 2026\n  end: 2030\n",
    ][number % 5]
    first, second = PAIRS[number % len(PAIRS)]
    opening = OPENINGS[number % len(OPENINGS)]
    # Two records share a title, so that the title order has a tie to keep stable.
    title = f"{opening} giữa các bên, lần {number % 30}"
    extra = ""
    if number == 7:
        extra = "events:\n  - date: 2020-05-01\n    kind: termination\n    title: Chấm dứt sớm\n"
    if number == 12:
        extra = "related:\n  - rel: supersedes\n    slug: van-ban-them-02\n"
    return (
        f"---\ntitle: {title}\nkind: {KINDS[number % len(KINDS)]}\n"
        f"parties:\n  - {first}\n  - {second}\nsigned: {signed[number % 3]}\n{period}{extra}"
        "sources:\n  - publisher: Báo thử nghiệm\n---\nHai bên phối hợp.\n"
    )


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed content and 45 more agreements: more than a page of the list."""
    folder = tmp_path_factory.mktemp("sorted") / "content"
    shutil.copytree(REPO / "content", folder)
    for number in range(EXTRA):
        path = folder / "agreements" / "them" / f"van-ban-them-{number:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_extra(number), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(content: Path) -> Site:
    """The register built under the base path /register/, as of a fixed date."""
    output = content.parent / "root" / "register"
    build_site(content, output, "--as-of", AS_OF, "--base-url", BASE)
    return Site(output, prefix=BASE)


@pytest.fixture(scope="module")
def served(site: Site) -> Iterator[str]:
    """The folder above the site on a free port, so that the site lives at /register/."""
    with serve(site.root.parent) as address:
        yield address


@pytest.fixture(scope="module")
def data(site: Site) -> dict:
    """The list file the script fetches."""
    link = site.page(LIST).find("form", id="sap_xep_loc")["data-list-source"]
    target = site.file_for(link)
    assert target is not None
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab that fails the test on any script error."""
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert not errors


def _server_rows(site: Site, link: str, section: str | None = None) -> list[str]:
    """The agreement links of a listing page and of every later page of it, in order
    (`section`: the id of the heading whose section holds the table)."""
    rows: list[str] = []
    while link:
        soup = site.page(link)
        scope: Tag = soup
        if section:
            heading = soup.find(id=section)
            assert heading is not None, (link, section)
            scope = heading.find_parent("section")
        rows += [a["href"] for a in scope.select("table.agreements tbody tr th a")]
        following = soup.find("a", rel="next")
        link = following["href"] if following else ""
    return rows


def _open(page: Page, address: str, query: dict[str, str] | str = "", path: str = LIST) -> None:
    """Open the list at `query` and wait until the script has shown that view."""
    text = query if isinstance(query, str) else urlencode(query)
    page.goto(address + path + (f"?{text}" if text else ""))
    page.wait_for_function(
        "form => form.dataset.shown === location.search", arg=page.locator(FORM).element_handle()
    )


def _shown_rows(page: Page) -> list[str]:
    """Every row of the view: the links of the rows shown after pressing "Xem thêm" until
    it is gone."""
    more = page.locator(".list-tools__more")
    while more.is_visible():
        more.click()
    return [a.get_attribute("href") or "" for a in page.locator(".agreements tbody th a").all()]


def _options(site: Site, name: str) -> list[str]:
    """The values a select of the list's form offers (all but "all")."""
    select = site.page(LIST).find("select", attrs={"name": name})
    return [o["value"] for o in select.find_all("option") if o["value"]]


def _count(page: Page) -> str:
    return page.locator(f"{FORM} [role=status]").inner_text()


def test_the_list_file_holds_every_agreement_once(site: Site, content: Path, data: dict) -> None:
    """One row per published agreement, in the order of the server's table, each address
    (and every party's and status list's) a page of the build under the base path."""
    rows = [row["u"] for row in data["rows"]]
    assert len(rows) == len(published(content)) == len(set(rows))
    assert rows == _server_rows(site, LIST)
    links = rows + [party["u"] for party in data["parties"]]
    links += [status["url"] for status in data["statuses"]] + [data["ending_soon"]["url"]]
    for link in links:
        assert link.startswith(BASE), link
        target = site.file_for(link)
        assert target is not None and target.is_file(), link


def test_the_list_file_keys_sort_as_the_generator(data: dict) -> None:
    """Title ranks follow Vietnamese collation; signing keys fall in the register's order
    (newest first, unknown last); end keys are dates or null."""
    rows = data["rows"]
    by_rank = [row["t"] for row in sorted(rows, key=lambda row: row["o"])]
    assert by_rank == sorted(by_rank, key=sort_key)
    assert sorted(row["o"] for row in rows) == list(range(len(rows)))
    dated = [row["sk"] for row in rows if row["sk"] is not None]
    assert dated == sorted(dated, reverse=True)
    unknown = [index for index, row in enumerate(rows) if row["sk"] is None]
    assert unknown and unknown == list(range(len(rows) - len(unknown), len(rows)))
    ends = [row["ek"] for row in rows]
    assert None in ends and any(re.fullmatch(r"\d{4}-\d\d-\d\d", e or "") for e in ends)


def test_rows_are_drawn_as_the_server_draws_them(
    page: Page, served: str, site: Site, data: dict
) -> None:
    """Filtered by kind, the script's rows are the kind page's rows tag for tag: same
    classes, data-label cells, dates, reasons, party marks and status tags."""

    def normal(html: str) -> list[str]:
        soup = BeautifulSoup(html, "html.parser")
        return [re.sub(r"\s+", " ", str(row)).replace("> <", "><") for row in soup.select("tr")]

    compared = 0
    for kind in _options(site, "kind"):
        _open(page, served, {"kind": kind})
        _shown_rows(page)
        drawn = normal(page.locator(".agreements tbody").inner_html())
        server: list[str] = []
        link = f"{BASE}kinds/{kind}/"
        while link:
            soup = site.page(link)
            server += normal("".join(str(tr) for tr in soup.select("table.agreements tbody tr")))
            following = soup.find("a", rel="next")
            link = following["href"] if following else ""
        assert drawn == server, kind
        compared += len(drawn)
    assert compared == len(data["rows"])


def test_title_sort_is_vietnamese_alphabetical_order(page: Page, served: str) -> None:
    """?sort=title lists every title in the order of generator.core.collation's key."""
    _open(page, served, {"sort": "title"})
    _shown_rows(page)
    titles = page.locator(".agreements tbody th a").all_inner_texts()
    assert len(titles) > PAGE_SIZE
    assert titles == sorted(titles, key=sort_key)
    assert titles != sorted(titles)  # code-point order differs here: the test can fail


def test_more_shows_the_next_rows_and_hides_the_pages(page: Page, served: str) -> None:
    """A sorted view shows a page of rows and "Xem thêm"; pressing it shows the next ones and
    puts the reader on the first new row, until every row is shown; the server's page
    links are hidden meanwhile."""
    _open(page, served, {"sort": "oldest"})
    total = int(page.locator(".list-tools__status").inner_text().split()[0])
    assert total > 2 * PAGE_SIZE
    assert page.locator(".agreements tbody tr").count() == PAGE_SIZE
    assert page.locator(".pagination").is_hidden()
    more = page.locator(".list-tools__more")
    assert more.is_visible() and "Xem thêm" in more.inner_text()
    more.click()
    assert page.locator(".agreements tbody tr").count() == 2 * PAGE_SIZE
    focused = page.evaluate("document.activeElement.closest('tr').rowIndex")
    assert focused == PAGE_SIZE + 1  # the header row is row 0
    while more.is_visible():
        more.click()
    assert page.locator(".agreements tbody tr").count() == total


@pytest.mark.parametrize("name", list(STATUS_LISTS))
def test_status_filter_is_the_status_page(
    page: Page, served: str, site: Site, data: dict, name: str
) -> None:
    """?status=<list> shows the rows of /status/<list>/ (ending soon: the same rows, that
    page orders them by their end), and says how many."""
    expected = _server_rows(site, f"{BASE}status/{name}/")
    _open(page, served, {"status": name})
    shown = _shown_rows(page)
    if name == "ending-soon":
        assert sorted(shown) == sorted(expected)
    else:
        assert shown == expected
    none = page.locator(FORM).get_attribute("data-none")
    assert _count(page) == (f"{len(expected)} văn bản." if expected else none)


def test_every_status_list_is_met(data: dict) -> None:
    """The fixture has agreements in every status list, so the filter tests test something."""
    lists = {status["code"]: status["list"] for status in data["statuses"]}
    met = {lists[row["st"]] for row in data["rows"]}
    met |= {"ending-soon" for row in data["rows"] if row["es"]}
    assert met == set(STATUS_LISTS)


def test_province_filter_is_the_province_page(page: Page, served: str, site: Site) -> None:
    """?province=<key> shows the agreements of that province's page, for every province."""
    provinces = _options(site, "province")
    assert "toan-quoc" in provinces and len(provinces) > 3
    for key in provinces:
        expected = _server_rows(site, f"{BASE}provinces/{key}/", section="van_ban")
        _open(page, served, {"province": key})
        assert expected and _shown_rows(page) == expected, key


def test_year_filter_is_the_year_page(page: Page, served: str, site: Site) -> None:
    """?year=<yyyy> shows the agreements the year page lists as signed that year."""
    for year in _options(site, "year"):
        expected = _server_rows(site, f"{BASE}years/{year}/", section="ky_trong_nam")
        _open(page, served, {"year": year})
        assert expected and _shown_rows(page) == expected, year
        assert _count(page) == f"{len(expected)} văn bản."


def test_kind_filter_is_the_kind_page(page: Page, served: str, site: Site) -> None:
    """?kind=<kind> shows the rows of the kind's pages, every page of them."""
    kinds = _options(site, "kind")
    assert len(kinds) == 6
    for kind in kinds:
        expected = _server_rows(site, f"{BASE}kinds/{kind}/")
        _open(page, served, {"kind": kind})
        assert expected and _shown_rows(page) == expected, kind


def test_filters_combine(page: Page, served: str, site: Site) -> None:
    """Two filters show the rows both pages list."""
    both = set(_server_rows(site, f"{BASE}status/in-force/")) & set(
        _server_rows(site, f"{BASE}provinces/ha-noi/", section="van_ban")
    )
    _open(page, served, {"status": "in-force", "province": "ha-noi"})
    assert both and set(_shown_rows(page)) == both


def test_a_view_with_no_row_says_so(page: Page, served: str, data: dict) -> None:
    """Filters no agreement meets hide the table and say so in the status line."""
    met = {(row["k"], str(row["y"])) for row in data["rows"]}
    kind, year = next(
        (kind, str(row["y"]))
        for kind in data["kinds"]
        for row in data["rows"]
        if row["y"] and (kind, str(row["y"])) not in met
    )
    _open(page, served, {"kind": kind, "year": year})
    assert page.locator("table.agreements").is_hidden()
    assert _count(page) == page.locator(FORM).get_attribute("data-none")
    assert page.locator(".list-tools__more").is_hidden()
    assert page.locator(".pagination").is_hidden()


def test_end_sort_puts_terms_without_an_end_last(page: Page, served: str, data: dict) -> None:
    """?sort=end: terms ending soonest first, by the last day they may run to; terms with
    no known end after all of them, in the register's order."""
    ends = {row["u"]: row["ek"] for row in data["rows"]}
    order = [row["u"] for row in data["rows"]]
    _open(page, served, {"sort": "end"})
    shown = _shown_rows(page)
    keys = [ends[link] for link in shown]
    known = [key for key in keys if key is not None]
    assert known and len(known) < len(keys)
    assert keys == known + [None] * (len(keys) - len(known))
    assert known == sorted(known)
    unknown = shown[len(known) :]
    assert unknown == [link for link in order if ends[link] is None]
    last = page.locator(".agreements tbody tr").last.locator(".term-end").inner_text()
    assert last.endswith("chưa rõ")


def test_oldest_first_keeps_unknown_dates_last(page: Page, served: str, data: dict) -> None:
    """?sort=oldest reverses the dated rows; those with no known signing date stay last."""
    keys = {row["u"]: row["sk"] for row in data["rows"]}
    _open(page, served, {"sort": "oldest"})
    shown = [keys[link] for link in _shown_rows(page)]
    dated = [key for key in shown if key is not None]
    assert dated == sorted(dated) and shown[len(dated) :] == [None] * (len(shown) - len(dated))
    assert len(dated) < len(shown)


def test_status_sort_groups_by_status_in_force_first(page: Page, served: str, data: dict) -> None:
    """?sort=status: statuses in the order of the status lists, in force first."""
    codes = {row["u"]: row["st"] for row in data["rows"]}
    rank = {status["code"]: index for index, status in enumerate(data["statuses"])}
    _open(page, served, {"sort": "status"})
    shown = [rank[codes[link]] for link in _shown_rows(page)]
    assert shown == sorted(shown) and shown[0] == rank["in-force"] and len(set(shown)) > 3


def test_a_change_updates_the_address_and_reset_restores_the_page(
    page: Page, served: str, site: Site
) -> None:
    """Choosing puts the view in the address (the list's first page); "Bỏ lọc" brings back
    the server's page as it was, its address and its page links."""
    second = LIST + "page/2/"
    _open(page, served, path=second)
    server = _shown_rows(page)
    assert server == _server_rows(site, second)[: len(server)]
    assert page.locator(".pagination").is_visible()
    page.select_option("#loc_tinh_trang", "in-force")
    page.wait_for_function("location.search === '?status=in-force'")
    assert page.evaluate("location.pathname") == LIST
    page.select_option("#xep_theo", "title")
    page.wait_for_function("location.search === '?sort=title&status=in-force'")
    reset = page.locator(".list-tools__reset")
    reset.click()
    page.wait_for_function(f"location.pathname === '{second}' && location.search === ''")
    rows = page.locator(".agreements tbody th a")
    assert [a.get_attribute("href") for a in rows.all()] == server
    assert page.locator(".pagination").is_visible() and reset.is_hidden()
    assert page.input_value("#loc_tinh_trang") == "" and page.input_value("#xep_theo") == "newest"
    assert page.evaluate("document.activeElement.id") == "xep_theo"


def test_the_topic_filter_shows_the_topics_page(page: Page, served: str, site: Site) -> None:
    """Each topic of the filter (every topic page, by its label) shows exactly the
    agreements of its page /topics/<key>/, and the choice lives in the address as
    ?topic=<key>."""
    topics = _options(site, "topic")
    index = site.page(f"{BASE}topics/")
    assert topics == [a["href"].split("/")[-2] for a in index.select("tbody th a")]
    assert "tuyen-truyen" in topics
    _open(page, served, {"topic": topics[0]})
    for key in topics:
        page.select_option("#loc_chu_de", key)
        page.wait_for_function(
            f"document.getElementById('sap_xep_loc').dataset.shown === '?topic={key}'"
        )
        assert sorted(_shown_rows(page)) == sorted(_server_rows(site, f"{BASE}topics/{key}/"))
    labels = site.page(LIST).select("#loc_chu_de option")
    assert [o.get_text() for o in labels[1:]] == [a.get_text() for a in index.select("tbody th a")]


def test_a_shared_address_restores_the_controls(page: Page, served: str, site: Site) -> None:
    """A shared address sets the controls it names and shows that view; values the form
    does not offer are ignored (and dropped from the address)."""
    query = "sort=end&status=in-force&kind=nonsense&year=1800&province=ha-noi"
    _open(page, served, query)
    values = {
        name: page.input_value(selector)
        for name, selector in [
            ("sort", "#xep_theo"),
            ("status", "#loc_tinh_trang"),
            ("kind", "#loc_loai"),
            ("province", "#loc_tinh"),
            ("year", "#loc_nam"),
        ]
    }
    assert values == dict(sort="end", status="in-force", kind="", province="ha-noi", year="")
    assert page.evaluate("location.search") == "?sort=end&status=in-force&province=ha-noi"
    expected = set(_server_rows(site, f"{BASE}status/in-force/")) & set(
        _server_rows(site, f"{BASE}provinces/ha-noi/", section="van_ban")
    )
    assert set(_shown_rows(page)) == expected
    assert page.locator(".list-tools__reset").is_visible()


def test_default_view_leaves_the_server_page_untouched(page: Page, served: str, site: Site) -> None:
    """With no choice in the address the script fetches nothing and changes no row."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    server = str(site.page(LIST).select_one("table.agreements tbody"))
    _open(page, served, "sort=newest")
    assert not any(url.endswith(".json") for url in fetched)
    drawn = page.locator(".agreements tbody").inner_html()
    normal = lambda html: re.sub(r"\s+", "", BeautifulSoup(html, "html.parser").get_text())  # noqa: E731
    assert normal(drawn) == normal(server)
    assert page.locator(FORM).is_visible() and page.locator(".pagination").is_visible()


def test_a_failed_fetch_says_so_and_keeps_the_list(page: Page, served: str, site: Site) -> None:
    """When the list file cannot be fetched the reader is told, in Vietnamese, and the
    server's table and page links stay."""
    page.route("**/*.json", lambda route: route.abort())
    _open(page, served, {"sort": "title"})
    assert _count(page).startswith("Không tải được danh mục")
    shown = [a.get_attribute("href") for a in page.locator(".agreements tbody th a").all()]
    assert shown == _server_rows(site, LIST)[:PAGE_SIZE]
    assert page.locator(".pagination").is_visible()


def test_without_javascript_the_views_are_plain_links(
    browser: Browser, served: str, site: Site
) -> None:
    """With scripts off the form stays hidden and "Xem theo" links every view the form
    offers (status lists, kinds, provinces, years), each to a page of the build."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(served + LIST)
    assert page.locator(FORM).is_hidden()
    views = page.locator(".list-views")
    assert views.is_visible() and views.locator("h2").inner_text() == "Xem theo"
    links = [a.get_attribute("href") or "" for a in views.locator("a").all()]
    expected = (
        [f"{BASE}status/{name}/" for name in _options(site, "status")]
        + [f"{BASE}kinds/{kind}/" for kind in _options(site, "kind")]
        + [f"{BASE}provinces/{key}/" for key in _options(site, "province")]
        + [f"{BASE}years/{year}/" for year in _options(site, "year")]
        + [f"{BASE}topics/{key}/" for key in _options(site, "topic")]
    )
    assert links == expected
    for link in links:
        target = site.file_for(link)
        assert target is not None and target.is_file(), link
    boxes = [box for a in views.locator("a").all() if (box := a.bounding_box())]
    assert len(boxes) == len(links)
    assert min(min(box["width"], box["height"]) for box in boxes) >= 24  # tap targets at 390 px
    assert page.locator(".pagination").is_visible()
    context.close()


def test_hostile_text_stays_text(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Titles and party names made of injection payloads come out of the script as the
    server's table writes them: text, no element of theirs, nothing run."""
    root = tmp_path_factory.mktemp("hostile-list")
    build_site(assemble(root, HOSTILE), root / "site")
    hostile = Site(root / "site")
    tab = browser.new_page()
    alerts: list[str] = []
    tab.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    with serve(hostile.root) as address:
        tab.goto(address + "/agreements/?sort=title")
        tab.wait_for_function("document.getElementById('sap_xep_loc').dataset.shown")
        drawn = BeautifulSoup(tab.locator(".agreements tbody").inner_html(), "html.parser")
    tab.close()
    server = hostile.page("/agreements/").select("table.agreements tbody tr")
    by_link = {row.th.a["href"]: row.get_text(" ", strip=True) for row in server}
    rows = drawn.select("tr")
    assert len(rows) == len(server)
    assert {row.th.a["href"]: row.get_text(" ", strip=True) for row in rows} == by_link
    assert any("XSS-TITLE <script>" in text for text in by_link.values())
    tags = {tag.name for tag in drawn.find_all(True)}
    assert tags <= {
        "tr",
        "th",
        "td",
        "a",
        "ul",
        "li",
        "span",
        "strong",
        "time",
        "details",
        "summary",
        "p",
    }
    assert alerts == []


def _as_without_scripts(page: Page, address: str) -> None:
    """Serve the list as a browser without scripts draws it (noscript's content shown, the
    form hidden), while axe itself can still run: the list's script is left out."""

    def handle(route: Route) -> None:
        html = route.fetch().text()
        html = html.replace("<noscript>", "").replace("</noscript>", "")
        html = re.sub(r'<script type="module" src="[^"]*list\.js"></script>', "", html)
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route(address + LIST, handle)
    page.goto(address + LIST)


@pytest.mark.parametrize("script", [True, False])
def test_axe_finds_no_violation_on_the_list(page: Page, served: str, script: bool) -> None:
    """axe-core finds nothing wrong with the list, sorted and filtered or without a script."""
    page.set_viewport_size({"width": 390, "height": 800})
    if script:
        _open(page, served, {"sort": "end", "status": "in-force"})
    else:
        _as_without_scripts(page, served)
        assert page.locator(".list-views").is_visible() and page.locator(FORM).is_hidden()
    violations = Axe().run(page).response["violations"]
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations] == []
