"""Markdown forms that GitHub and the site still render differently, found in a body.

Editors preview their files on GitHub; the site renders bodies with Python-Markdown,
made to read most forms as GitHub does (`markup.py`). The forms below still differ
(`tests/test_markdown_parity.py` lists them): `check` names each on its line, with what
to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.messages import Phrase, phrase


@dataclass(frozen=True)
class Form:
    """A form that renders differently, and what to write instead."""

    pattern: re.Pattern[str]
    instead: Phrase


FORMS: tuple[Form, ...] = (
    Form(
        re.compile(r"^\s*(?:[-*+]|\d+[.)]) \[[ xX]\](?= )"),
        phrase(
            "a plain list item, saying in words whether it is done",
            "một mục danh sách thường, nói bằng lời việc đã xong hay chưa",
        ),
    ),
    Form(
        re.compile(r"^\s*> ?\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE),
        phrase(
            "a plain quote starting with a bold word, such as '> **Lưu ý:** …'",
            "một trích dẫn thường bắt đầu bằng chữ đậm, ví dụ '> **Lưu ý:** …'",
        ),
    ),
    Form(
        re.compile(r"(?<![~\w])~(?=\S)[^~\n]*?(?<=\S)~(?![~\w])"),
        phrase("'~~…~~' with two tildes each side", "'~~…~~', hai dấu ngã mỗi bên"),
    ),
    Form(
        re.compile(r"^\*\[[^\]]+\]:"),
        phrase(
            "the full form written out where the short one first appears",
            "viết đầy đủ ở lần đầu tên viết tắt xuất hiện",
        ),
    ),
    Form(
        re.compile(r"^: {1,3}\S"),
        phrase(
            "a list item '- **term:** explanation'",
            "một mục danh sách '- **thuật ngữ:** giải thích'",
        ),
    ),
)
"""Task-list boxes, GitHub alerts, one-tilde strikethrough, abbreviation lines and
definition lists: shown by one renderer and not the other."""


def different_forms(body: str) -> Iterator[tuple[int, str, Phrase]]:
    """(line within the body from 0, the form as written, what to write instead) for each
    form GitHub and the site render differently, outside code blocks and code spans."""
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            continue
        if "[" not in line and "~" not in line and not line.startswith(":"):
            continue  # every form needs one of these
        text = re.sub(r"`[^`]*`", lambda code: " " * len(code[0]), line)
        for form in FORMS:
            if found := form.pattern.search(text):
                yield offset, found[0].strip(), form.instead
                break
