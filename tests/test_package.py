"""`pip install .` gives a tool that works outside the checkout.

The wheel is built from a copy of the sources and installed into a fresh virtual
environment in a temporary folder; the tool then builds the seed content and starts
its preview server from yet another working directory. The dependencies are not
downloaded again: the fresh environment sees the test environment's packages through a
`.pth` line that comes after its own site-packages, so `generator` itself can only come
from the wheel.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

SOURCES = ("pyproject.toml", "README.md", "generator", "templates")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` folder of a fresh venv with the wheel of this checkout installed."""
    root = tmp_path_factory.mktemp("package")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(REPO / name, source / name)
    wheels = root / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True)
    (wheel,) = wheels.glob("*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    inner = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(inner, "outer-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    subprocess.run([str(python), *pip[1:], "install", "--no-deps", str(wheel)], check=True)
    return venv / "bin"


def test_the_package_comes_from_the_wheel_with_its_templates(installed: Path) -> None:
    """The installed `generator` is the wheel's, and the interface files ship inside it."""
    found = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "import generator.core.interface as i; print(i.__file__); print(i.TEMPLATES)",
        ],
        cwd=installed,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    venv = installed.parent.resolve()
    assert Path(found[0]).resolve().is_relative_to(venv)
    templates = Path(found[1])
    assert templates.is_relative_to(venv)
    for name in ("base.html", "static/style.css", "static/search.js", "strings/vi.yaml"):
        assert (templates / name).is_file(), name


def test_the_installed_tool_builds_the_seed_content_from_another_folder(
    installed: Path, tmp_path: Path
) -> None:
    """`agreements build` works from any working directory, with nothing from the checkout."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(installed / "agreements"), "build", "--content", str(REPO / "content")],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    site = elsewhere / "site"
    css = (site / "static" / "style.css").read_text(encoding="utf-8")
    own = (REPO / "templates" / "static" / "style.css").read_text(encoding="utf-8")
    assert own.rstrip("\n") in css
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="vi"' in index
    assert len(list((site / "agreements").glob("*/index.html"))) == len(
        list((REPO / "content" / "agreements").rglob("*.md"))
    )


def test_the_installed_preview_server_answers(installed: Path, tmp_path: Path) -> None:
    """`agreements serve` starts from the installed package and serves the home page."""
    with subprocess.Popen(
        [str(installed / "agreements"), "serve", "--content", str(REPO / "content"), "--port", "0"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        try:
            line = ""
            for line in process.stdout:
                if "serving" in line:
                    break
            match = re.search(r"at (http://127\.0\.0\.1:\d+/\S*)", line)
            assert match, line
            with urllib.request.urlopen(match[1], timeout=30) as response:
                assert response.status == 200
                assert b"<html" in response.read()
        finally:
            process.terminate()
            errors = process.stderr.read()
            process.wait(timeout=30)
    assert process.returncode == 0
    assert "Traceback" not in errors
