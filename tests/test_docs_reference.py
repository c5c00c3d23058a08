"""The API reference (docs/reference/*.md) documents the public names, each exactly once.

The reference is made of mkdocstrings directives (``::: identifier`` with an
optional indented ``options:`` block). These tests read those directives and
compare them with the package itself, never with a hand-kept list:

- every identifier is a public path through the top-level package
  (``rblxopencloud.Name``, ``rblxopencloud.Experience.method``,
  ``rblxopencloud.emulator.Name``), never a private module or a mixin, so the
  pages survive any reorganisation of the private modules;
- every name of ``rblxopencloud.__all__`` and of ``rblxopencloud.emulator.__all__``,
  and every public method of ``rblxopencloud.Experience`` and
  ``rblxopencloud.Place``, is documented by exactly one directive, and that
  directive is on a reference page (a guide repeating one would document it twice);
- griffe, which mkdocstrings uses, resolves every identifier (it finds the
  lazily imported names through the ``TYPE_CHECKING`` imports of ``__init__.py``).
"""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import rblxopencloud
import rblxopencloud.emulator

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"
PACKAGE = "rblxopencloud"
# classes whose methods are documented one by one, on the page of their API area
SPLIT_CLASSES = {"Experience": rblxopencloud.Experience, "Place": rblxopencloud.Place}

DIRECTIVE = re.compile(r"^::: *(?P<identifier>\S+) *$")
FENCE = re.compile(r"^ *(```|~~~)")
HEADING = re.compile(r"^#{1,6} ")
# a dotted path with a private segment (``rblxopencloud._shared.x``, ``Experience._client``);
# a dunder name such as ``__version__`` is public
PRIVATE_SEGMENT = re.compile(r"\w\.(?!__\w+__\b)_\w")


@dataclass
class Directive:
    page: Path
    line: int
    identifier: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def parse_directives(page: Path) -> list[Directive]:
    """The ``:::`` directives of a page, with their ``options:`` (outside code fences)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    directives: list[Directive] = []
    in_fence = False
    for number, line in enumerate(lines, 1):
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else DIRECTIVE.match(line)
        if match is None:
            continue
        # the YAML block: the indented lines right after it (blank lines inside allowed)
        block: list[str] = []
        for following in lines[number:]:
            if following.strip() and not following.startswith("    "):
                break
            block.append(following)
        config = yaml.safe_load("\n".join(block)) or {}
        directives.append(Directive(page, number, match["identifier"], config.get("options") or {}))
    return directives


def reference_pages() -> list[Path]:
    return sorted(REFERENCE.rglob("*.md"))


def all_directives() -> list[Directive]:
    return [d for page in sorted(DOCS.rglob("*.md")) for d in parse_directives(page)]


def public_methods(cls: type) -> set[str]:
    """The public methods (and properties) of a class, inherited ones included."""
    names = set()
    for name in dir(cls):
        if name.startswith("_"):
            continue
        value = inspect.getattr_static(cls, name)
        if isinstance(value, (staticmethod, classmethod, property)) or inspect.isfunction(value):
            names.add(name)
    return names


def expected_names() -> set[str]:
    """Everything the reference must document, as paths relative to ``rblxopencloud``."""
    names = set(rblxopencloud.__all__)
    names |= {f"emulator.{name}" for name in rblxopencloud.emulator.__all__}
    for class_name, cls in SPLIT_CLASSES.items():
        names |= {f"{class_name}.{method}" for method in public_methods(cls)}
    return names


def covered_names(directive: Directive) -> set[str]:
    """The expected names a directive documents (its object and, for a split class, its members)."""
    relative = directive.identifier.removeprefix(PACKAGE + ".")
    covered = {relative}
    cls = SPLIT_CLASSES.get(relative)
    if cls is not None:
        members = directive.options.get("members", True)
        if members is True or members is None:
            covered |= {f"{relative}.{m}" for m in public_methods(cls)}
        elif members:
            covered |= {f"{relative}.{m}" for m in members}
    return covered


def resolve(identifier: str) -> Any:
    """The object an identifier names, found the way a user reaches it (attribute access)."""
    parts = identifier.split(".")
    assert parts[0] == PACKAGE
    obj: Any = rblxopencloud  # rblxopencloud.emulator is an attribute once imported (above)
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


# -- (a) public paths only -----------------------------------------------------


def test_reference_pages_exist() -> None:
    assert reference_pages()
    assert all(parse_directives(page) for page in reference_pages() if page.name != "index.md")


@pytest.mark.parametrize("page", reference_pages(), ids=lambda p: p.name)
def test_reference_page_names_no_private_path(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    problems = []
    for directive in parse_directives(page):
        identifier = directive.identifier
        if PRIVATE_SEGMENT.search(identifier) or "Mixin" in identifier:
            problems.append(f"{directive.where}: private identifier {identifier}")
        if not (identifier == PACKAGE or identifier.startswith(PACKAGE + ".")):
            problems.append(f"{directive.where}: {identifier} is not documented from {PACKAGE}")
        members = directive.options.get("members")
        if isinstance(members, list):
            private = [m for m in members if m.startswith("_") or "Mixin" in m]
            if private:
                problems.append(f"{directive.where}: private members {private}")
        # with "members: false", mkdocstrings renders every inherited member, private ones included
        if (members is False or members == []) and directive.options.get(
            "inherited_members", True
        ) is not False:
            problems.append(f"{directive.where}: 'members: false' needs 'inherited_members: false'")
    for number, line in enumerate(text.splitlines(), 1):
        if HEADING.match(line) and (PRIVATE_SEGMENT.search(line) or "Mixin" in line):
            problems.append(f"{page.name}:{number}: heading names a private path: {line}")
    for match in re.finditer(r"\brblxopencloud(?:async)?(?:\.\w+)+", text):
        if PRIVATE_SEGMENT.search(match[0]):
            problems.append(f"{page.name}: mentions the private path {match[0]}")
    if "Mixin" in text:
        problems.append(f"{page.name}: mentions a mixin")
    assert not problems, "\n".join(problems)


def test_identifiers_are_public_paths_of_the_package() -> None:
    """Only ``rblxopencloud.<name in __all__>``, ``rblxopencloud.Experience.m`` / ``Place.m``
    and ``rblxopencloud.emulator.<name in its __all__>``; never a module path such as
    ``rblxopencloud.messaging.X``, which a reorganisation may move."""
    allowed = expected_names()
    wrong = [
        f"{d.where}: {d.identifier}"
        for d in all_directives()
        if d.identifier.removeprefix(PACKAGE + ".") not in allowed
    ]
    assert not wrong, "not a public name of the package:\n" + "\n".join(wrong)


@pytest.mark.parametrize("directive", all_directives(), ids=lambda d: d.identifier)
def test_identifier_resolves_at_runtime(directive: Directive) -> None:
    resolve(directive.identifier)
    cls = SPLIT_CLASSES.get(directive.identifier.removeprefix(PACKAGE + "."))
    members = directive.options.get("members")
    if cls is not None and isinstance(members, list):
        assert set(members) <= public_methods(cls), f"{directive.where}: no such method"


def test_griffe_resolves_every_identifier() -> None:
    """mkdocstrings reads the source with griffe, which does not run ``__getattr__``."""
    griffe = pytest.importorskip("griffe")
    loader = griffe.GriffeLoader(search_paths=[str(ROOT / "src")])
    loader.load("rblxopencloudasync")  # the sync twin re-exports shared objects from it
    loader.load(PACKAGE)
    unresolved = []
    for directive in all_directives():
        try:
            loader.modules_collection[directive.identifier].canonical_path  # noqa: B018 - resolves an alias
        except Exception as error:  # KeyError, AliasResolutionError, ...
            unresolved.append(f"{directive.where}: {directive.identifier} ({type(error).__name__})")
    assert not unresolved, "griffe cannot find:\n" + "\n".join(unresolved)


# -- (b) each public name exactly once -----------------------------------------


def test_every_public_name_is_documented_exactly_once() -> None:
    expected = expected_names()
    where: dict[str, list[Directive]] = defaultdict(list)
    for directive in all_directives():
        for name in covered_names(directive) & expected:
            where[name].append(directive)
    missing = sorted(expected - where.keys())
    twice = {name: [d.where for d in ds] for name, ds in sorted(where.items()) if len(ds) > 1}
    outside = {name: ds[0].where for name, ds in sorted(where.items()) if REFERENCE not in ds[0].page.parents}
    assert not missing, f"not in the reference: {missing}"
    assert not twice, f"documented more than once: {twice}"
    assert not outside, f"documented outside docs/reference: {outside}"


def test_expected_names_come_from_the_package() -> None:
    """Guard the computation itself against silently expecting nothing."""
    expected = expected_names()
    assert {"Experience", "DataStore", "EntryInfo", "NotFound", "Paginator", "__version__"} <= expected
    assert {"Experience.publish_message", "Experience.fetch_info", "Place.ban_user"} <= expected
    assert "emulator.Emulator" in expected
    assert not any(PRIVATE_SEGMENT.search("x." + name) for name in expected)
