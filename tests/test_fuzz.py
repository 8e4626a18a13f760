"""Bad input never crashes: generated files of every shape give diagnostics, not tracebacks."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import load
from generator.schema import AGREEMENT_FIELDS
from tests.conftest import assemble

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
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_file(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = assemble(Path(folder))
        (content / "agreements" / "mo.md").write_bytes(raw)
        lines = raw.count(b"\n") + 2
        loaded = load(content, today=dt.date(2024, 1, 1))
        for diagnostic in loaded.diagnostics:
            assert diagnostic.message and diagnostic.expected
            assert diagnostic.line is None or 1 <= diagnostic.line <= lines


@FUZZ
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=10))
def test_any_front_matter_mapping_is_checked_without_crashing(front_matter: dict) -> None:
    """Every combination of known and unknown fields with values of any type."""
    text = "---\n" + yaml.safe_dump(front_matter, allow_unicode=True) + "---\nNội dung.\n"
    _check_file(text.encode())


@FUZZ
@given(st.text(max_size=300))
def test_any_text_after_a_fence_is_checked_without_crashing(text: str) -> None:
    """Arbitrary Unicode, including YAML syntax soup, between fences."""
    _check_file(("---\n" + text + "\n---\n").encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_are_checked_without_crashing(raw: bytes) -> None:
    """Arbitrary bytes, with and without an opening fence."""
    _check_file(raw)
    _check_file(b"---\n" + raw)
