"""One lazy iterator for every ``list_*`` method, whatever its cursor style."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._shared import fields, reprs

if TYPE_CHECKING:
    from ._client import BaseClient
    from ._shared.page_style import PageStyle

__all__ = ["AsyncPaginator"]

T = TypeVar("T")


class AsyncPaginator(AsyncIterator[T], Generic[T]):
    """Iterates the items of a listing, fetching one page at a time.

    Nothing is requested before the first item is asked for, and only the
    current page is held in memory. ``limit`` stops after that many items.
    ``reverse=True`` serves APIs that only list newest first: it reads every
    page before yielding the first item, then yields oldest first.
    ``bare_array=True`` also takes a page that is a JSON array of items (the
    last page), for listings whose spec shows that shape.

    Each page's items are parsed when the page arrives, so a page that is
    not a JSON object, whose items field is not an array of objects, or
    whose items lack what ``parse`` needs, raises
    `rblxopencloud.UnexpectedResponse`; so does a server that hands out a
    page token it already gave in this iteration (which would never end).
    """

    def __init__(
        self,
        client: BaseClient,
        path: str,
        *,
        style: PageStyle,
        items_field: str,
        parse: Callable[[dict[str, Any]], T],
        params: Mapping[str, Any] | None = None,
        limit: int | None = None,
        reverse: bool = False,
        bare_array: bool = False,
    ) -> None:
        self._client = client
        self._path = path
        self._style = style
        self._items_field = items_field
        self._parse = parse
        self._params = {k: v for k, v in (params or {}).items() if v is not None}
        self._remaining = limit
        self._reverse = reverse
        self._bare_array = bare_array
        self._buffer: deque[T] = deque()
        self._token: str | None = None
        self._seen_tokens: set[str] = set()
        self._last_page = limit == 0

    def __repr__(self) -> str:
        return reprs.model_repr(self, path=self._path)

    def __aiter__(self) -> AsyncPaginator[T]:
        return self

    async def __anext__(self) -> T:
        if not self._buffer and not self._last_page:
            await self._fill()
        if not self._buffer:
            raise StopAsyncIteration
        item = self._buffer.popleft()
        if self._remaining is not None:
            self._remaining -= 1
            if self._remaining <= 0:
                self._last_page = True
                self._buffer.clear()
        return item

    async def _fill(self) -> None:
        # Pages may legitimately be empty while a next token exists.
        while not self._buffer and not self._last_page:
            await self._fetch_page()
        if self._reverse:
            while not self._last_page:
                await self._fetch_page()
            self._buffer.reverse()

    async def _fetch_page(self) -> None:
        params = dict(self._params)
        wanted = None if self._reverse else self._remaining
        params[self._style.size_param] = self._style.page_size(wanted)
        if self._token is not None:
            params[self._style.token_param] = self._token
        items, self._token = await self._client.request_json(
            "GET", self._path, params=params, parse=self._read_page
        )
        self._buffer.extend(items)
        self._last_page = self._token is None

    def _read_page(self, body: Any) -> tuple[list[T], str | None]:
        if self._bare_array and isinstance(body, list):
            # A listing the spec documents as a bare array (asset versions): one page, no token.
            return [self._parse(fields.as_object(item, "a listed item")) for item in body], None
        page = fields.as_object(body)
        items = [
            self._parse(fields.as_object(item, "a listed item"))
            for item in fields.opt_list(page, self._items_field)
        ]
        token = fields.opt_str(page, self._style.next_field) or None
        if token is not None:
            if token in self._seen_tokens:
                raise fields.ResponseShapeError(f"the server repeated page token {token!r}")
            self._seen_tokens.add(token)
        return items, token
