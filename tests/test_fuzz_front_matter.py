"""Fuzzing front matter (issue 28): random YAML shapes in every field of an agreement and
a party, plausible values and wrong ones, Unicode of every category, huge and deeply
nested values, arbitrary text and bytes between the fences. `check` answers each with
located diagnostics, never a traceback; when it accepts a file, `build` builds it."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import event
from hypothesis import strategies as st

from generator.content.schema import AGREEMENT_FIELDS, PARTY_FIELDS
from generator.content.sources import MAX_DEPTH
from generator.core.model import AgreementKind, EventKind, Relation
from generator.publish.build import load
from tests.conftest import assemble, run_cli
from tests.fuzzing import fuzz, scaled

FIELD_NAMES = [field.name for field in AGREEMENT_FIELDS] + ["partys", "x"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10_000, 10_000),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["2022-02-30", "2022-05", "LĐLĐ tỉnh Nghệ An", "ldld-nghe-an", "../x"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["name", "slug", "rel", "date", "kind", "file", "q"]), inner
        )
    ),
    max_leaves=12,
)


def _check_file(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = assemble(Path(folder))
        (content / "agreements" / "mo.md").write_bytes(raw)
        lines = raw.count(b"\n") + 2
        loaded = load(content, today=dt.date(2024, 1, 1))
        for diagnostic in loaded.diagnostics:
            assert diagnostic.message and diagnostic.expected
            assert diagnostic.line is None or 1 <= diagnostic.line <= lines


@fuzz(front_matter=st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=10))
def test_any_front_matter_mapping_is_checked_without_crashing(front_matter: dict) -> None:
    """Every combination of known and unknown fields with values of any type."""
    text = "---\n" + yaml.safe_dump(front_matter, allow_unicode=True) + "---\nNội dung.\n"
    _check_file(text.encode())


@fuzz(text=st.text(max_size=300))
def test_any_text_after_a_fence_is_checked_without_crashing(text: str) -> None:
    """Arbitrary Unicode, including YAML syntax soup, between fences."""
    _check_file(("---\n" + text + "\n---\n").encode("utf-8", "surrogatepass"))


@fuzz(raw=st.binary(max_size=300))
def test_any_bytes_are_checked_without_crashing(raw: bytes) -> None:
    """Arbitrary bytes, with and without an opening fence."""
    _check_file(raw)
    _check_file(b"---\n" + raw)


# Plausible values for each field, so that many files pass `check` and go on to `build`;
# and wrong or extreme ones: any YAML shape, every Unicode category, huge, nested deep.
_TEXT = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cf"]), min_size=1),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.integers(100, 5000).map(lambda n: "chăm lo đời sống " * n),
    st.sampled_from(["LĐLĐ tỉnh Nghệ An", "<script>alert(1)</script>", "=1+1", "NO", "1:30"]),
)
_DATE = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
    st.integers(1900, 2100).map(str),
    st.builds("{}-{:02}".format, st.integers(1900, 2100), st.integers(0, 13)),
    st.sampled_from(["unknown", "chưa rõ", "XXXX-08-07", "20/5/2022", "khoảng 2013", "0000"]),
    st.builds(lambda year: {"approximately": year}, st.integers(1990, 2030)),
    st.builds(
        lambda day: {"before": day.isoformat(), "reason": "Ngày đăng bài."},
        st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    ),
)
_PARTY = st.sampled_from(
    ["ldld-nghe-an", "ubnd-nghe-an", "LĐLĐ tỉnh Nghệ An", "UBND tỉnh Nghệ An", "khong-co"]
)
_DEEP = st.builds(
    lambda depth, leaf: _nest(depth, leaf), st.integers(MAX_DEPTH - 2, 300), _TEXT | _DATE
)


def _nest(depth: int, leaf: object) -> object:
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"date": value}
    return value


def _entries(**fields: st.SearchStrategy) -> st.SearchStrategy:
    required = {k: v for k, v in fields.items() if not k.endswith("_")}
    optional = {k.rstrip("_"): v for k, v in fields.items() if k.endswith("_")}
    return st.lists(st.fixed_dictionaries(required, optional=optional), max_size=3)


PLAUSIBLE = {
    "title": _TEXT,
    "kind": st.sampled_from([k.value for k in AgreementKind] + ["chương trình"]),
    "number": _TEXT,
    "parties": st.lists(
        _PARTY | _TEXT | st.fixed_dictionaries({"party": _PARTY, "organ": _TEXT}),
        min_size=1,
        max_size=3,
    ),
    "signed": _DATE,
    "period": st.fixed_dictionaries(
        {}, optional={"start": _DATE, "end": _DATE | st.just("không thời hạn")}
    ),
    "summary": _TEXT,
    "place": _TEXT,
    "signatories": _entries(role=_TEXT, party=_PARTY, name_=_TEXT),
    "attendees": _entries(role=_TEXT, party_=_PARTY, name_=_TEXT),
    "topics": st.lists(_TEXT, max_size=4),
    "reviews": st.fixed_dictionaries(
        {}, optional={"every": st.sampled_from(["year", "hằng năm", "x"]), "final": st.booleans()}
    ),
    "events": _entries(
        date=_DATE, kind=st.sampled_from([k.value for k in EventKind]), title=_TEXT, summary_=_TEXT
    ),
    "related": _entries(
        rel=st.sampled_from([r.value for r in Relation]),
        title_=_TEXT,
        date_=_DATE,
        certainty_=st.sampled_from(["probable", "có thể", "x"]),
        reason_=_TEXT,
    ),
    "sources": _entries(
        publisher=_TEXT,
        title_=_TEXT,
        url_=st.just("https://e.org/a"),
        date_=_DATE,
        title_from_url_=st.booleans(),
    ),
    "aliases": st.lists(
        st.from_regex(r"[a-z0-9]{1,20}(-[a-z0-9]{1,8})?", fullmatch=True), max_size=2
    ),
    "updated": _DATE,
    "draft": st.booleans(),
}
_VALUE_OF = {name: strategy | VALUES | _DEEP for name, strategy in PLAUSIBLE.items()}
_BASE = {
    "title": "Quy chế phối hợp",
    "kind": "regulation",
    "parties": ["UBND tỉnh Nghệ An", "LĐLĐ tỉnh Nghệ An"],
    "signed": "2023-03-15",
    "sources": [{"publisher": "Báo thử nghiệm"}],
}


@st.composite
def agreements(draw: st.DrawFn) -> dict:
    """A valid agreement with one to three fields replaced by a drawn value."""
    names = draw(st.lists(st.sampled_from(sorted(PLAUSIBLE)), min_size=1, max_size=3, unique=True))
    return {**_BASE, **{name: draw(_VALUE_OF[name]) for name in names}}


PARTY_VALUES = {
    "name": _TEXT,
    "short": _TEXT,
    "aliases": st.lists(_TEXT, max_size=3),
    "kind": st.sampled_from(["enterprise", "labour-federation", "group", "x"]),
    "province": st.sampled_from(["Nghệ An", "Hà Nội", "toàn quốc", "Nghe An", "Atlantis"])
    | st.fixed_dictionaries(
        {"name": st.sampled_from(["Bình Dương", "Atlantis"])},
        optional={"inferred": st.booleans(), "reason": _TEXT},
    ),
    "parent": _PARTY,
    "members": st.lists(_PARTY, max_size=3),
    "member_count": st.integers(-1, 10) | st.just("unknown"),
    "members_kind": _TEXT,
    "founded": _DATE,
    "dissolved": _DATE,
    "succeeded_by": _PARTY,
    "website": st.sampled_from(["https://e.org", "javascript:x", "http://[::1", "e.org"]),
}
assert set(PARTY_VALUES) == {field.name for field in PARTY_FIELDS}


@st.composite
def parties(draw: st.DrawFn) -> dict:
    """A valid party with one or two fields replaced by a drawn value."""
    names = draw(st.lists(st.sampled_from(sorted(PARTY_VALUES)), max_size=2, unique=True))
    base = {"name": "Công ty thử nghiệm", "kind": "enterprise"}
    return {**base, **{name: draw(PARTY_VALUES[name] | VALUES | _DEEP) for name in names}}


def _write(root: Path, agreement: dict, party: dict) -> Path:
    content = assemble(root)
    for folder, data in (("agreements", agreement), ("parties", party)):
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (content / folder / "mo.md").write_text(f"---\n{text}---\nNội dung.\n", "utf-8")
    return content


@fuzz(agreement=agreements(), party=parties())
def test_each_field_of_any_shape_is_checked_on_its_line(agreement: dict, party: dict) -> None:
    """Plausible, wrong, huge and deep values in each field: `check` ends with located
    diagnostics (a line inside the file), and accepts what is valid."""
    with tempfile.TemporaryDirectory() as folder:
        content = _write(Path(folder), agreement, party)
        run = run_cli("check", "--content", str(content))
        assert run.code in (0, 1)
        event(f"check {run.code}")
        lines = {
            str(content / name / "mo.md"): (content / name / "mo.md").read_text("utf-8").count("\n")
            for name in ("agreements", "parties")
        }
        loaded = load(content, today=dt.date(2024, 6, 1))
    for diagnostic in loaded.diagnostics:
        assert diagnostic.message and diagnostic.expected
        if diagnostic.path in lines and diagnostic.line is not None:
            assert 1 <= diagnostic.line <= lines[diagnostic.path] + 1


@scaled(0.2)
@fuzz(agreement=agreements(), party=parties())
def test_front_matter_check_accepts_builds(agreement: dict, party: dict) -> None:
    """When `check` exits 0, `build` exits 0 too, whatever the fields held."""
    with tempfile.TemporaryDirectory() as folder:
        content = _write(Path(folder), agreement, party)
        checked = run_cli("check", "--content", str(content))
        built = run_cli("build", "--content", str(content), "--output", f"{folder}/site")
        event(f"check {checked.code}, build {built.code}")
        assert "Traceback" not in built.err
        assert built.code == checked.code, built.err
