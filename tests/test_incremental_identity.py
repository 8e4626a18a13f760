"""Proof of identity: whatever sequence of edits an editor makes, a build that starts from
the previous site and its cache writes exactly what a build into an empty folder writes,
file for file (issue "Fast edits"). Every shortcut a build takes (the kept site, linked
unchanged files, kept search parts, kept conversions of bodies) is held to it.

A Hypothesis state machine edits a small register (add, change, delete and rename records
and parties; change a party's short name, which rows show on every list; add, change and
remove a free page, which every footer lists; change a template, a setting and an interface
string; move the as-of date across a term's end) and after each step builds incrementally
and cold and compares the two trees. The incremental build renders only the pages whose
inputs changed (`Built.rendered`) and links the others from the previous site."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from generator.core.interface import TEMPLATES
from generator.publish.build import build
from tests.conftest import FIXTURES, TODAY, tree_hashes

WORDS = ["phối hợp", "người lao động", "tuyên truyền", "chăm lo", "an toàn", "đoàn viên"]
PARTIES = ["ldld-nghe-an", "ubnd-nghe-an"]


def _agreement(title: str, signed: str, end: int, body: str, parties: list[str]) -> str:
    listed = "".join(f"  - {party}\n" for party in parties)
    return (
        f"---\ntitle: {title}\nkind: program\nparties:\n{listed}signed: {signed}\n"
        f"period:\n  start: {signed}\n  end: {end}-12-31\n"
        f"topics:\n  - {body.split()[0]} {body.split()[1]}\n"
        f"sources:\n  - publisher: Báo thử nghiệm\n---\n{body}\n"
    )


class Editing(RuleBasedStateMachine):
    """An editor's session: each rule is one commit, each step two builds compared."""

    def __init__(self) -> None:
        super().__init__()
        self.work = Path(tempfile.mkdtemp(prefix="identity-"))
        self.content = self.work / "content"
        self.templates = self.work / "templates"
        self.site = self.work / "site"
        self.as_of = TODAY
        self.count = 0

    @initialize()
    def start(self) -> None:
        shutil.copytree(FIXTURES / "minimal", self.content)
        shutil.copytree(TEMPLATES, self.templates)

    def _records(self) -> list[Path]:
        return sorted((self.content / "agreements").rglob("*.md"))

    @rule(
        words=st.lists(st.sampled_from(WORDS), min_size=2, max_size=6),
        year=st.integers(2015, 2025),
        length=st.integers(1, 6),
    )
    def add(self, words: list[str], year: int, length: int) -> None:
        self.count += 1
        slug = f"van-ban-{self.count}"
        body = " ".join(words) + "."
        title = f"Chương trình phối hợp số {self.count} về {words[0]}"
        path = self.content / "agreements" / str(year) / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_agreement(title, f"{year}-05-01", year + length, body, PARTIES), "utf-8")

    @precondition(lambda self: self._records())
    @rule(which=st.integers(0, 100), words=st.lists(st.sampled_from(WORDS), min_size=1))
    def change_body(self, which: int, words: list[str]) -> None:
        path = self._records()[which % len(self._records())]
        path.write_text(path.read_text("utf-8") + "\n" + " ".join(words) + ".\n", "utf-8")

    @precondition(lambda self: self._records())
    @rule(which=st.integers(0, 100), word=st.sampled_from(WORDS))
    def change_title(self, which: int, word: str) -> None:
        path = self._records()[which % len(self._records())]
        text = path.read_text("utf-8").replace("\ntitle: ", f"\ntitle: {word.capitalize()} – ", 1)
        path.write_text(text, "utf-8")

    @precondition(lambda self: len(self._records()) > 1)
    @rule(which=st.integers(0, 100))
    def delete(self, which: int) -> None:
        self._records()[which % len(self._records())].unlink()

    @precondition(lambda self: self._records())
    @rule(which=st.integers(0, 100))
    def rename(self, which: int) -> None:
        path = self._records()[which % len(self._records())]
        self.count += 1
        path.rename(path.with_name(f"doi-ten-{self.count}.md"))

    @rule(name=st.sampled_from(["Liên đoàn Lao động tỉnh Nghệ An", "LĐLĐ Nghệ An (mới)"]))
    def change_party(self, name: str) -> None:
        path = self.content / "parties" / "ldld-nghe-an.md"
        data = path.read_text("utf-8").split("---\n")
        front = yaml.safe_load(data[1])
        front["name"] = name
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n", "utf-8")

    @rule(short=st.sampled_from(["LĐLĐ tỉnh Nghệ An", "LĐLĐ Nghệ An"]))
    def change_short_name(self, short: str) -> None:
        """The short name every row of the party's agreements shows (on every list page),
        while no record that names the party changes."""
        path = self.content / "parties" / "ldld-nghe-an.md"
        data = path.read_text("utf-8").split("---\n")
        front = yaml.safe_load(data[1])
        front["short"] = short
        # The record names the party by its short name: the other one stays an alias.
        other = {"LĐLĐ tỉnh Nghệ An": "LĐLĐ Nghệ An", "LĐLĐ Nghệ An": "LĐLĐ tỉnh Nghệ An"}
        front["aliases"] = ["Công đoàn Nghệ An", other[short]]
        data[1] = yaml.safe_dump(front, allow_unicode=True)
        path.write_text("---\n".join(data), "utf-8")

    @rule(text=st.sampled_from(["", "Trang này do sổ đăng ký thử nghiệm giữ."]))
    def change_free_page(self, text: str) -> None:
        """A free page added, changed or removed: every page's footer lists them."""
        path = self.content / "pages" / "gioi-thieu.md"
        if not text:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\ntitle: Giới thiệu\n---\n{text}\n", "utf-8")

    @rule(mark=st.sampled_from(["", " data-row"]))
    def change_template(self, mark: str) -> None:
        """A template every list page draws (through a row) changed."""
        row = self.templates / "partials" / "_agreement_row.html"
        text = row.read_text("utf-8")
        text = text.replace("    <tr data-row>", "    <tr>", 1).replace(
            "    <tr>", f"    <tr{mark}>", 1
        )
        row.write_text(text, "utf-8")

    @rule(title=st.sampled_from(["Sổ đăng ký thử nghiệm", "Sổ đăng ký thử nghiệm (mới)"]))
    def change_setting(self, title: str) -> None:
        (self.content / "site.yaml").write_text(f"title: {title}\nbase_url: /\n", "utf-8")

    @rule(words=st.sampled_from(["Danh mục văn bản", "Danh mục các văn bản"]))
    def change_string(self, words: str) -> None:
        strings = self.templates / "strings" / "vi.yaml"
        text = strings.read_text("utf-8")
        for old in ("agreements: Danh mục văn bản\n", "agreements: Danh mục các văn bản\n"):
            text = text.replace(old, f"agreements: {words}\n", 1)
        strings.write_text(text, "utf-8")

    @rule(days=st.sampled_from([0, 200, 400, 3000]))
    def move_as_of(self, days: int) -> None:
        self.as_of = TODAY + dt.timedelta(days=days)

    @invariant()
    def incremental_equals_cold(self) -> None:
        if not (self.content / "site.yaml").exists():
            return  # before `start`
        options = {"today": self.as_of, "templates": self.templates}
        incremental = build(self.content, self.site, **options)
        cold_site = self.work / "cold" / "site"
        shutil.rmtree(cold_site.parent, ignore_errors=True)
        cold = build(self.content, cold_site, reuse=False, **options)
        assert incremental.written and cold.written, incremental.loaded.errors[:3]
        assert tree_hashes(self.site) == tree_hashes(cold_site)

    def teardown(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


Editing.TestCase.settings = settings(
    max_examples=4,
    stateful_step_count=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
test_an_incremental_build_equals_a_cold_build_after_any_edits = Editing.TestCase
