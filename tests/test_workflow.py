"""The publishing workflow: actionlint finds nothing, and its shape is the one README promises."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINIMAL, REPO, run_cli, write

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
# What actions/configure-pages gives as `base_url`: the full address, no trailing slash.
PAGES_BASE_URL = "https://owner.github.io/register"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    # The test extra installs the binary next to this interpreter; CI does not activate the venv.
    scripts = sysconfig.get_path("scripts")
    binary = shutil.which("actionlint", path=scripts) or shutil.which("actionlint")
    assert binary, "actionlint is missing: pip install -e '.[test]'"
    # shellcheck and pyflakes only run when installed: switch them off so every machine agrees.
    command = [binary, "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", str(path)]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def _step(job: dict, name: str) -> dict:
    return next(step for step in job["steps"] if step.get("name") == name)


def _all_steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_actionlint_finds_nothing() -> None:
    """actionlint accepts the workflow: exit 0 and not a line of output."""
    result = _actionlint(WORKFLOW)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("mistake", "replacement", "reported"),
    [
        ("needs: build", "needs: biuld", 'needs job "biuld" which does not exist'),
        ("steps.pages.outputs.base_url }}/", "steps.page.outputs.base_url }}/", 'property "page"'),
        (
            "runs-on: ubuntu-latest",
            "runs-on: ubuntu-latest\n    run-on: x",
            'unexpected key "run-on"',
        ),
    ],
)
def test_actionlint_reports_a_planted_mistake(
    tmp_path: Path, mistake: str, replacement: str, reported: str
) -> None:
    """A copy of the workflow with one deliberate mistake fails the lint, which names it."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert mistake in text
    broken = write(tmp_path / "publish.yml", text.replace(mistake, replacement, 1))
    result = _actionlint(broken)
    assert result.returncode == 1
    assert reported in result.stdout


def test_it_runs_on_main_on_pull_requests_daily_and_by_hand() -> None:
    """Triggers: push to main, every pull request, a once-a-day schedule, manual dispatch."""
    triggers = _triggers(_workflow())
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers and "workflow_dispatch" in triggers
    [schedule] = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert minute.isdigit() and hour.isdigit() and rest == ["*", "*", "*"]


def test_only_the_deploy_job_may_write() -> None:
    """The workflow reads by default; pages and id-token writes belong to the deploy job alone."""
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read"}
    writers = {
        name
        for name, job in workflow["jobs"].items()
        if "write" in job.get("permissions", {}).values()
    }
    assert writers == {"deploy"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_deploy_follows_the_build_and_never_runs_for_a_pull_request() -> None:
    """The deploy job needs the build job, skips pull requests, and queues in the pages group."""
    deploy = _workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "github.event_name != 'pull_request'" in deploy["if"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_build_checks_first_with_github_annotations() -> None:
    """The build job checks out full history, checks with --format github, then builds."""
    build = _workflow()["jobs"]["build"]
    checkout = build["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
    runs = [step.get("run", "") for step in build["steps"]]
    check = runs.index("agreements check --format github")
    builds = [index for index, run in enumerate(runs) if run.startswith("agreements build")]
    assert len(builds) == 2 and check < min(builds)


def test_only_pushes_and_schedules_read_pages_and_upload() -> None:
    """configure-pages, the Pages build and the upload are skipped on pull requests."""
    build = _workflow()["jobs"]["build"]
    not_pr = "github.event_name != 'pull_request'"
    assert _step(build, "Read the GitHub Pages address")["if"] == not_pr
    assert _step(build, "Build the site for GitHub Pages")["if"] == not_pr
    upload = _step(build, "Upload the site")
    assert upload["if"] == not_pr and upload["with"]["path"] == "site/"
    assert _step(build, "Build the site (pull request, not published)")["if"] == (
        "github.event_name == 'pull_request'"
    )


def test_every_action_is_official_and_pinned_to_a_version() -> None:
    """Every `uses:` names one of GitHub's own actions at a version tag or a commit."""
    uses = [step["uses"] for step in _all_steps(_workflow()) if "uses" in step]
    assert all(PINNED.match(action) for action in uses), uses
    assert {action.split("@")[0] for action in uses} == {
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "actions/cache",
    }


def test_the_build_cache_is_restored_before_the_build_and_keyed_by_generator_and_content() -> None:
    """What the last run built is carried between runs by actions/cache (the build's
    cache, the site it reuses pages from, the compiled templates): restored before the
    check and the build, its key naming the generator's code and the content, its restore
    key the same generator's newest cache (never another generator's)."""
    steps = _workflow()["jobs"]["build"]["steps"]
    names = [step.get("uses", "").split("@")[0] or step.get("run", "") for step in steps]
    cache = steps[names.index("actions/cache")]
    assert cache["with"]["path"].split() == [".agreements-cache", "site", "~/.cache/agreements"]
    key = cache["with"]["key"]
    assert "generator/**" in key and "content/**" in key
    restore = cache["with"]["restore-keys"].strip().splitlines()
    assert restore == [key.rsplit("${{ hashFiles('content/**') }}", 1)[0]]
    first_build = min(i for i, name in enumerate(names) if name.startswith("agreements "))
    assert names.index("actions/cache") < first_build


def test_the_pages_build_command_gives_absolute_sitemap_urls(tmp_path: Path) -> None:
    """The workflow's build line, with base_url as configure-pages gives it, builds the site."""
    run = _step(_workflow()["jobs"]["build"], "Build the site for GitHub Pages")["run"]
    expression = "${{ steps.pages.outputs.base_url }}"
    assert expression in run
    argv = shlex.split(run.replace(expression, PAGES_BASE_URL))
    assert argv[:2] == ["agreements", "build"]
    output = tmp_path / "site"
    result = run_cli(*argv[1:], "--content", str(MINIMAL), "--output", str(output))
    assert result.code == 0, result.err
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PAGES_BASE_URL}/agreements/</loc>" in sitemap


def test_the_check_command_prints_annotations(tmp_path: Path) -> None:
    """The workflow's check line turns a content mistake into a GitHub error annotation."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    write(content / "agreements" / "bad.md", "---\ntitle: Thiếu trường\n---\n")
    run = _step(_workflow()["jobs"]["build"], "Check the content")["run"]
    argv = shlex.split(run)
    result = run_cli(*argv[1:], "--content", str(content))
    assert result.code == 1
    assert f"::error file={content.as_posix()}/agreements/bad.md,line=1,title=kind::" in result.out
