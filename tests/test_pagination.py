"""The paginator with respx routes: both cursor styles, laziness, limits, in both twins."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from tests.conftest import API_KEY, collect
from tests.contract.checker import check_request

from rblxopencloudasync._shared.page_style import V1_CURSOR, V2_TOKEN

BASE = "https://apis.roblox.com"


# respx patches httpx's transports, so the clients here use httpx explicitly
# (the default under asyncio is aiohttp, which respx does not see).


def _paginator(oc: Any, client: Any, path: str, **kwargs: Any) -> Any:
    cls = getattr(oc._paginator, "AsyncPaginator", None) or oc._paginator.Paginator
    return cls(client, path, **kwargs)


def _pages(
    param: str, pages: dict[str | None, tuple[list[Any], str | None]], items: str, next_field: str
) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get(param)
        page_items, next_token = pages[token]
        body: dict[str, Any] = {items: page_items}
        if next_token is not None:
            body[next_field] = next_token
        return httpx.Response(200, json=body)

    return handler


async def test_v2_page_token_style(oc: Any) -> None:
    client = oc._client.BaseClient(api_key=API_KEY, http_backend="httpx")
    path = "/cloud/v2/universes/1/data-stores"
    with respx.mock(base_url=BASE) as router:
        route = router.get(path).mock(
            side_effect=_pages(
                "pageToken",
                {None: ([{"id": "a"}, {"id": "b"}], "t1"), "t1": ([], "t2"), "t2": ([{"id": "c"}], None)},
                "dataStores",
                "nextPageToken",
            )
        )
        pager = _paginator(
            oc, client, path, style=V2_TOKEN(100), items_field="dataStores", parse=lambda i: i["id"]
        )
        assert route.call_count == 0  # lazy: nothing before the first item
        assert await collect(pager) == ["a", "b", "c"]
        assert route.call_count == 3  # the empty middle page did not end the listing
        for call in route.calls:
            check_request(call.request)
            assert call.request.url.params["maxPageSize"] == "100"
            assert call.request.headers["x-api-key"] == API_KEY
        assert "pageToken" not in route.calls[0].request.url.params


async def test_v1_cursor_style_and_limit(oc: Any) -> None:
    client = oc._client.BaseClient(api_key=API_KEY, http_backend="httpx")
    path = "/datastores/v1/universes/1/standard-datastores"
    with respx.mock(base_url=BASE) as router:
        route = router.get(path).mock(
            side_effect=_pages(
                "cursor",
                {None: ([{"name": "a"}, {"name": "b"}], "c1"), "c1": ([{"name": "c"}, {"name": "d"}], "c2")},
                "datastores",
                "nextPageCursor",
            )
        )
        pager = _paginator(
            oc,
            client,
            path,
            style=V1_CURSOR(50),
            items_field="datastores",
            parse=lambda i: i["name"],
            limit=3,
        )
        assert await collect(pager) == ["a", "b", "c"]
        assert route.call_count == 2  # stopped without fetching c2
        assert route.calls[0].request.url.params["limit"] == "3"
        assert route.calls[1].request.url.params["cursor"] == "c1"
        for call in route.calls:
            check_request(call.request)


async def test_reverse_reads_all_then_yields_oldest_first(oc: Any) -> None:
    client = oc._client.BaseClient(api_key=API_KEY, http_backend="httpx")
    path = "/cloud/v2/universes/1/data-stores"
    with respx.mock(base_url=BASE) as router:
        router.get(path).mock(
            side_effect=_pages(
                "pageToken",
                {None: ([{"id": "3"}, {"id": "2"}], "t"), "t": ([{"id": "1"}], None)},
                "dataStores",
                "nextPageToken",
            )
        )
        pager = _paginator(
            oc,
            client,
            path,
            style=V2_TOKEN(2),
            items_field="dataStores",
            parse=lambda i: i["id"],
            reverse=True,
            limit=2,
        )
        assert await collect(pager) == ["1", "2"]


async def test_list_methods_through_respx(oc: Any) -> None:
    """The default transport (no emulator) with respx: the SDK's own requests are documented."""
    with respx.mock(base_url=BASE) as router:
        route = router.get("/cloud/v2/universes/7/data-stores/Bank/scopes/global/entries").mock(
            return_value=httpx.Response(
                200,
                json={
                    "dataStoreEntries": [
                        {"path": "universes/7/data-stores/Bank/scopes/global/entries/k", "id": "k"}
                    ]
                },
            )
        )
        exp = oc.Experience(7, API_KEY, http_backend="httpx")
        keys = await collect(exp.get_datastore("Bank").list_keys(prefix='q"x'))
        assert keys == [oc.ListedEntry("k", "global")]
        request = route.calls[0].request
        check_request(request)
        assert request.url.params["filter"] == 'id.startsWith("q\\"x")'
        assert request.url.params["maxPageSize"] == "256"


def test_page_size_rules() -> None:
    style = V2_TOKEN(100)
    assert style.page_size(None) == 100
    assert style.page_size(7) == 7
    assert style.page_size(1000) == 100
    assert style.next_token({"nextPageToken": ""}) is None
    assert style.next_token({"nextPageToken": "x"}) == "x"
    assert style.next_token(None) is None


@pytest.mark.parametrize("limit", [None, 1, 300])
async def test_limit_paths(oc: Any, limit: int | None) -> None:
    client = oc._client.BaseClient(api_key=API_KEY, http_backend="httpx")
    path = "/cloud/v2/universes/1/data-stores"
    pages = {None: ([{"id": str(i)} for i in range(100)], "a"), "a": ([{"id": "x"}], None)}
    with respx.mock(base_url=BASE) as router:
        router.get(path).mock(side_effect=_pages("pageToken", pages, "dataStores", "nextPageToken"))
        got = await collect(
            _paginator(
                oc,
                client,
                path,
                style=V2_TOKEN(100),
                items_field="dataStores",
                parse=lambda i: i,
                limit=limit,
            )
        )
    assert len(got) == (101 if limit is None or limit > 101 else limit)
