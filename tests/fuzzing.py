"""What the fuzz suites (`tests/test_fuzz_*.py`) share: how many examples a costly
property runs under the active Hypothesis profile, and the failing examples the fuzzer
found, saved in `tests/fuzz_regressions.json` and replayed first by every run.

`scripts/fuzz` runs the suites with the long profile and `FUZZ_SAVE=1`: every test that
fails then has its last failing call (after shrinking, the smallest) written to the file
when the session ends (`tests/conftest.py`), and from then on that example runs first,
whatever the profile, as a regression test (with `@example`, by the test's name: it
survives edits to the strategies and to the test's code). A fuzz test is decorated with
`@fuzz(name=strategy, ...)` instead of `@given`.
"""

from __future__ import annotations

import base64
import functools
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import example, given, settings
from hypothesis.strategies import SearchStrategy

REGRESSIONS = Path(__file__).parent / "fuzz_regressions.json"
"""Failing examples found by the fuzzer: test key → list of keyword arguments."""

failures: dict[str, dict[str, Any]] = {}
"""The last failing call of each test in this session, by key (saved on request)."""

_BYTES = "__fuzz_bytes__"
TestFunction = TypeVar("TestFunction", bound=Callable[..., None])


def scaled(share: float) -> settings:
    """Settings for a property costlier than most (a whole build per example): `share`
    of the active profile's examples, at least one."""
    return settings(max_examples=max(1, round(settings.default.max_examples * share)))


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {_BYTES: base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_BYTES}:
            return base64.b64decode(value[_BYTES])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def _saved() -> dict[str, list[dict[str, Any]]]:
    if not REGRESSIONS.exists():
        return {}
    return json.loads(REGRESSIONS.read_text(encoding="utf-8"))


def fuzz(**strategies: SearchStrategy[Any]) -> Callable[[TestFunction], TestFunction]:
    """`@given(**strategies)` that first replays the test's saved failing examples, and
    remembers its failing calls (their drawn arguments only, not pytest's fixtures)."""

    def decorate(test: TestFunction) -> TestFunction:
        key = f"{Path(inspect.getfile(test)).stem}::{test.__name__}"

        @functools.wraps(test)
        def run(**arguments: Any) -> None:
            try:
                test(**arguments)
            except BaseException:
                failures[key] = {name: arguments[name] for name in strategies}
                raise

        for saved in _saved().get(key, []):
            run = example(**_decode(saved))(run)
        return given(**strategies)(run)

    return decorate


def save_failures() -> list[str]:
    """Add this session's failing examples to `REGRESSIONS`; the keys of the tests saved."""
    if not failures:
        return []
    saved = _saved()
    for key, arguments in sorted(failures.items()):
        try:
            encoded = json.loads(json.dumps(_encode(arguments)))
        except (TypeError, ValueError):
            continue  # not JSON: Hypothesis's report of the run still shows it
        if encoded not in saved.setdefault(key, []):
            saved[key].append(encoded)
    text = json.dumps(saved, indent=1, sort_keys=True)  # ASCII: lone surrogates survive
    REGRESSIONS.write_text(text + "\n", encoding="utf-8")
    return sorted(failures)
