"""Every filtered view links the sortable list with its filter set, and the list says when
it cannot sort or filter (no JavaScript) instead of silently showing everything."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.conftest import Site

VIEWS = [
    "/provinces/nghe-an/",
    "/parties/ldld-nghe-an/",
    "/status/in-force/",
    "/status/ended/",
    "/topics/tuyen-truyen/",
    "/kinds/regulation/",
    "/years/2022/",
]


def _slugs(links: list[str]) -> list[str]:
    return [link.rstrip("/").rsplit("/", 1)[-1] for link in links]


def _static_rows(site: Site, view: str) -> set[str]:
    """The agreements a static view lists in its tables (its sure and possible rows)."""
    soup = site.page(view)
    links = [a["href"] for a in soup.select("table.agreements tbody tr td:first-child a")]
    links += [a["href"] for a in soup.select("table.agreements tbody tr th a")]
    return set(_slugs([link for link in links if "/agreements/" in link]))


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_links_the_sortable_list_that_shows_the_same_agreements(
    real_site: Site, real_served: str, browser: Browser, view: str
) -> None:
    """The view's "sort, filter these" link opens the full list with the view's filter set;
    with JavaScript it shows exactly the agreements the view lists."""
    soup = real_site.page(view)
    link = soup.select_one(".sortable-link a")
    assert link is not None, view
    expected = _static_rows(real_site, view)
    assert expected, view
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(real_served + link["href"])
    page.wait_for_function(
        "() => document.querySelector('#sap_xep_loc').dataset.shown !== undefined"
    )
    shown = page.eval_on_selector_all(
        "table.agreements tbody tr a[href*='/agreements/']",
        "links => links.map(a => a.getAttribute('href'))",
    )
    chosen = page.eval_on_selector_all(
        "#sap_xep_loc select", "selects => selects.map(s => [s.name, s.value])"
    )
    page.close()
    assert set(_slugs(shown)) == expected, view
    name, value = link["href"].split("?", 1)[1].split("=")
    assert [name, value] in chosen


def test_a_party_filter_is_shown_with_the_partys_name(real_served: str, browser: Browser) -> None:
    """`?party=<id>` has no choice in the form until a party's link brings it: then the
    form shows it, named as the table names it, and "Bỏ lọc" clears it."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(real_served + "/agreements/?party=ldld-nghe-an")
    page.wait_for_function(
        "() => document.querySelector('#sap_xep_loc').dataset.shown !== undefined"
    )
    field = page.locator("#loc_ben_ky")
    assert field.is_visible()
    assert "Nghệ An" in field.locator("option:checked").inner_text()
    page.click(".list-tools__reset")
    page.wait_for_function("() => location.search === ''")
    page.close()


def test_without_javascript_the_list_says_its_choices_are_not_applied(
    real_served: str, browser: Browser
) -> None:
    """A shared link with a sort and a filter, opened without JavaScript: the list says it
    is the whole register newest first and the choices are not applied, and links the
    views that need no script."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(real_served + "/agreements/?sort=oldest&province=nghe-an")
    notice = page.locator("#can_javascript")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "JavaScript" in text and "chưa được áp dụng" in text
    views = page.locator(".list-views a")
    assert views.count() > 5 and views.first.is_visible()
    search = context.new_page()
    search.goto(real_served + "/search/")
    hrefs = search.eval_on_selector_all(
        "noscript ~ * a, .notice a", "links => links.map(a => a.getAttribute('href'))"
    )
    context.close()
    assert "/data/" in hrefs and "/provinces/" in hrefs and "/status/" in hrefs
