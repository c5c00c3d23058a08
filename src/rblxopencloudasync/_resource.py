"""The base of every handle: the client its requests go through, and the
experience and place types the API areas build on.

Each API area (data stores, memory stores, bans, ...) is a mixin of
`Experience` (or `Place`) written against the bases here, never against
``experience.py`` or ``place.py``: those modules combine the areas, so the
areas cannot import them. The concrete classes fill in the few factory
methods declared here.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._shared import checks

if TYPE_CHECKING:
    from ._client import BaseClient
    from ._paginator import AsyncPaginator

__all__ = [
    "EntryPoint",
    "ExperienceResource",
    "PlaceResource",
    "Resource",
    "open_client",
    "paginate",
    "public_class",
]

R = TypeVar("R", bound="Resource")
T = TypeVar("T")
E = TypeVar("E", bound="EntryPoint")


def open_client(**options: Any) -> BaseClient:
    """A new `BaseClient` for an entry point (``Experience(...)``, ``User(...)``, ...).

    The request machinery (``_client.py``, the reply, retry and HTTP modules it
    imports) loads here, with the first entry point a program makes, not when the
    package is imported: ``from rblxopencloud import Experience`` stays cheap.
    """
    from ._client import BaseClient

    return BaseClient(**options)


def paginate(
    client: BaseClient, path: str, *, parse: Callable[[dict[str, Any]], T], **options: Any
) -> AsyncPaginator[T]:
    """An `AsyncPaginator` over the listing at ``path`` (its keyword options are
    the paginator's); ``_paginator.py`` loads with the first listing, not at import."""
    from ._paginator import AsyncPaginator

    return AsyncPaginator(client, path, parse=parse, **options)


def public_class(name: str) -> Any:
    """The package's public class ``name`` (``"User"``, ``"Group"``), loaded on first use.

    For the few answers that hand out a handle of a module that imports the
    asking one (an asset's owning `Group`, a user's `GroupMember` rows): the
    package's export table names the module, so no import cycle is needed.
    """
    return getattr(importlib.import_module(__package__), name)


class EntryPoint:
    """What every object made from credentials offers (``Experience``, ``User``,
    ``Group``, ``ApiKey``): closing its pool, ``async with``, and option copies."""

    _client: BaseClient

    async def __aenter__(self: E) -> E:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled HTTP connections. The object stays usable: a later
        call opens a new pool."""
        await self._client.aclose()

    def with_options(
        self: E, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> E:
        """A copy of this object with other options, sharing its connection pool.

        Example: ``experience.with_options(max_retries=0).get_datastore("x")``.
        """
        clone = copy.copy(self)
        clone._client = self._client.copy(timeout=timeout, max_retries=max_retries)
        return clone


class Resource:
    """An object named by a numeric id that sends requests through a `BaseClient`
    (options, credentials and connection pool).

    Handles made from another handle share its client: `_bind` is the one way
    to make a handle from an existing client, with no API key of its own.
    """

    id: int
    _client: BaseClient

    @classmethod
    def _bind(cls: type[R], client: BaseClient, id: int) -> R:  # noqa: A002 - the attribute's name
        """A handle for ``id`` sharing ``client`` (no request is made)."""
        handle = cls.__new__(cls)
        handle._client = client
        handle._setup(id)
        return handle

    def _setup(self, id: int) -> None:  # noqa: A002
        """Set the handle's attributes other than its client."""
        self.id = checks.check_int(id, f"{type(self).__name__.lower()} id", minimum=1)


class PlaceResource(Resource):
    """A place as the API areas see it: its id, client and experience."""

    experience: ExperienceResource


class ExperienceResource(Resource):
    """An experience as the API areas see it: its id, client, owner and places."""

    owner: Resource | None
    """The `User` or `Group` that owns the experience, once known."""

    async def fetch_info(self) -> ExperienceResource:
        """Fetch the experience's information (its owner among it)."""
        raise NotImplementedError  # `Experience` fills its information attributes

    def get_place(self, place_id: int) -> PlaceResource:
        """A `Place` handle for a place of this experience (no request is made)."""
        raise NotImplementedError  # `Experience` returns its `Place`

    def _describe(self, name: str | None, root_place_id: int | None) -> None:
        """Take in the name and root place another API's answer tells about this experience."""
        raise NotImplementedError  # `Experience` fills its information attributes
