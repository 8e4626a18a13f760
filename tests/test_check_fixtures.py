"""Every SPEC error, one broken tree each, checked against hand-written output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BROKEN, FIXTURES, run_cli

CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())


def test_the_minimal_tree_is_valid(content_tree) -> None:
    """The base every broken case starts from passes with no problem at all."""
    content_tree()
    result = run_cli("check", "--content", "content")
    assert result.code == 0
    assert result.err == ""
    assert "no problems" in result.out


@pytest.mark.parametrize("case", CASES)
def test_broken_tree_prints_exactly_the_expected_lines(case: str, content_tree) -> None:
    """Each broken tree fails with exactly its expected diagnostics, in order."""
    content_tree(BROKEN / case)
    result = run_cli("check", "--content", "content")
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.err_lines == expected
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.out == ""


@pytest.mark.parametrize("case", CASES)
def test_github_format_annotates_every_problem(case: str, content_tree) -> None:
    """`--format github` prints one annotation per diagnostic, on standard output."""
    content_tree(BROKEN / case)
    result = run_cli("check", "--content", "content", "--format", "github")
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    annotations = result.out.splitlines()
    assert result.code == 1
    assert len(annotations) == len(expected) - 1  # the last expected line is the summary
    assert all(line.startswith(("::error file=", "::warning file=")) for line in annotations)


def test_warnings_pass_unless_strict(content_tree) -> None:
    """Warnings are printed but only fail the check under --strict."""
    content_tree(FIXTURES / "warnings")
    expected = (FIXTURES / "warnings" / "expected.txt").read_text(encoding="utf-8").splitlines()
    relaxed = run_cli("check", "--content", "content")
    assert relaxed.code == 0
    assert relaxed.err_lines == expected
    strict = run_cli("check", "--content", "content", "--strict")
    assert strict.code == 1
    assert strict.err_lines == expected


def test_one_broken_party_file_causes_no_follow_on_errors(content_tree) -> None:
    """An agreement naming a party whose file is unreadable is not also reported."""
    content = content_tree()
    (content / "parties" / "ldld-nghe-an.md").write_bytes(b"---\nname: \xff\n---\n")
    agreement = content / "agreements" / "quy-che-nghe-an.md"
    agreement.write_text(
        agreement.read_text(encoding="utf-8").replace("LĐLĐ tỉnh Nghệ An", "ldld-nghe-an"),
        encoding="utf-8",
    )
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert [line.split(": ")[0] for line in result.err_lines[:-1]] == [
        "content/parties/ldld-nghe-an.md:2"
    ]


def test_a_party_kind_of_any_shape_beside_members_is_a_located_error(content_tree) -> None:
    """`kind: []` on a party with `members` is a wrong type on its line (it raised
    "unhashable type: 'list'" out of `check`; found by the front-matter fuzzer)."""
    content = content_tree()
    party = "---\nname: Công ty thử nghiệm\nkind: []\nmembers: [ldld-nghe-an]\n---\n"
    (content / "parties" / "cong-ty.md").write_text(party, encoding="utf-8")
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert result.err_lines[0].startswith("content/parties/cong-ty.md:3: kind: ")


def test_paths_are_shown_as_the_user_named_the_folder(tmp_path: Path, monkeypatch) -> None:
    """Messages use the content folder as typed on the command line."""
    from tests.conftest import assemble

    assemble(tmp_path / "nested", BROKEN / "period-reversed")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--content", "nested/content")
    assert result.err_lines[0].startswith("nested/content/agreements/quy-che-nghe-an.md:8: ")


# Codes exercised by tests/test_sources.py and tests/test_links.py instead of a fixture
# tree: generated input, and links, pipes and permissions that a fixture folder cannot hold.
GENERATED = {
    "file-too-large",
    "yaml-character",
    "yaml-too-deep",
    "link-outside",
    "broken-link",
    "not-regular-file",
    "unreadable-file",
}


def test_every_message_in_the_catalogue_has_a_fixture(tmp_path: Path) -> None:
    """A new kind of problem cannot be added without a broken tree that shows it."""
    from generator.core.messages import CATALOGUE
    from generator.publish.build import load
    from tests.conftest import TODAY, assemble

    seen: set[str] = set()
    for case in [*CASES, "../warnings"]:
        content = assemble(tmp_path / case.replace("../", ""), BROKEN / case)
        seen.update(d.code for d in load(content, today=TODAY).diagnostics)
    assert set(CATALOGUE) - GENERATED - seen == set()
    assert seen <= set(CATALOGUE)
