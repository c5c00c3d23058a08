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
import sys
from collections.abc import Callable
from typing import Any


class _Deferred:
    """Stands in for a submodule of this package until one of its names is read.

    The first read imports the module (`importlib.import_module` holds the import
    lock, so another thread arriving meanwhile waits for the complete module).
    Every name handed out is kept on the stand-in, so later reads are plain
    attribute hits that skip `__getattr__` (listings read ``shared.X`` per item).
    """

    def __init__(self, name: str) -> None:
        self.__name__ = name  # the module's full name, as the module itself has it

    def __getattr__(self, attr: str) -> Any:
        value = getattr(importlib.import_module(self.__name__), attr)
        setattr(self, attr, value)
        return value

    def __repr__(self) -> str:
        return f"<deferred module {self.__name__!r}>"


def __getattr__(name: str) -> object:
    """The submodule ``name`` if it is imported, else a stand-in that imports it on first use."""
    full = f"{__name__}.{name}"
    module = sys.modules.get(full)
    if module is not None:
        return module
    if (
        not name.isidentifier()
        or name.startswith("__")  # ``__init__`` would be found as a file
        or importlib.machinery.PathFinder.find_spec(full, __path__) is None
    ):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Kept as the package attribute until the real import replaces it, so both
    # packages' area modules share one stand-in and the names it keeps.
    deferred = globals()[name] = _Deferred(full)
    return deferred


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
