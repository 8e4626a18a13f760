"""Fuzzing whole content trees (issue 28): what an attacker or a careless editor can put in
a content folder, links out of it included. `check` and `build` end in 0, 1 or 2, never
write outside their output folder and the cache, and publish nothing from outside the
content folder."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.provisional import urls

from generator.publish import cache
from tests.conftest import assemble, run_cli
from tests.fuzzing import fuzz, scaled

# A crash raises out of `main` and fails here.

SECRET = "OUTSIDE-SECRET-a91c"
"""Written only outside the content folder; no output file and no message may hold it."""


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


_HOSTS = st.one_of(
    st.from_regex(r"[a-z0-9.-]{0,20}", fullmatch=True),
    st.text(max_size=12).map(lambda text: f"[{text}"),
    st.text(max_size=12).map(lambda text: f"[{text}]"),
    st.sampled_from(["[::1", "[::1]:80", "[v1.x]", "example.org:99999", "example.org:x", "@", ""]),
)
URLS = st.one_of(
    st.builds(
        lambda scheme, host, path: f"{scheme}{host}{path}",
        st.sampled_from(["http://", "https://", "ftp://", "//", "", "javascript:"]),
        _HOSTS,
        st.text(max_size=20),
    ),
    st.text(max_size=40),
)
LONG = st.one_of(
    st.text(min_size=200, max_size=3000),
    st.integers(100, 400).map(lambda n: "chăm lo " * n),
    st.integers(250, 400).map(lambda n: "a" * n),
)
HUGE_INTEGER = st.integers(4300, 6000).map(lambda digits: "1" + "0" * digits)
TEXT_FIELDS = ["title", "summary", "place"]
_PIECE = st.one_of(
    st.text(max_size=30).map(_quoted),
    LONG.map(_quoted),
    st.text(max_size=30).map(json.dumps),
    HUGE_INTEGER,
    st.sampled_from(["0000", "２０２２-０５-２０", "2024W053", "1:30", "NO", "0000-01-01"]),
)
FILE_NAMES = st.one_of(
    st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True),
    st.integers(90, 260).map(lambda n: "a" * n),
    st.text(min_size=1, max_size=40).filter(lambda name: "/" not in name and name not in ".."),
)
LINKS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "agreements/lien-ket.md",
                "agreements/thu-muc",
                "pages/lien-ket.md",
                "parties/lien-ket.md",
                "files/lien-ket.pdf",
                "site.yaml",
                "pages",
            ]
        ),
        st.sampled_from(
            ["outside file", "outside folder", "dangling", "self", "parent", "inside file"]
        ),
    ),
    max_size=3,
)


_VALID_URLS = st.one_of(urls(), st.just("http://[::1]/"), st.just("https://[2001:db8::1]:8080/a"))
_VALID_TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=400
)


@st.composite
def content_trees(draw: st.DrawFn, valid: bool = False) -> dict:
    """One extra agreement, a party, a topic list and links, written out by `_write_tree`.

    `valid` draws values that pass `check` (long ones included), so the build goes on to
    write the site; otherwise anything goes.
    """
    text = _VALID_TEXT.map(_quoted) | HUGE_INTEGER if valid else _PIECE
    fields = {name: draw(text) for name in draw(st.lists(st.sampled_from(TEXT_FIELDS)))}
    return {
        "name": draw(st.from_regex(r"[a-z0-9]{1,40}", fullmatch=True) if valid else FILE_NAMES),
        "fields": fields,
        "url": draw(_VALID_URLS if valid else URLS),
        "website": draw(_VALID_URLS if valid else URLS),
        "topics": draw(st.lists(_VALID_TEXT if valid else st.text() | LONG, max_size=3)),
        "party name": draw(text),
        "links": draw(
            st.lists(st.just(("agreements/lien-ket.md", "inside file")), max_size=1)
            if valid
            else LINKS
        ),
    }


def _write_tree(root: Path, tree: dict) -> Path:
    content = assemble(root)
    outside = root / "private"
    (outside / "nested").mkdir(parents=True)
    for name in ("secret.md", "nested/secret.md", "site.yaml"):
        (outside / name).write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    lines = [f"{name}: {value}" for name, value in tree["fields"].items()]
    agreement = "\n".join(
        [
            "---",
            *(lines if "title" in tree["fields"] else ["title: Quy chế phối hợp", *lines]),
            "kind: regulation",
            "parties: [UBND tỉnh Nghệ An, LĐLĐ tỉnh Nghệ An]",
            "signed: 2023",
            f"topics: {json.dumps(tree['topics'], ensure_ascii=False)}",
            f"sources: [{{publisher: Báo, url: {json.dumps(tree['url'])}}}]",
            "---",
            "Nội dung.",
            "",
        ]
    )
    website = json.dumps(tree["website"])
    party = f"---\nname: {tree['party name']}\nkind: enterprise\nwebsite: {website}\n---\n"
    try:
        (content / "agreements" / f"{tree['name']}.md").write_text(agreement, encoding="utf-8")
        (content / "parties" / f"{tree['name']}.md").write_text(party, encoding="utf-8")
    except (OSError, ValueError):  # a name the file system refuses: the tree goes without it
        pass
    for where, kind in tree["links"]:
        link = content / where
        if os.path.lexists(link):
            if link.is_dir() and not link.is_symlink():
                shutil.rmtree(link)
            else:
                link.unlink()
        if any(parent.is_symlink() for parent in link.parents):
            continue  # under a link made earlier: the tree keeps that link
        link.parent.mkdir(parents=True, exist_ok=True)
        target = {
            "outside file": outside / ("site.yaml" if where == "site.yaml" else "secret.md"),
            "outside folder": outside / "nested",
            "dangling": root / "missing",
            "self": link,
            "parent": link.parent,
            "inside file": content / "agreements" / "quy-che-nghe-an.md",
        }[kind]
        os.symlink(target, link)
    return content


def _everything_under(root: Path, but: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_relative_to(but) or path.is_symlink() or not path.is_file():
            continue
        found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


@fuzz(tree=content_trees())
def test_any_content_tree_is_checked_without_crashing_or_leaking(tree: dict) -> None:
    """`check` (both formats) ends in 0, 1 or 2 and never prints a byte from outside."""
    with tempfile.TemporaryDirectory() as folder:
        content = _write_tree(Path(folder), tree)
        for extra in ([], ["--format", "github"]):
            run = run_cli("check", "--content", str(content), *extra)
            assert run.code in (0, 1, 2)
            assert "Traceback" not in run.err
            assert SECRET not in run.out + run.err


@scaled(0.4)
@fuzz(tree=content_trees(valid=True) | content_trees())
def test_any_content_tree_is_built_without_crashing_writing_elsewhere_or_leaking(
    tree: dict,
) -> None:
    """`build` ends in 0, 1 or 2, writes only its output folder (and, after a build that
    wrote it, its record and its conversions beside it), and publishes nothing from outside
    the content folder."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        content = _write_tree(root, tree)
        output = root / "site"
        record = root / cache.FOLDER
        before = _everything_under(root, output)
        run = run_cli("build", "--content", str(content), "--output", str(output))
        event(f"build exit {run.code}")
        assert run.code in (0, 1, 2)
        assert "Traceback" not in run.err
        assert SECRET not in run.out + run.err
        after = _everything_under(root, output)
        records = [name for name in after if name.startswith(f"{cache.FOLDER}/")]
        # The build's record, the conversions of its bodies and what its pages were made from.
        kinds = sorted(name.split("/")[1].split("-")[0] for name in records)
        assert kinds == (["build", "conversions", "pages"] if run.code == 0 else [])
        assert {name: data for name, data in after.items() if name not in records} == before
        assert all(SECRET.encode() not in after[name] for name in records)
        assert sorted(p.name for p in root.iterdir()) == sorted(
            ["content", "private", *(["site", record.name] if run.code == 0 else [])]
        )
        if run.code == 0:
            for path in output.rglob("*"):
                assert not path.is_symlink()
                if path.is_file():
                    assert SECRET.encode() not in path.read_bytes()
