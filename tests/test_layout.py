"""The shape of the API areas: what the layout promises beyond the generator's checks."""

from __future__ import annotations

import ast
import importlib
import itertools
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import rblxopencloudasync
import rblxopencloudasync._shared
from rblxopencloudasync._resource import Resource

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
    # the bases in _resource.py. Modules that build on the combiners and that
    # they never import (apikey.py hands out experiences, groups and users,
    # oauth2.py experience handles) close no cycle.
    combiners = {"experience", "place"}
    above = {"apikey", "oauth2"}
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem in combiners | above | {"__init__"}:
            continue
        assert not _imports(path) & combiners, f"{path.name} imports {sorted(_imports(path) & combiners)}"
    for combiner in combiners:
        assert not _imports(PACKAGE / f"{combiner}.py") & above


def _api_areas() -> list[str]:
    """The API areas with a shared module: a top-level module defining a handle
    (a `Resource`) and a ``_shared/`` module of the same name (``datastore.py``
    and ``_shared/datastore.py``)."""
    areas = []
    for path in sorted((PACKAGE / "_shared").glob("*.py")):
        if path.stem == "__init__" or not (PACKAGE / path.name).exists():
            continue
        module = importlib.import_module(f"rblxopencloudasync.{path.stem}")
        handles = [
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, Resource) and value.__module__ == module.__name__
        ]
        if handles:
            areas.append(path.stem)
    return areas


@pytest.mark.parametrize("package", ["rblxopencloud", "rblxopencloudasync"])
def test_area_shared_modules_load_on_first_use(package: str) -> None:
    # An area's models (dataclasses, costly to build) are loaded when the area
    # is first used, not when Experience is imported.
    areas = _api_areas()
    assert {"datastore", "experience", "creator", "monetization"} <= set(areas)
    code = textwrap.dedent(
        f"""
        import sys
        import {package}
        from {package} import Experience

        def loaded():
            return sorted(a for a in {areas!r} if "rblxopencloudasync._shared." + a in sys.modules)

        print(loaded())
        Experience(1, "k").get_datastore("x")
        print(loaded())
        {package}.Badge  # through monetization.py, which offers it from its shared module
        print(loaded())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "['datastore']", "['datastore', 'monetization']"]


def test_stand_in_imports_on_first_read_and_keeps_each_name() -> None:
    code = textwrap.dedent(
        """
        import sys
        from rblxopencloudasync._shared import speech as shared
        name = "rblxopencloudasync._shared.speech"
        print(shared.__name__ == name, name in sys.modules)
        reads = []
        hook = vars(shared)["__getattr__"]
        vars(shared)["__getattr__"] = lambda attr: reads.append(attr) or hook(attr)
        first = shared.speech_body
        again = shared.speech_body
        module = sys.modules[name]
        print(reads, "__getattr__" in vars(shared), first is again is module.speech_body)
        import rblxopencloudasync._shared as package
        from rblxopencloudasync._shared import speech
        print(shared is not module, package.speech is speech is module)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["True False", "['speech_body'] False True", "True True"]


def test_stand_in_serves_threads_reading_at_once() -> None:
    # Threads racing on a fresh stand-in each get their name: the import lock
    # makes late ones wait for the complete module.
    code = textwrap.dedent(
        """
        import threading
        from rblxopencloudasync._shared import configs as shared
        names = [n for n in ("CreatorConfig", "CreatorConfigEntry", "check_entries", "check_hash") for _ in range(4)]
        start = threading.Barrier(len(names))
        got = {}

        def read(name):
            start.wait()
            got[name] = getattr(shared, name)

        threads = [threading.Thread(target=read, args=(name,)) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        import rblxopencloudasync._shared.configs as module
        print(all(got[name] is getattr(module, name) for name in names), len(got))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "4"] and not out.stderr


@pytest.mark.parametrize("name", ["not_a_module", "__init__", "__all__", "checks.x"])
def test_only_submodules_get_a_stand_in(name: str) -> None:
    with pytest.raises(AttributeError):
        rblxopencloudasync._shared.__getattr__(name)


def test_an_imported_submodule_is_itself() -> None:
    module = importlib.import_module("rblxopencloudasync._shared.checks")
    assert rblxopencloudasync._shared.__getattr__("checks") is module


# Loaded when a program first makes an entry point or sends a request, never by
# ``from rblxopencloud import Experience``: the request machinery, the modules of
# other entry points, and the helpers only a request needs.
LOADED_ON_FIRST_USE = [
    "_client",
    "_operation",
    "_paginator",
    "creator",
    "group",
    "place",
    "user",
    "_primitives",
    "_shared.replies",
    "_shared.retry",
    "_shared.transport_errors",
    "_shared.jsonbody",
    "_shared.multipart",
    "_shared.page_style",
    "_shared.exceptions",
    "_shared.checks",
    "_shared.fields",
    "_shared.paths",
    "_shared.reprs",
    "_shared.times",
]


@pytest.mark.parametrize("package", ["rblxopencloud", "rblxopencloudasync"])
def test_importing_experience_loads_no_request_machinery(package: str) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from {package} import Experience

        def loaded():
            return [m for m in {LOADED_ON_FIRST_USE!r}
                    if "{package}." + m in sys.modules or "rblxopencloudasync." + m in sys.modules]

        print(loaded())
        Experience(1, "k")
        print("_client" in loaded())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["[]", "True"]
