"""Code written once for both packages: each API area's models, enums and
argument checks (``_shared/<area>.py``) and the helpers every area uses.

An area module loads its own shared module on first use, not at import:
``from ._shared import datastore as shared`` binds a stand-in (this package's
``__getattr__``, PEP 562), and the first ``shared.X`` imports the module.
Building the models costs about half a millisecond per dataclass
(``@dataclass`` compiles its methods), so loading every area's models up
front made ``from rblxopencloud import Experience`` pay for areas a program
may never call; this way each area pays on first use. Generic modules
(``checks``, ``fields``, ``paths``, ...) are cheap and imported as usual.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


def _stand_in(name: str) -> ModuleType:
    """A stand-in for the submodule ``name`` until one of its names is read.

    A bare module whose own ``__getattr__`` (PEP 562) imports the real one on
    the first read (`importlib.import_module` holds the import lock, so another
    thread arriving meanwhile waits for the complete module), copies in all of
    its names, then drops itself: later reads are plain module attribute hits
    that never reach it (listings read ``shared.X`` once per item), as fast as
    on the real module, which they would not be while a ``__getattr__`` remains.
    """
    stand_in = ModuleType(name, f"Stand-in for {name}, imported on first use.")

    def load(attr: str) -> Any:
        module = importlib.import_module(name)
        names = vars(stand_in)
        names.update(vars(module))  # every name first, so no read can miss one
        if "__getattr__" not in vars(module):
            names.pop("__getattr__", None)
        return getattr(module, attr)

    vars(stand_in)["__getattr__"] = load
    return stand_in


_listed: frozenset[str] | None = None


def _is_submodule(name: str) -> bool:
    """Whether ``name`` is a submodule of this package (``__init__`` is not).

    One directory listing answers for every name, instead of a file-system
    lookup per stand-in (importing ``Experience`` makes about 20); a package
    that is not a plain directory (a zip) asks the import system.
    """
    global _listed
    if _listed is None:
        try:
            _listed = frozenset(
                entry[:-3]
                for entry in os.listdir(__path__[0])
                if entry.endswith(".py") and entry != "__init__.py"
            )
        except OSError:
            _listed = frozenset()
    if name in _listed:
        return True
    return importlib.machinery.PathFinder.find_spec(f"{__name__}.{name}", __path__) is not None


def __getattr__(name: str) -> ModuleType:
    """The submodule ``name`` if it is imported, else a stand-in that imports it on first use."""
    full = f"{__name__}.{name}"
    module = sys.modules.get(full)
    if module is not None:
        return module
    if not name.isidentifier() or name.startswith("__") or not _is_submodule(name):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Kept as the package attribute until the real import replaces it, so both
    # packages' area modules share one stand-in and the names it keeps.
    stand_in = globals()[name] = _stand_in(full)
    return stand_in


def deferred_names(namespace: dict[str, Any], shared: object, *names: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` for an area module that offers ``names`` of its
    shared module (``shared``, a stand-in): each is read from ``shared`` on first
    use and kept in the area module's ``namespace`` (its ``globals()``)."""
    offered = frozenset(names)
    module = namespace["__name__"]

    def offer(name: str) -> Any:
        if name not in offered:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = namespace[name] = getattr(shared, name)
        return value

    return offer
