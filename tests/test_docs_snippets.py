"""Every ```python snippet of README.md and docs/*.md runs, against the emulator.

A page's snippets run in order in one namespace, as a reader would run them
(later snippets use names such as ``experience`` from earlier ones). Each page
gets a fresh emulator, served on loopback, and ``RBLX_OPEN_CLOUD_BASE_URL``
points at it, so snippets written for Roblox (``Experience(13058,
"your-api-key")``) run unchanged. They run in a temporary directory holding the
files they open (icons, a place file, a key file).

A snippet that is only an illustrative fragment is marked in the markdown with
``<!-- not-run: reason -->`` on the line before its fence; the reason is required.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import serve_asgi

from rblxopencloudasync.emulator import Emulator

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(?P<indent> *)```python\n(?P<code>.*?)^(?P=indent)```", re.M | re.S)
NOT_RUN = re.compile(r"^ *<!-- not-run: (?P<reason>.*?) -->$")
TAB = re.compile(r'^ *=== "(?P<tab>[^"]+)"$')
# A snippet that builds its own client or emulator is a complete example: it
# runs in a fresh namespace, so it must import what it uses.
STANDALONE = re.compile(r"\b(Experience|Emulator)\(")
# Files of a reader's project (``# rewards.py``) and test modules run with pytest.
FILE_NAME = re.compile(r"^# (?P<name>\w+\.py)\b")
TEST_FUNCTION = re.compile(r"^(async )?def test_", re.M)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
FILES = {
    "coins.png": PNG,
    "badge.png": PNG,
    "new-badge.png": PNG,
    "build/game.rbxl": b"<roblox!" + bytes(64),
    "logo.png": PNG,
    "models/chest.fbx": b"Kaydara FBX Binary  \x00" + bytes(64),
    "signing-key.pem": b"-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",
}


@dataclass
class Snippet:
    line: int
    code: str
    tab: str  # the content tab holding it ("Sync", "Async"), or "" outside tabs
    not_run: str | None  # the reason of a not-run mark right before it


def snippets(page: Path) -> list[Snippet]:
    """The python fences of ``page``, dedented, in order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].splitlines()
        indent = len(match.group("indent"))
        mark = NOT_RUN.match(before[-1]) if before else None
        tab = ""
        for previous in reversed(before):
            if previous.strip() and len(previous) - len(previous.lstrip()) < indent:
                header = TAB.match(previous)
                tab = header.group("tab") if header else ""
                break
        found.append(
            Snippet(
                line=len(before) + 1,
                code=textwrap.dedent(match.group("code")),
                tab=tab,
                not_run=mark.group("reason") if mark else None,
            )
        )
    return found


class Dispatcher:
    """An ASGI app forwarding to the current emulator, so each page gets a fresh one."""

    def __init__(self) -> None:
        self.emulator = Emulator()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.emulator.asgi_app()(scope, receive, send)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Dispatcher]]:
    dispatcher = Dispatcher()
    with serve_asgi(dispatcher) as url:
        yield url, dispatcher


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_snippets_run(
    page: Path,
    server: tuple[str, Dispatcher],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base_url, dispatcher = server
    dispatcher.emulator = Emulator()
    monkeypatch.setenv("RBLX_OPEN_CLOUD_BASE_URL", base_url)
    for name, content in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    namespaces: dict[str, dict[str, Any]] = {}  # one per track: a reader follows the sync or the async tab
    test_files: dict[str, Path] = {}  # the test module each track writes to
    try:
        for snippet in snippets(page):
            where = f"{page.name}:{snippet.line}"
            if snippet.not_run is not None:
                assert snippet.not_run.strip(), f"{where}: a not-run mark needs a reason"
                continue
            track = "async" if snippet.tab == "Async" else "sync"
            named = FILE_NAME.match(snippet.code)
            if named or TEST_FUNCTION.search(snippet.code):
                # A file of the reader's project: written out, and its tests run by pytest below.
                folder = tmp_path / "project" / track
                folder.mkdir(parents=True, exist_ok=True)
                if named:
                    path = folder / named.group("name")
                elif STANDALONE.search(snippet.code) or track not in test_files:
                    path = folder / f"test_snippet_{snippet.line}.py"
                else:
                    path = test_files[track]
                if path.name.startswith("test_"):
                    test_files[track] = path
                with path.open("a", encoding="utf-8") as file:
                    file.write(snippet.code + "\n")
                continue
            if STANDALONE.search(snippet.code) or track not in namespaces:
                close_clients(namespaces.pop(track, {}))
                namespaces[track] = {"__name__": "__snippet__"}
            run(snippet.code, where, namespaces[track])
    finally:
        for namespace in namespaces.values():
            close_clients(namespace)
    for track, path in test_files.items():
        run_tests(path.parent, f"{page.name} ({track})", monkeypatch)
    capsys.readouterr()


def run(code: str, where: str, namespace: dict[str, Any]) -> None:
    """Run one snippet; one with top-level ``await`` runs on a new event loop."""
    compiled = compile(code, where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    try:
        if compiled.co_flags & inspect.CO_COROUTINE:
            asyncio.run(eval(compiled, namespace))
        else:
            exec(compiled, namespace)
    except Exception as error:
        raise AssertionError(f"the snippet at {where} fails: {error!r}") from error


def run_tests(folder: Path, what: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the test modules of ``folder`` with pytest (and pytest-asyncio), talking to Roblox's URL."""
    monkeypatch.delenv("RBLX_OPEN_CLOUD_BASE_URL", raising=False)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "error",
            "-o",
            "asyncio_default_fixture_loop_scope=function",
            str(folder),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"the tests of {what} fail:\n{done.stdout}{done.stderr}"


def close_clients(namespace: dict[str, Any]) -> None:
    for value in namespace.values():
        module = type(value).__module__
        if module.startswith("rblxopencloudasync.") and hasattr(value, "aclose"):
            asyncio.run(value.aclose())
        elif module.startswith("rblxopencloud.") and hasattr(value, "close"):
            value.close()


def test_snippet_extraction(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nfirst()\n```\n\n"
        "<!-- not-run: needs a real place file -->\n```python\nskipped()\n```\n\n"
        '=== "Async"\n\n    ```python\n    await later()\n    ```\n\n```bash\nnot python\n```\n',
        encoding="utf-8",
    )
    assert [(s.line, s.code, s.tab, s.not_run) for s in snippets(page)] == [
        (1, "first()\n", "", None),
        (6, "skipped()\n", "", "needs a real place file"),
        (12, "await later()\n", "Async", None),
    ]


def test_not_run_marks_are_rare() -> None:
    marks = sum(snippet.not_run is not None for page in PAGES for snippet in snippets(page))
    total = sum(len(snippets(page)) for page in PAGES)
    assert total > 100 and marks <= 5, (marks, total)
