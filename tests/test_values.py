"""Values that used to crash the build or pass while wrong: each is a located error now,
or is read the way the editor schemas and GitHub read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish.build import load
from tests.conftest import TODAY, run_cli, write

AGREEMENT = "content/agreements/quy-che-nghe-an.md"


def _set(content: Path, old: str, new: str, file: str = "agreements/quy-che-nghe-an.md") -> None:
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check_and_build(tmp_path: Path):
    check = run_cli("check", "--content", "content")
    build = run_cli("build", "--content", "content", "--output", str(tmp_path / "site"))
    for run in (check, build):
        assert "Traceback" not in run.err
    return check, build


@pytest.mark.parametrize(
    "url", ["http://[::1", "https://[::1]:99999/", "http://:80/", "https://exa mple.org/"]
)
def test_a_url_that_urllib_cannot_split_is_a_located_error(
    url: str, content_tree, tmp_path: Path
) -> None:
    """A bracketed host left open or a bad port is reported on its line, in check and build."""
    content = content_tree()
    _set(content, "  - publisher: Báo thử nghiệm", f'  - publisher: Báo\n    url: "{url}"')
    check, build = _check_and_build(tmp_path)
    assert check.code == build.code == 1
    assert check.err_lines[0].startswith(f"{AGREEMENT}:13: sources[0].url: '")
    assert "is not a web address" in check.err_lines[0]


def test_an_ipv6_address_is_a_web_address(content_tree, tmp_path: Path) -> None:
    """A well-formed bracketed host is accepted and published."""
    content = content_tree()
    _set(
        content,
        "  - publisher: Báo thử nghiệm",
        '  - publisher: Báo\n    url: "http://[::1]:8080/a"',
    )
    check, build = _check_and_build(tmp_path)
    assert build.code == 0, build.err
    page = (tmp_path / "site" / "agreements" / "quy-che-nghe-an" / "index.html").read_text()
    assert 'href="http://[::1]:8080/a"' in page


def test_a_topic_of_300_letters_builds_with_a_short_stable_address(
    content_tree, tmp_path: Path
) -> None:
    """A very long topic gets a page whose name is cut and made unique with a hash."""
    content = content_tree()
    topic = "chăm lo đời sống " * 18  # 306 characters
    _set(content, "signed: 2023-03-15", f"signed: 2023-03-15\ntopics:\n  - {topic.strip()}")
    check, build = _check_and_build(tmp_path)
    assert check.code == build.code == 0, build.err
    (folder,) = (tmp_path / "site" / "topics").glob("*/index.html")
    name = folder.parent.name
    assert len(name) <= 100 and name.startswith("cham-lo-doi-song-")
    again = tmp_path / "again"
    assert run_cli("build", "--content", "content", "--output", str(again)).code == 0
    assert [p.parent.name for p in (again / "topics").glob("*/index.html")] == [name]
    for path in (tmp_path / "site").rglob("*"):
        assert len(path.name.encode()) <= 255


def test_a_file_name_of_251_characters_is_a_located_error(content_tree, tmp_path: Path) -> None:
    """`<slug>.json` would exceed the file system's limit: check refuses the name first."""
    content = content_tree()
    original = content / "agreements" / "quy-che-nghe-an.md"
    long = content / "agreements" / ("a" * 251 + ".md")
    original.rename(long)
    check, build = _check_and_build(tmp_path)
    assert check.code == build.code == 1
    shown = f"content/agreements/{'a' * 251}.md:1: file: '{'a' * 79}…' is 251 characters long"
    assert check.err_lines[0].startswith(shown)
    assert check.err_lines[0].endswith(f"such as '{'a' * 100}.md'")
    assert not (tmp_path / "site").exists()


def test_a_number_of_4400_digits_is_text(content_tree, tmp_path: Path) -> None:
    """Python refuses to turn so many digits into an int; the title stays the text written."""
    content = content_tree()
    digits = "1" + "0" * 4400
    _set(content, "title: Quy chế phối hợp giữa UBND", f"title: {digits}\nsummary: Quy chế")
    check, build = _check_and_build(tmp_path)
    assert build.code == 0, build.err
    loaded = load(content, today=TODAY)
    assert loaded.register is not None
    (agreement,) = loaded.register.agreements.values()
    assert agreement.title == digits


@pytest.mark.parametrize(
    ("line", "value", "message"),
    [
        ("signed: 2023-03-15", 'signed: "0000"', "'0000' is not a real date (year 0 is not"),
        ("signed: 2023-03-15", "signed: 0000-05-20", "'0000-05-20' is not a real date (year 0"),
        ("signed: 2023-03-15", "signed: ２０２２-０５-２０", "'２０２２-０５-２０' is not a date"),
        ("signed: 2023-03-15", "signed: 2022-W05", "'2022-W05' is not a date"),
    ],
)
def test_dates_are_ascii_and_years_run_from_1_to_9999(
    line: str, value: str, message: str, content_tree, tmp_path: Path
) -> None:
    """Year 0, full-width digits and week dates are located errors, never a traceback."""
    content = content_tree()
    _set(content, line, value)
    check, build = _check_and_build(tmp_path)
    assert check.code == build.code == 1
    assert check.err_lines[0].startswith(f"{AGREEMENT}:7: signed: {message}")


def test_a_site_as_of_in_year_zero_is_a_located_error(content_tree, tmp_path: Path) -> None:
    content = content_tree()
    write(content / "site.yaml", "title: Sổ\nas_of: 0000-01-01\n")
    check, build = _check_and_build(tmp_path)
    assert check.code == build.code == 1
    assert check.err_lines[0].startswith(
        "content/site.yaml:2: as_of: '0000-01-01' is not a real date (year 0 is not"
    )


@pytest.mark.parametrize("value", ["2024W053", "２０２４-０１-０１", "0000-01-01", "2024-02-30"])
def test_as_of_on_the_command_line_is_a_plain_calendar_date(
    value: str, content_tree, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--as-of` takes YYYY-MM-DD only: no ISO week dates, no full-width digits."""
    content_tree()
    run = run_cli("check", "--content", "content", "--as-of", value)
    printed = capsys.readouterr().err  # argparse writes its usage errors itself
    assert run.code == 2
    assert "--as-of" in printed and "Traceback" not in printed


@pytest.mark.parametrize(
    ("written", "character"),
    [
        ('"Chương trình phối hợp\\vgiữa hai LĐLĐ"', "U+000B"),
        ('"Quy chế\\u0007 phối hợp"', "U+0007"),
        ('"Quy chế phối hợp\\u202E"', "U+202E"),
        ('"Quy chế \\x85phối hợp"', "U+0085"),
    ],
)
def test_escaped_control_and_format_characters_are_located_errors(
    written: str, character: str, content_tree, tmp_path: Path
) -> None:
    """YAML escapes let invisible characters in; they would break the feeds' XML."""
    content = content_tree()
    _set(
        content,
        "title: Quy chế phối hợp giữa UBND tỉnh Nghệ An và Liên đoàn Lao động tỉnh",
        f"title: {written}",
    )
    check, build = _check_and_build(tmp_path)
    assert check.code == build.code == 1
    assert check.err_lines[0] == (
        f"{AGREEMENT}:2: title: holds the invisible character {character} — plain text: "
        "delete the character (it often comes with text copied from a PDF or a web page); "
        "write a line break as a new line"
    )
    assert not (tmp_path / "site").exists()


def test_tabs_and_line_breaks_stay_allowed_in_text(content_tree, tmp_path: Path) -> None:
    """A folded summary and a tab are ordinary text."""
    content = content_tree()
    _set(
        content,
        "signed: 2023-03-15",
        'signed: 2023-03-15\nsummary: "Hai bên\\tphối hợp.\\nMột dòng nữa."',
    )
    check, build = _check_and_build(tmp_path)
    assert check.code == build.code == 0, check.err


def test_front_matter_is_read_as_yaml_1_2(content_tree, tmp_path: Path) -> None:
    """`1:30` is not sixty-based 90, `NO` and `on` are not booleans, as in the editor schemas."""
    content = content_tree()
    _set(content, "signed: 2023-03-15", "signed: 2023-03-15\nplace: 1:30")
    _set(content, "short: LĐLĐ tỉnh Nghệ An", "short: NO", file="parties/ldld-nghe-an.md")
    _set(content, "  - LĐLĐ tỉnh Nghệ An", "  - NO")
    _set(
        content, "  - Công đoàn Nghệ An", "  - on\n  - yes\n  - off", file="parties/ldld-nghe-an.md"
    )
    check, build = _check_and_build(tmp_path)
    assert check.code == 0, check.err
    loaded = load(content, today=TODAY)
    assert loaded.register is not None
    (agreement,) = loaded.register.agreements.values()
    assert agreement.place == "1:30"
    party = loaded.register.parties["ldld-nghe-an"]
    assert party.short == "NO"
    assert list(party.aliases) == ["on", "yes", "off"]


def test_a_language_that_is_a_path_is_refused_by_check_and_build(
    content_tree, tmp_path: Path
) -> None:
    """`language` names a strings file; a path in it never reaches the file system."""
    content = content_tree()
    evil = tmp_path / "evil.yaml"
    evil.write_text("dates: {}\n", encoding="utf-8")
    write(content / "site.yaml", f"title: Sổ\nlanguage: ../../../../{str(evil)[1:-5]}\n")
    check, build = _check_and_build(tmp_path)
    assert check.code == build.code == 1
    assert check.err_lines[0].startswith("content/site.yaml:2: language: '../../../../")
    assert check.err_lines[0].endswith("is not allowed — one of: en, vi")
    assert not (tmp_path / "site").exists()
