"""The build's context apart from the register: one register, rendered in two contexts."""

from __future__ import annotations

import dataclasses
import inspect
import typing

import pytest

from generator.content.register import Register, build_register
from generator.core.context import Context
from generator.core.model import SiteConfig
from generator.core.urls import Urls, path_for
from generator.publish.build import load
from generator.site import datapackage, exports, feeds
from generator.site.pages import plan
from generator.site.render import Renderer
from tests.conftest import SHOWCASE, TODAY

ALPHA = ("Register Alpha", "https://alpha.example", "/reg/")
BETA = ("Register Beta", "https://beta.example", "/other/")
"""Two contexts' title, origin and base path, none of them in the showcase's content."""


@pytest.fixture(scope="module")
def loaded() -> tuple[Register, Context]:
    """The showcase register and the context its site.yaml gives."""
    result = load(SHOWCASE, today=TODAY)
    assert not result.errors
    assert result.register is not None and result.context is not None
    return result.register, result.context


def _context(context: Context, title: str, origin: str, prefix: str) -> Context:
    config = dataclasses.replace(context.config, title=title, base_url=origin + prefix)
    return dataclasses.replace(context, config=config, urls=Urls(config.base_url))


def _site(register: Register, context: Context) -> dict[str, str]:
    """Every planned page, the site's feed, the data package and the agreement records."""
    renderer = Renderer(register, context)
    files = {
        page.path: renderer.render(page.template, page.path, page.context.names())
        for page in plan(register, context)
    }
    feed = feeds.feed(register, context, path_for("feed"), "home", (), register.agreements, "")
    files[feed.path] = renderer.render("feed.xml", feed.path, {"feed": feed})
    files["datapackage.json"] = exports.to_json(
        datapackage.datapackage(register, context, renderer.strings)
    )
    for agreement in register.agreements.values():
        record = exports.agreement_record(register, context, agreement)
        files[path_for("agreement_data", agreement.slug)] = exports.to_json(record)
    return files


def _as_beta(text: str) -> str:
    """A file of the Alpha site with every value Alpha's context gave replaced by Beta's."""
    for alpha, beta in zip(ALPHA, BETA, strict=True):
        text = text.replace(alpha, beta)
    # /follow/'s calendar subscription link gives the origin's host under webcal://.
    return text.replace("webcal://alpha.example/", "webcal://beta.example/")


def test_one_register_in_two_contexts_differs_only_in_what_the_contexts_say(
    loaded: tuple[Register, Context],
) -> None:
    """Rendering the same register with another title and base URL changes those and nothing
    else: no page reads a setting from anywhere but the context it is given."""
    register, context = loaded
    alpha = _site(register, _context(context, *ALPHA))
    beta = _site(register, _context(context, *BETA))
    assert alpha.keys() == beta.keys()
    home = path_for("home")
    assert ALPHA[0] in alpha[home] and BETA[0] in beta[home]
    assert 'href="/other/agreements/"' in beta[home]
    assert "https://beta.example/other/" in beta["datapackage.json"]
    different = [path for path in alpha if _as_beta(alpha[path]) != beta[path]]
    assert different == []


def _types(hint: object) -> set[object]:
    """A type hint and every type it is made of (`Mapping[str, X]` → Mapping, str, X)."""
    return {hint, typing.get_origin(hint)}.union(*map(_types, typing.get_args(hint)))


def test_the_register_holds_no_settings() -> None:
    """`Register` has no `config` field, none of its fields holds settings or addresses, and
    `build_register` takes none."""
    assert "config" not in {field.name for field in dataclasses.fields(Register)}
    hints = typing.get_type_hints(Register)
    assert [
        name for name, hint in hints.items() if _types(hint) & {SiteConfig, Context, Urls}
    ] == []
    assert "config" not in inspect.signature(build_register).parameters


def test_a_context_as_of_another_date_than_the_register_is_refused(
    loaded: tuple[Register, Context],
) -> None:
    """Pages would show one as-of date beside statuses computed as of another."""
    register, context = loaded
    later = dataclasses.replace(context, as_of=register.as_of.replace(year=register.as_of.year + 1))
    with pytest.raises(ValueError, match="as of"):
        Renderer(register, later)
