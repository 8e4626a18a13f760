"""`agreements new`: scaffold an agreement from flags or prompts, in a file `check` accepts."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator.content import scaffold
from generator.content.schema import AGREEMENT_FIELDS
from generator.core.dates import PartialDate, RecordDate
from generator.core.model import Agreement, AgreementKind, Party, PartyKind
from generator.editing.cli import UsageError, make_parser, run_new
from tests.conftest import REPO, TODAY, run_cli, tree_hashes, write

# Every optional field of the agreement table, so a new field cannot be left out.
OPTIONAL = tuple(spec.name for spec in AGREEMENT_FIELDS if not spec.required)

pytestmark = pytest.mark.usefixtures("no_terminal")


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _new(*flags: str) -> list[str]:
    return ["new", "--content", "content", *flags]


def _added(before: dict[str, str], content: Path) -> list[str]:
    return sorted(set(tree_hashes(content)) - set(before))


def _known() -> scaffold.Known:
    party = Party(
        id="ldld-da-nang",
        name="Liên đoàn Lao động thành phố Đà Nẵng",
        kind=PartyKind.LABOUR_FEDERATION,
    )
    old = Agreement(
        slug="quy-che-phoi-hop-da-nang-2023",
        title="Quy chế",
        kind=AgreementKind.REGULATION,
        parties=("ldld-da-nang", "x"),
        signed=PartialDate(2023),
        aliases=("ten-cu",),
    )
    return scaffold.known_from({party.id: party}, [old], ["tep-hong"])


def test_flags_write_a_file_that_check_accepts(content: Path) -> None:
    """Flags fill the required fields; the path and the next steps are printed; check passes."""
    title = 'Kế hoạch phối hợp "Tháng Công nhân": năm 2024 # đợt 1'
    result = run_cli(
        *_new("--title", title, "--kind", "plan", "--signed", "2024-05-20"),
        "--party",
        "ldld-nghe-an",
        "--party",
        "UBND tỉnh Nghệ An",
    )
    assert result.code == 0, result.err
    written = Path("content/agreements/2024/ldld-ubnd-nghe-an-ke-hoach-2024.md")
    assert f"wrote {written}" in result.out
    assert "run 'agreements check' and preview with 'agreements serve'" in result.out
    data = _front_matter(written)
    assert data["title"] == title
    assert data["kind"] == "plan"
    assert data["parties"] == ["ldld-nghe-an", "ubnd-nghe-an"]
    assert str(data["signed"]) == "2024-05-20"
    check = run_cli("check", "--content", "content")
    assert check.code == 0, check.err
    assert "2 agreements" in check.out


def test_optional_fields_are_commented_placeholders_with_a_vietnamese_note(content: Path) -> None:
    """Every optional field appears commented out, after a comment line, and is not read as data."""
    run = run_cli(
        *_new("--title", "Quy chế phối hợp", "--kind", "regulation", "--signed", "2022"),
        "--party",
        "ldld-nghe-an",
        "--party",
        "ubnd-nghe-an",
    )
    assert run.code == 0, run.err
    path = Path("content/agreements/2022/ldld-ubnd-nghe-an-quy-che-2022.md")
    lines = path.read_text(encoding="utf-8").splitlines()
    data = _front_matter(path)
    for field in OPTIONAL:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"# {field}:"))
        assert lines[index - 1].startswith("# ") and not lines[index - 1].isascii(), field
        assert field not in data
    assert "# updated: 2024-06-01" in lines
    assert "#     party: ldld-nghe-an" in lines
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body.strip()


def test_names_aliases_and_unaccented_spellings_are_written_as_ids(content: Path) -> None:
    """An alias, an unaccented short name and an NFD-encoded name resolve as check resolves them."""
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Nghệ An")
    run = run_cli(
        *_new("--title", "Thỏa thuận", "--kind", "thỏa thuận", "--signed", "2021-03"),
        "--party",
        "Công đoàn Nghệ An",
        "--party",
        nfd,
        "--slug",
        "thoa-thuan-nghe-an",
    )
    assert run.code == 0, run.err
    path = Path("content/agreements/2021/thoa-thuan-nghe-an.md")
    data = _front_matter(path)
    assert data["parties"] == ["ldld-nghe-an", "ubnd-nghe-an"]
    assert data["kind"] == "agreement"
    text = path.read_text(encoding="utf-8")
    assert "  - ldld-nghe-an  # Liên đoàn Lao động tỉnh Nghệ An\n" in text


def test_an_unknown_party_exits_1_with_the_nearest_names_and_writes_nothing(content: Path) -> None:
    """A misspelt party is reported with check's suggestion, and the tree is left as it was."""
    before = tree_hashes(content)
    run = run_cli(
        *_new("--title", "Chương trình", "--kind", "program", "--signed", "2022"),
        "--party",
        "LĐLĐ tỉnh Nghệ Ann",
        "--party",
        "ubnd-nghe-an",
    )
    assert run.code == 1
    assert "error: parties[0]: no party is called 'LĐLĐ tỉnh Nghệ Ann'" in run.err
    assert "nearest: ldld-nghe-an (Liên đoàn Lao động tỉnh Nghệ An)" in run.err
    assert "nothing written" in run.err
    assert tree_hashes(content) == before


def test_one_party_given_twice_is_refused(content: Path) -> None:
    """Two names for the same party are caught before a file check would reject it."""
    run = run_cli(
        *_new("--title", "Chương trình", "--kind", "program", "--signed", "2022"),
        "--party",
        "ldld-nghe-an",
        "--party",
        "Công đoàn Nghệ An",
    )
    assert run.code == 1
    assert "is the same party as 'ldld-nghe-an'" in run.err


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--signed", "20/5/2022"], "'20/5/2022' is not a date — YYYY-MM-DD, YYYY-MM or YYYY"),
        (["--signed", "2022-02-30"], "'2022-02-30' is not a real date"),
        (["--kind", "hiệp định"], "memorandum (biên bản ghi nhớ)"),
        (["--slug", "Quy_Che"], "'Quy_Che' is not a valid slug"),
    ],
)
def test_bad_values_are_usage_errors(content: Path, flags: list[str], expected: str) -> None:
    """A bad date, kind or slug exits 2, says what was expected, and writes nothing."""
    before = tree_hashes(content)
    defaults = {"--title": "Quy chế", "--kind": "regulation", "--signed": "2022"}
    defaults.update(dict(zip(flags[::2], flags[1::2], strict=True)))
    argv = [item for pair in defaults.items() for item in pair]
    run = run_cli(*_new(*argv, "--party", "ldld-nghe-an", "--party", "ubnd-nghe-an"))
    assert run.code == 2
    assert expected in run.err
    assert tree_hashes(content) == before


def test_missing_flags_without_a_terminal_are_a_usage_error(content: Path) -> None:
    """With no terminal to ask on, every missing flag is named and nothing is written."""
    run = run_cli(*_new("--title", "Quy chế", "--party", "ldld-nghe-an"))
    assert run.code == 2
    assert "missing --kind, --party (twice or more), --signed" in run.err
    assert not Path("content/agreements/2022").exists()


@pytest.mark.parametrize("slug", ["quy-che-nghe-an", "ten-cu", "tep-hong"])
def test_a_slug_in_use_is_never_overwritten(content: Path, slug: str) -> None:
    """An existing agreement's slug, another's alias, or an unreadable file's name are refused."""
    write(
        content / "agreements" / "2020" / "co-ten-cu.md",
        "---\ntitle: Cũ\nkind: other\nparties: [ldld-nghe-an, ubnd-nghe-an]\n"
        "signed: 2020\naliases: [ten-cu]\n---\nNội dung.\n",
    )
    write(content / "agreements" / "2019" / "tep-hong.md", "---\ntitle: [\n---\n")
    before = tree_hashes(content)
    run = run_cli(
        *_new("--title", "Quy chế", "--kind", "regulation", "--signed", "2023", "--slug", slug),
        "--party",
        "ldld-nghe-an",
        "--party",
        "ubnd-nghe-an",
    )
    assert run.code == 2
    assert f"slug '{slug}' is also used by another agreement" in run.err
    assert tree_hashes(content) == before


def test_the_proposed_slug_names_the_parties_the_kind_and_the_year() -> None:
    """Parties (a shared province once), kind and year; a slug in use gets a number; too
    many parties for the length keep the first two; never a cut title."""
    known = _known()
    signed = RecordDate.stated(PartialDate(2023))
    regulation, program = AgreementKind.REGULATION, AgreementKind.PROGRAM
    assert scaffold.propose_slug(regulation, ("ldld-nghe-an", "ubnd-nghe-an"), signed, known) == (
        "ldld-ubnd-nghe-an-quy-che-2023"
    )
    assert scaffold.propose_slug(program, ("bo-cong-an", "tong-ldld-viet-nam"), signed, known) == (
        "bo-cong-an-tong-ldld-viet-nam-chuong-trinh-2023"
    )
    taken = scaffold.known_from({}, [], ["ldld-ubnd-da-nang-quy-che-2023"])
    assert scaffold.propose_slug(regulation, ("ldld-da-nang", "ubnd-da-nang"), signed, taken) == (
        "ldld-ubnd-da-nang-quy-che-2023-2"
    )
    many = tuple(f"cong-doan-khu-cong-nghiep-so-{n}-tinh-dong-nai" for n in range(6))
    long = scaffold.propose_slug(program, many, signed, known)
    assert long.startswith("cong-doan-khu-cong-nghiep-so-0-")
    assert len(long) <= scaffold.SLUG_LENGTH and long.endswith("-chuong-trinh-2023")


def test_read_slug_refuses_aliases_and_unreadable_files() -> None:
    """The slugs in use include aliases and the names of files that failed to load."""
    known = _known()
    for slug in ("quy-che-phoi-hop-da-nang-2023", "ten-cu", "tep-hong"):
        with pytest.raises(scaffold.Rejected, match="also used by another agreement"):
            scaffold.read_slug(slug, known)
    assert scaffold.read_slug(" moi ", known) == "moi"


def _prompted(argv: list[str], answers: list[str]) -> tuple[int, str, str, list[str]]:
    """Run `new` in-process with scripted answers; returns code, output, errors and prompts."""
    args = make_parser().parse_args(_new(*argv))
    script = iter(answers)
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        try:
            return next(script)
        except StopIteration:
            raise EOFError from None

    out, err = io.StringIO(), io.StringIO()
    code = run_new(args, TODAY, out, err, ask=ask)
    return code, out.getvalue(), err.getvalue(), prompts


def test_prompts_reask_until_each_answer_is_valid(content: Path) -> None:
    """Bad kind, unknown party and bad date are explained and asked again; Enter takes the slug."""
    answers = [
        "Chương trình phối hợp Đoàn kết",
        "hiệp định",
        "chương trình phối hợp",
        "LĐLĐ Nghệ Ann",
        "ldld tinh nghe an",
        "ldld-nghe-an",
        "UBND Nghệ An",
        "UBND tỉnh Nghệ An",
        "",
        "20/5/2022",
        "2022-05-20",
        "",
    ]
    code, out, err, prompts = _prompted([], answers)
    assert code == 0, err
    assert prompts[:3] == ["Title (in full, with diacritics): ", "Kind: ", "Kind: "]
    assert "Kinds: program (chương trình phối hợp), regulation (quy chế phối hợp)" in out
    assert "nearest: ldld-nghe-an" in out
    assert "is the same party as 'ldld-nghe-an'" in out
    assert "  → ubnd-nghe-an (Ủy ban nhân dân tỉnh Nghệ An)" in out
    assert "Party 3 (Enter to finish): " in prompts
    assert "'20/5/2022' is not a date" in out
    assert prompts[-1] == "Slug (file name) [ldld-ubnd-nghe-an-chuong-trinh-2022]: "
    path = Path("content/agreements/2022/ldld-ubnd-nghe-an-chuong-trinh-2022.md")
    assert _front_matter(path)["parties"] == ["ldld-nghe-an", "ubnd-nghe-an"]
    assert run_cli("check", "--content", "content").code == 0


def test_prompts_ask_only_for_what_the_flags_lack(content: Path) -> None:
    """Valid flags are taken as they are; an invalid flag is reported and asked for again."""
    flags = ["--title", "Quy chế", "--kind", "regulation", "--signed", "2022-13"]
    flags += ["--party", "ldld-nghe-an", "--party", "ubnd-nghe-an", "--slug", "quy-che-nghe-an"]
    code, out, err, prompts = _prompted(flags, ["2022-12", "quy-che-moi"])
    assert code == 0, err
    assert [p.split(" ")[0] for p in prompts] == ["Signing", "Slug"]
    assert "'2022-13' is not a real date" in out
    assert "slug 'quy-che-nghe-an' is also used by another agreement" in out
    assert str(_front_matter(Path("content/agreements/2022/quy-che-moi.md"))["signed"]) == "2022-12"


def test_input_ending_early_writes_nothing(content: Path) -> None:
    """Closing standard input in the middle of the prompts is a usage error, not a half file."""
    before = tree_hashes(content)
    with pytest.raises(UsageError, match="nothing written"):
        _prompted([], ["Quy chế", "plan"])
    assert tree_hashes(content) == before


class _Terminal:
    """A child process on a pseudo-terminal, driven like a person at a keyboard."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.master, slave = os.openpty()
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"}
        self.process = subprocess.Popen(
            argv, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str, timeout: float = 30) -> None:
        """Read until `text` has been shown, failing after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never shown; screen so far:\n{self.seen}"
            if select.select([self.master], [], [], left)[0]:
                self.seen += self._read()

    def answer(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode("utf-8"))

    def _read(self) -> str:
        try:
            return os.read(self.master, 4096).decode("utf-8", errors="replace")
        except OSError:  # Linux reports EIO once the child has closed the terminal.
            return ""

    def finish(self, timeout: float = 30) -> int:
        code = self.process.wait(timeout=timeout)
        while select.select([self.master], [], [], 0.1)[0] and (chunk := self._read()):
            self.seen += chunk
        os.close(self.master)
        return code


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_real_prompts_run_in_a_pseudo_terminal(content: Path, tmp_path: Path) -> None:
    """`python -m generator new` on a terminal asks, re-asks a bad date, and writes the file."""
    terminal = _Terminal([sys.executable, "-m", "generator", *_new()], tmp_path)
    try:
        terminal.expect("Title (in full, with diacritics): ")
        terminal.answer("Quy chế phối hợp Đà Nẵng")
        terminal.expect("Kind: ")
        terminal.answer("quy chế")
        terminal.expect("Party 1: ")
        terminal.answer("Công đoàn Nghệ An")
        terminal.expect("Party 2: ")
        terminal.answer("ubnd tinh nghe an")
        terminal.expect("Party 3 (Enter to finish): ")
        terminal.answer("")
        terminal.expect("khoảng 2013, trước 2025-09-20")
        terminal.expect("Signing date: ")
        terminal.answer("2023-13-01")
        terminal.expect("is not a real date")
        terminal.answer("2023-06-01")
        terminal.expect("[ldld-ubnd-nghe-an-quy-che-2023]: ")
        terminal.answer("")
        code = terminal.finish()
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
            terminal.process.wait()
    assert code == 0, terminal.seen
    written = Path("content/agreements/2023/ldld-ubnd-nghe-an-quy-che-2023.md")
    assert f"wrote {written}" in terminal.seen
    data = _front_matter(tmp_path / written)
    assert data["kind"] == "regulation"
    assert data["parties"] == ["ldld-nghe-an", "ubnd-nghe-an"]
    assert run_cli("check", "--content", "content").code == 0


def test_the_scaffold_strings_name_exactly_the_optional_fields_of_the_table() -> None:
    """What a new file says about each optional field is keyed by the table's fields."""
    from generator.content.scaffold import words

    fields = words()["fields"]
    assert list(fields) == list(OPTIONAL)
    for name, said in fields.items():
        assert said["note"].strip() and not said["note"].isascii(), name
        assert said["example"].startswith(f"{name}:"), name
