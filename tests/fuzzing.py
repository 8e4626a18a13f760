"""What the fuzz suites (`tests/test_fuzz_*.py`) share: how many examples a costly
property runs under the active Hypothesis profile, and the failing examples the fuzzer
found, saved in `tests/fuzz_regressions.json` and replayed first by every run.

`scripts/fuzz` runs the suites with the long profile and `FUZZ_SAVE=1`: every test that
fails then has its last failing call (after shrinking, the smallest) written to the file
when the session ends (`tests/conftest.py`), and from then on that example runs first,
whatever the profile, as a regression test (with `@example`, by the test's name: it
survives edits to the strategies and to the test's code).
"""

from __future__ import annotations

import base64
import functools
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import example, settings

REGRESSIONS = Path(__file__).parent / "fuzz_regressions.json"
"""Failing examples found by the fuzzer: test key → list of keyword arguments."""

failures: dict[str, dict[str, Any]] = {}
"""The last failing call of each test in this session, by key (saved on request)."""

_BYTES = "__fuzz_bytes__"


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


def regressions(test: Callable[..., None]) -> Callable[..., None]:
    """Replay the saved failing examples of `test` first, and remember its failing calls
    (apply below `@given`)."""
    key = f"{Path(inspect.getfile(test)).stem}::{test.__name__}"
    signature = inspect.signature(test)

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            test(*args, **kwargs)
        except BaseException:
            failures[key] = dict(signature.bind(*args, **kwargs).arguments)
            raise

    for saved in _saved().get(key, []):
        run = example(**_decode(saved))(run)
    return run


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
