"""The shape of the API areas: what the layout promises beyond the generator's checks."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

import rblxopencloudasync

PACKAGE = Path(rblxopencloudasync.__file__).parent


def _own_classes(cls: type) -> list[type]:
    return [klass for klass in cls.__mro__ if klass.__module__.startswith("rblxopencloudasync.")]


@pytest.mark.parametrize("name", ["Experience", "Place"])
def test_mixins_never_define_the_same_name(name: str) -> None:
    # The areas are mixed into one class: two unrelated mixins defining the same
    # (even private) name would silently replace one another's method.
    classes = _own_classes(getattr(rblxopencloudasync, name))
    for first, second in itertools.combinations(classes, 2):
        if issubclass(first, second) or issubclass(second, first):
            continue  # an override of a hook the base declares
        shared = {n for n in set(vars(first)) & set(vars(second)) if not n.startswith("__")}
        assert not shared, f"{first.__name__} and {second.__name__} both define {sorted(shared)}"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_areas_depend_on_the_resource_bases_not_on_experience() -> None:
    # experience.py and place.py combine the areas; an area importing them would
    # close an import cycle. Areas reach the experience and its places through
    # the bases in _resource.py.
    combiners = {"experience", "place"}
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem in combiners | {"__init__"}:
            continue
        assert not _imports(path) & combiners, f"{path.name} imports {sorted(_imports(path) & combiners)}"
