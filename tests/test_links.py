"""Symbolic links, pipes and unreadable files in the content folder.

The register is public: a link that leads out of the content folder (to a private file
on the editor's machine or the CI runner) must never put a byte of that file in the
site or in a message. Such entries are located errors naming the entry itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import TODAY, run_cli, write

SECRET = "BI-MAT-KHONG-DUOC-LO-7f3a"
"""A marker written only outside the content folder."""

AGREEMENT = """---
title: {title}
kind: regulation
parties:
  - UBND tỉnh Nghệ An
  - LĐLĐ tỉnh Nghệ An
signed: 2023-03-15
sources:
  - publisher: Báo thử nghiệm
---
{body}
"""


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A private folder beside the content folder, full of the secret."""
    folder = tmp_path / "private"
    write(folder / "note.md", AGREEMENT.format(title=SECRET, body=SECRET))
    write(folder / "site.yaml", f"title: {SECRET}\n")
    write(folder / "nested" / "more.md", AGREEMENT.format(title=SECRET, body=SECRET))
    (folder / "scan.pdf").write_bytes(SECRET.encode() * 10)
    return folder


def _every_byte_of(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _run_both_formats(*argv: str):
    text = run_cli(*argv)
    github = run_cli(*argv, "--format", "github")
    return text, github


LEAKS = {
    "agreement file": ("agreements/rieng.md", "note.md"),
    "page file": ("pages/rieng.md", "note.md"),
    "party file": ("parties/rieng.md", "note.md"),
    "agreements subfolder": ("agreements/thu-muc", "nested"),
    "attachment": ("files/ban-chup.pdf", "scan.pdf"),
    "whole section": ("pages", "nested"),
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_link_out_of_the_content_folder_is_refused_and_nothing_leaks(
    case: str, content_tree, outside: Path, tmp_path: Path
) -> None:
    """The link is reported where it stands; the build stops; no byte of the target shows."""
    content = content_tree()
    link, target = LEAKS[case]
    (content / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside / target, content / link)
    check, github = _run_both_formats("check", "--content", "content")
    assert check.code == 1 and github.code == 1
    assert check.err_lines[0].startswith(
        f"content/{link}:1: file: this symbolic link leads outside"
    )
    assert f"file=content/{link}" in github.out
    output = tmp_path / "site"
    build = run_cli("build", "--content", "content", "--output", str(output))
    assert build.code == 1
    assert not output.exists()
    for run in (check, github, build):
        assert SECRET not in run.out + run.err
        assert "Traceback" not in run.err


def test_site_yaml_linked_from_outside_is_refused(content_tree, outside: Path) -> None:
    """Even the settings file is read only when it really is in the content folder."""
    content = content_tree()
    (content / "site.yaml").unlink()
    os.symlink(outside / "site.yaml", content / "site.yaml")
    check, github = _run_both_formats("check", "--content", "content")
    assert check.code == 1
    assert check.err_lines[0].startswith("content/site.yaml:1: file: this symbolic link leads")
    assert SECRET not in check.err + github.out + github.err


def test_links_inside_the_content_folder_are_followed(content_tree, tmp_path: Path) -> None:
    """An editor may link one file or folder to another inside the content folder."""
    content = content_tree()
    write(content / "shared" / "chung.md", AGREEMENT.format(title="Chương trình chung", body="Có."))
    os.symlink("../shared/chung.md", content / "agreements" / "chung.md")
    output = tmp_path / "site"
    build = run_cli("build", "--content", "content", "--output", str(output))
    assert build.code == 0, build.err
    page = (output / "agreements" / "chung" / "index.html").read_text(encoding="utf-8")
    assert "Chương trình chung" in page


@pytest.mark.parametrize("kind", ["dangling", "self", "loop to a parent folder"])
def test_broken_and_looping_links_are_located_errors(kind: str, content_tree) -> None:
    """A link that leads nowhere, or back into its own folder, ends the walk there."""
    content = content_tree()
    where = content / "agreements" / ("vong" if kind != "dangling" else "gay.md")
    target = {"dangling": "khong-co.md", "self": where.name, "loop to a parent folder": ".."}
    os.symlink(target[kind], where)
    check = run_cli("check", "--content", "content")
    assert check.code == 1
    relative = where.relative_to(content.parent).as_posix()
    assert check.err_lines[0].startswith(f"{relative}:1: file: this symbolic link is broken")
    assert len(check.err_lines) == 2  # that one error and the summary


def test_a_named_pipe_is_refused_without_waiting_on_it(content_tree) -> None:
    """Reading a pipe would block the build forever; it is reported instead."""
    content = content_tree()
    os.mkfifo(content / "agreements" / "ong.md")
    check = run_cli("check", "--content", "content")
    assert check.code == 1
    assert check.err_lines[0] == (
        "content/agreements/ong.md:1: file: this is not a regular file (a pipe, a device or an "
        "unreadable folder) — a regular text file"
    )


def test_an_unreadable_file_is_a_located_error(content_tree, monkeypatch) -> None:
    """A permission problem names the file and the reason, with no traceback.

    Tests may run as root, which reads any file, so the refusal is simulated at `os.open`.
    """
    content = content_tree()
    locked = write(content / "agreements" / "khoa.md", AGREEMENT.format(title="Khóa", body="x"))
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if Path(path) == locked.resolve():
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    check = run_cli("check", "--content", "content", today=TODAY)
    assert check.code == 1
    assert check.err_lines[0] == (
        "content/agreements/khoa.md:1: file: the file cannot be read (Permission denied) — "
        "a file the build can read"
    )
