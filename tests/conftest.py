"""Shared helpers: assemble content trees from fixtures and run the CLI in-process."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser, Page, sync_playwright

from generator.editing.cli import main
from scripts.screenshots import CHROMIUM, FLAGS, serve
from tests.fuzzing import REGRESSIONS, save_failures

# Hypothesis profiles for the fuzz suites (`tests/test_fuzz_*.py`), which set no example
# counts of their own: "ci", the default, runs a bounded number in `.ci/run` (about a
# minute in all); "long" is what `scripts/fuzz` runs, round after round with fresh seeds
# (600 examples a test, or FUZZ_EXAMPLES).
# Neither keeps Hypothesis's own database: failing examples are saved by name in
# tests/fuzz_regressions.json (`tests/fuzzing.py`) and replayed first by every run.
_FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("ci", _FUZZ, max_examples=40)
settings.register_profile("long", _FUZZ, max_examples=int(os.environ.get("FUZZ_EXAMPLES", 600)))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Save the failing examples of the fuzz suites, when `scripts/fuzz` asks."""
    if os.environ.get("FUZZ_SAVE") == "1":
        for key in save_failures():
            print(f"\nfuzz: saved a failing example of {key} in {REGRESSIONS.name}")


# The command speaks Vietnamese by default; the tests read its English, which every
# message also has (tests/test_messages_vi.py checks the Vietnamese). Subprocesses inherit
# the setting.
os.environ["AGREEMENTS_LANG"] = "en"


@pytest.fixture(scope="session", autouse=True)
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's cache folder (compiled templates, `generator/site/compiled.py`) is one of
    the session's temporary folders, never the real one (subprocesses inherit it)."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
BROKEN = FIXTURES / "broken"
REPO = Path(__file__).parent.parent
TODAY = dt.date(2024, 6, 1)


@dataclass
class Run:
    """What one command printed and returned."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        """Standard error split into lines."""
        return self.err.splitlines()


def run_cli(*argv: str, today: dt.date = TODAY) -> Run:
    """Run `agreements ARGV` in-process with a fixed clock."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), today=today, out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


def assemble(target: Path, *overlays: Path) -> Path:
    """Copy the minimal valid tree to `target/content`, then each overlay over it.

    An overlay may hold a `DELETE` file listing paths to remove; `expected.txt` and
    `DELETE` themselves are not copied.
    """
    content = target / "content"
    shutil.copytree(MINIMAL, content)
    for overlay in overlays:
        for path in sorted(overlay.rglob("*")):
            relative = path.relative_to(overlay)
            if path.is_dir() or relative.as_posix() in ("expected.txt", "DELETE"):
                continue
            destination = content / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
        deletions = overlay / "DELETE"
        if deletions.exists():
            for line in deletions.read_text(encoding="utf-8").split():
                (content / line).unlink()
    return content


@pytest.fixture
def content_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory: build a content tree from overlays and chdir next to it."""
    monkeypatch.chdir(tmp_path)

    def make(*overlays: Path) -> Path:
        return assemble(tmp_path, *overlays)

    return make


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs of the editors' tools never wait for a keyboard (even under -s)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


@pytest.fixture
def content(content_tree) -> Path:
    """The minimal valid tree in a temporary working directory (a module may define its own)."""
    return content_tree()


def write(path: Path, text: str) -> Path:
    """Write UTF-8 text, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


SHOWCASE = FIXTURES / "showcase"
HOSTILE = FIXTURES / "hostile"


@dataclass
class Site:
    """A built site folder, read the way a browser would read it."""

    root: Path
    prefix: str = "/"

    def html_files(self) -> list[str]:
        """Every HTML file, relative to the root, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def file_for(self, link: str) -> Path | None:
        """The file a root-relative link under the prefix serves, or None if it leaves it."""
        path = unquote(link.split("#", 1)[0].split("?", 1)[0])
        if not path.startswith(self.prefix):
            return None
        relative = path[len(self.prefix) :]
        target = self.root / relative
        return target / "index.html" if relative == "" or relative.endswith("/") else target

    def soup(self, relative: str) -> BeautifulSoup:
        """Parse one built file."""
        return BeautifulSoup((self.root / relative).read_text(encoding="utf-8"), "html.parser")

    def page(self, link: str) -> BeautifulSoup:
        """Parse the page a link points at."""
        target = self.file_for(link)
        assert target is not None and target.is_file(), f"{link} does not resolve"
        return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")


@dataclass
class Limited:
    """What a command run as a separate process, in bounded time and memory, did."""

    code: int | None
    """Its exit status; None when it was killed for running past its time."""
    out: str
    err: str
    peak: int
    """Its peak resident memory in KiB (the largest of it and the processes it waited for)."""


COMMAND_MEMORY = 2 * 1024**3
"""Address space a command run by `run_limited` may take: a runaway read fails there,
never on the machine running the tests."""


def run_limited(*argv: str, timeout: float, cwd: Path | None = None) -> Limited:
    """Run `agreements ARGV` (the installed command's code) in its own process, killed after
    `timeout` seconds, its address space capped at `COMMAND_MEMORY`, and measure its peak
    memory with `wait4`."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (COMMAND_MEMORY, COMMAND_MEMORY))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", *argv],
            stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, preexec_fn=cap,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code: int | None = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                process.kill()
                _, _, usage = os.wait4(process.pid, 0)
                code = None
                break
            time.sleep(0.05)
        process.returncode = -1  # reaped here: Popen must not wait for it again
        out.seek(0)
        err.seek(0)
        texts = [stream.read().decode("utf-8", "replace") for stream in (out, err)]
    return Limited(code, texts[0], texts[1], usage.ru_maxrss)


def build_site(content: Path, output: Path, *extra: str) -> Run:
    """Run `agreements build` on a content folder into `output`."""
    run = run_cli("build", "--content", str(content), "--output", str(output), *extra)
    assert run.code == 0, run.err
    return run


@pytest.fixture(scope="session")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The showcase register, built once per test session."""
    output = tmp_path_factory.mktemp("showcase") / "site"
    build_site(SHOWCASE, output)
    return Site(output)


def git(repo: Path, *args: str, day: str | None = None) -> str:
    """Run git in `repo` as an editor would, without the machine's settings; `day` dates the
    commit (10:00 in Vietnam)."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if day:
        env |= {
            "GIT_AUTHOR_DATE": f"{day}T10:00:00+07:00",
            "GIT_COMMITTER_DATE": f"{day}T10:00:00+07:00",
        }
    result = subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def commit(repo: Path, message: str, day: str) -> str:
    """Commit everything in `repo` on `day`; its hash."""
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "-m", message, day=day)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every command the history module runs from now on (git processes, counted)."""
    from generator.content import history

    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
        calls.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting_run)
    return calls


REAL_AS_OF = "2026-12-07"
"""The day the real register's pages are built as of in tests (its statuses are those of
that day)."""


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The real register (`content/`), built once per test session as of `REAL_AS_OF`."""
    output = tmp_path_factory.mktemp("real") / "site"
    build_site(REPO / "content", output, "--as-of", REAL_AS_OF)
    return Site(output)


@pytest.fixture(scope="session")
def real_served(real_site: Site) -> Iterator[str]:
    """The real register's site on a free loopback port."""
    with serve(real_site.root) as address:
        yield address


def spoiled_package(site: Site, target: Path, name: str, cell: bytes, spoiled: bytes) -> Path:
    """A copy of a built site's /data/ folder with the first `cell` (which must be there) of
    the file `name` replaced by `spoiled`; returns the copy's `datapackage.json`."""
    data = target / "data"
    data.mkdir()
    for path in (site.root / "data").iterdir():
        (data / path.name).write_bytes(path.read_bytes())
    raw = (data / name).read_bytes()
    assert cell in raw, cell
    (data / name).write_bytes(raw.replace(cell, spoiled, 1))
    return data / "datapackage.json"


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root`, by relative path."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian (playwright cannot download browsers here)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab that fails the test on any script error (a module may define its own)."""
    tab = browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    tab.close()
    assert not errors


def published(content: Path) -> dict[str, dict]:
    """Slug → front matter of every agreement a content folder publishes (drafts left out)."""
    found = {}
    for path in (content / "agreements").rglob("*.md"):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        if not data.get("draft"):
            found[path.stem] = data
    return found
