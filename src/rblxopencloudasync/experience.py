"""The ``Experience`` entry point: an experience (universe) and its resources."""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Any

import httpx

from ._client import BaseClient, HttpBackend
from ._datastore_models import DataStoreState
from ._operation import Operation
from ._pagination import AsyncPaginator
from ._paging import V2_TOKEN
from ._wire import check_int, check_limit, parse_time, parse_time_opt
from .bans import ExperienceBansMixin
from .configs import CreatorConfigMixin
from .datastore import DataStore, OrderedDataStore, _starts_with
from .memorystore import MemoryStoreMixin
from .messaging import MessagingMixin
from .monetization import MonetizationMixin
from .secret import SecretsMixin

__all__ = ["Experience"]


class Experience(
    MemoryStoreMixin,
    MessagingMixin,
    ExperienceBansMixin,
    SecretsMixin,
    MonetizationMixin,
    CreatorConfigMixin,
):
    """An experience (universe) on Roblox, reached with an API key.

    The methods of each API area are defined in that area's module (memory
    stores in ``memorystore.py``, bans in ``bans.py``, ...) and combined here.

    Args:
        id: The experience/universe ID (not a place ID).
        api_key: An API key with access to the experience. It is never shown
            in a repr, log record or exception message.
        base_url: API root; default ``https://apis.roblox.com`` or the
            ``RBLX_OPEN_CLOUD_BASE_URL`` environment variable.
        timeout: Seconds (or an ``httpx.Timeout``) per request; default 30 s
            (10 s to connect).
        max_retries: Retries of a failed request when safe (default 2); see
            the retries guide.
        http_client: Your own ``httpx`` client to send requests with (you close it).
        transport: An ``httpx`` transport for the client this object builds,
            e.g. the emulator's ``Emulator().transport()`` or a respx mock.
        http_backend: ``"httpx"`` (default) or ``"aiohttp"`` (async only; needs
            the ``aiohttp`` extra) for faster concurrent requests.

    Attributes:
        id: The experience/universe ID.
    """

    def __init__(
        self,
        id: int,  # noqa: A002 - public name of the peer SDK
        api_key: str,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_backend: HttpBackend = "httpx",
    ) -> None:
        self.id = check_int(id, "experience id", minimum=1)
        if not isinstance(api_key, str) or not api_key:
            raise TypeError("api_key must be a non-empty str")
        self._client = BaseClient(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            transport=transport,
            http_backend=http_backend,
        )

    def __repr__(self) -> str:
        return f"<rblxopencloud.Experience id={self.id}>"

    async def __aenter__(self) -> Experience:
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
        self, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> Experience:
        """A copy of this object with other options, sharing its connection pool.

        Example: ``experience.with_options(max_retries=0).get_datastore("x")``.
        """
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._client = self._client.copy(timeout=timeout, max_retries=max_retries)
        return clone

    def get_datastore(self, name: str, scope: str | None = "global") -> DataStore:
        """A `DataStore` handle (no request is made).

        Args:
            name: The data store name.
            scope: The scope; ``None`` to address keys as ``scope/key``.
        """
        return DataStore(name, self, scope=scope)

    def get_ordered_datastore(self, name: str, scope: str | None = "global") -> OrderedDataStore:
        """An `OrderedDataStore` handle (no request is made).

        Args:
            name: The data store name.
            scope: The scope; ``None`` to address keys as ``scope/key``.
        """
        return OrderedDataStore(name, self, scope=scope)

    def list_datastores(
        self,
        prefix: str | None = None,
        limit: int | None = None,
        scope: str | None = "global",
        show_deleted: bool = False,
    ) -> AsyncPaginator[DataStore]:
        """Iterate the experience's data stores.

        Args:
            prefix: Only data stores whose name starts with this.
            limit: Stop after this many.
            scope: The scope given to the returned `DataStore` objects.
            show_deleted: Include data stores scheduled for deletion.
        """
        if prefix is not None and not isinstance(prefix, str):
            raise TypeError("prefix must be a str")

        def parse(item: dict[str, Any]) -> DataStore:
            return DataStore(
                str(item.get("id")),
                self,
                created=parse_time_opt(item.get("createTime")),
                scope=scope,
                state=DataStoreState.from_wire(item.get("state")),
                expire_time=parse_time_opt(item.get("expireTime")),
            )

        return AsyncPaginator(
            self._client,
            f"/cloud/v2/universes/{self.id}/data-stores",
            style=V2_TOKEN(100),
            items_field="dataStores",
            parse=parse,
            params={"filter": _starts_with(prefix or ""), "showDeleted": show_deleted or None},
            limit=check_limit(limit),
        )

    async def snapshot_datastores(self) -> tuple[bool, datetime]:
        """Snapshot all data stores: current values stay available as versions for 30 days.

        At most one new snapshot per UTC day; later calls return the existing one.

        Returns:
            ``(new_snapshot_taken, latest_snapshot_time)``.
        """
        body = await self._client.request_json(
            "POST", f"/cloud/v2/universes/{self.id}/data-stores:snapshot", json={}, idempotent=True
        )
        return bool(body.get("newSnapshotTaken")), parse_time(body["latestSnapshotTime"])

    async def flush_memory_store(self) -> Operation[bool]:
        """Start flushing all memory store data (sorted maps and queues).

        Returns:
            An `Operation` that resolves to ``True`` once the flush is done.
        """
        body = await self._client.request_json(
            "POST", f"/cloud/v2/universes/{self.id}/memory-store:flush", idempotent=False
        )
        # This API's operation path already starts with cloud/v2.
        return Operation(self._client, "/" + str(body["path"]).lstrip("/"), lambda _: True, initial=body)
