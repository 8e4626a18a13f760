"""The Jinja environment: dates by precision, safe external links, edit links, strictness."""

from __future__ import annotations

import jinja2
import pytest

from generator.core.dates import PartialDate
from generator.core.model import Agreement, AgreementKind, Origin, Period, SiteConfig
from generator.publish.build import load
from generator.site.render import Renderer, edit_url, external_href
from tests.conftest import SHOWCASE, TODAY


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    """A renderer over the showcase register."""
    loaded = load(SHOWCASE, today=TODAY)
    assert loaded.register is not None and loaded.context is not None
    return Renderer(loaded.register, loaded.context)


def test_dates_are_shown_as_precisely_as_written(renderer: Renderer) -> None:
    """A day, a month or only a year, in the Vietnamese forms."""
    assert renderer.date(PartialDate(2022, 5, 20)) == "20/5/2022"
    assert renderer.date(PartialDate(2022, 5)) == "tháng 5/2022"
    assert renderer.date(PartialDate(2022)) == "năm 2022"
    open_end = Period(start=PartialDate(2022, 1))
    assert renderer.period(open_end) == "tháng 1/2022 – không rõ ngày kết thúc"


def test_undefined_values_fail_the_render(renderer: Renderer) -> None:
    """StrictUndefined: a misspelt value raises instead of rendering as nothing."""
    template = renderer.env.from_string("{{ t.nav.no_such_string }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render()


def test_values_are_escaped(renderer: Renderer) -> None:
    """Autoescape is on for HTML templates: markup in a value is shown, not run."""
    html = renderer.env.get_template("pages/page.html").render(
        page=type("P", (), {"title": "<b>x</b>", "summary": None, "body": ""})(),
        path="x/",
        section="x",
        canonical="/x/",
    )
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_external_links_are_made_valid() -> None:
    """Quotes, brackets and spaces in an editor's URL are percent-encoded; the rest stays."""
    assert external_href('https://x.org/a"b<c> d?q=1&r=2#f') == (
        "https://x.org/a%22b%3Cc%3E%20d?q=1&r=2#f"
    )


def test_edit_link_points_at_the_file_on_its_branch() -> None:
    """The edit link is the repository's web editor for the record's file, if set."""
    agreement = Agreement(
        slug="a",
        title="A",
        kind=AgreementKind.PROGRAM,
        parties=("x", "y"),
        signed=PartialDate(2022),
        origin=Origin("content/agreements/2022/a.md", "agreements/2022/a.md"),
    )
    config = SiteConfig(title="T", repository_url="https://github.com/o/r/")
    assert edit_url(config, agreement) == (
        "https://github.com/o/r/edit/main/content/agreements/2022/a.md"
    )
    assert edit_url(SiteConfig(title="T"), agreement) is None
