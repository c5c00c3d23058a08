"""Deprecated spellings of rblx-open-cloud 1.x, kept working for a while.

``set = deprecated_alias(set_entry)`` in a class body makes ``obj.set(...)``
call ``obj.set_entry(...)`` after a `DeprecationWarning` naming the new
method. The alias is a descriptor, not a function: it has no docstring, is
not part of the reference, and the tests that collect public methods (the
reference check, the table of every method's bad answers) see it as the alias
it is (`is_deprecated_alias`) rather than as a method of its own. In the
async package the alias returns the new method's coroutine, in the sync one
its value.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

__all__ = ["DeprecatedAlias", "deprecated_alias", "is_deprecated_alias"]

S = TypeVar("S")
P = ParamSpec("P")
R = TypeVar("R")


class DeprecatedAlias(Generic[S, P, R]):
    """A class attribute standing for the method ``target`` under an old name."""

    def __init__(self, target: Callable[Concatenate[S, P], R]) -> None:
        self.target = target
        self.name = target.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> DeprecatedAlias[S, P, R]: ...
    @overload
    def __get__(self, obj: S, owner: type | None = None) -> Callable[P, R]: ...
    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        target = self.target
        cls = type(obj).__name__  # the class the caller knows (Experience, not a mixin)
        message = (
            f"{cls}.{self.name}() is the rblx-open-cloud 1.x name of "
            f"{cls}.{target.__name__}() and will be removed; call {target.__name__}() instead"
        )

        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            warnings.warn(message, DeprecationWarning, stacklevel=2)
            return target(obj, *args, **kwargs)

        return call


def deprecated_alias(target: Callable[Concatenate[S, P], R]) -> DeprecatedAlias[S, P, R]:
    """An old name for the method ``target`` (see the module's documentation)."""
    return DeprecatedAlias(target)


def is_deprecated_alias(value: object) -> bool:
    """Whether a class attribute (read with ``inspect.getattr_static``) is a deprecated alias."""
    return isinstance(value, DeprecatedAlias)
