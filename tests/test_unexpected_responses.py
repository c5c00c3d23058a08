"""A 2xx answer the call cannot use raises UnexpectedResponse, never an invented value."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from tests.conftest import API_KEY, close, collect, resolve

U = 13058


def answering(oc: Any, body: Any, requests: list[httpx.Request] | None = None) -> Callable[[], Any]:
    """An experience (and its requests list) whose every request is answered 200 with ``body``."""
    seen = requests if requests is not None else []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=body)

    return lambda: oc.Experience(U, API_KEY, transport=httpx.MockTransport(handler), max_retries=0)


async def raises_unexpected(oc: Any, experience: Any, call: Callable[[Any], Any]) -> Any:
    try:
        with pytest.raises(oc.UnexpectedResponse) as caught:
            await resolve(call(experience))
    finally:
        await close(experience)
    assert caught.value.status_code == 200
    return caught.value


ORDERED_WITHOUT_VALUE = {
    "path": f"universes/{U}/ordered-data-stores/Leaderboard/scopes/global/entries/k",
    "id": "k",
}


@pytest.mark.parametrize(
    "call",
    [
        lambda e: e.get_ordered_datastore("Leaderboard").get_entry("k"),
        lambda e: e.get_ordered_datastore("Leaderboard").set_entry("k", 5),
        lambda e: e.get_ordered_datastore("Leaderboard").increment_entry("k", 5),
    ],
    ids=["get_entry", "set_entry", "increment_entry"],
)
async def test_ordered_entry_without_value(oc: Any, call: Callable[[Any], Any]) -> None:
    error = await raises_unexpected(oc, answering(oc, ORDERED_WITHOUT_VALUE)(), call)
    assert "'value'" in error.reason


async def test_ordered_writes_may_have_landed(oc: Any) -> None:
    error = await raises_unexpected(
        oc,
        answering(oc, {})(),
        lambda e: e.get_ordered_datastore("Leaderboard").increment_entry("k", 5),
    )
    assert error.may_have_landed is True


async def test_ordered_read_did_not_land_anything(oc: Any) -> None:
    error = await raises_unexpected(
        oc, answering(oc, {})(), lambda e: e.get_ordered_datastore("Leaderboard").get_entry("k")
    )
    assert error.may_have_landed is False


async def test_datastore_entry_without_value_or_revision(oc: Any) -> None:
    body = {"path": f"universes/{U}/data-stores/d/scopes/global/entries/k", "revisionId": "r1"}
    await raises_unexpected(oc, answering(oc, body)(), lambda e: e.get_datastore("d").get_entry("k"))
    body = {"value": 3}
    await raises_unexpected(oc, answering(oc, body)(), lambda e: e.get_datastore("d").increment_entry("k", 1))


async def test_datastore_entry_with_a_null_value_is_read(oc: Any) -> None:
    experience = answering(oc, {"value": None, "revisionId": "r1"})()
    value, info = await resolve(experience.get_datastore("d").get_entry("k"))
    await close(experience)
    assert value is None and info.version == "r1" and info.created is None


async def test_ban_without_a_user_path(oc: Any) -> None:
    body = {"gameJoinRestriction": {"active": True, "duration": "3600s"}}
    error = await raises_unexpected(oc, answering(oc, body)(), lambda e: e.ban_user(156, 3600))
    assert error.may_have_landed is True


async def test_ban_answer_names_the_user_by_path(oc: Any) -> None:
    experience = answering(oc, {"path": f"universes/{U}/user-restrictions/156", "gameJoinRestriction": {}})()
    restriction = await resolve(experience.ban_user(156, 3600))
    await close(experience)
    assert restriction.user.id == 156 and restriction.active is False


async def test_ban_with_a_garbled_duration(oc: Any) -> None:
    body = {"user": "users/156", "gameJoinRestriction": {"active": True, "duration": "soon"}}
    await raises_unexpected(oc, answering(oc, body)(), lambda e: e.fetch_user_restriction(156))


async def test_translate_text_answered_empty(oc: Any) -> None:
    await raises_unexpected(oc, answering(oc, {})(), lambda e: e.translate_text("Hello", ["fr-fr"]))
    await raises_unexpected(oc, answering(oc, {})(), lambda e: e.translate_text("Hello"))


async def test_translate_text_without_the_asked_translations(oc: Any) -> None:
    body = {"sourceLanguageCode": "en-us"}
    await raises_unexpected(oc, answering(oc, body)(), lambda e: e.translate_text("Hello", ["fr-fr"]))
    experience = answering(oc, body)()
    assert await resolve(experience.translate_text("Hello")) == ("en-us", {})
    await close(experience)


@pytest.mark.parametrize("body", [{}, {"versionNumber": "seven"}, None])
async def test_place_upload_without_a_version_may_have_landed(oc: Any, body: Any) -> None:
    error = await raises_unexpected(
        oc,
        answering(oc, body)(),
        lambda e: e.get_place(1818).upload_place_file(b"<roblox!" + b"\0" * 16, publish=True),
    )
    assert error.may_have_landed is True
    assert "(the write may have been applied)" in str(error)


async def test_place_upload_reads_the_version(oc: Any) -> None:
    experience = answering(oc, {"versionNumber": 7})()
    assert await resolve(experience.get_place(1818).upload_place_file(b"<roblox!" + b"\0" * 16)) == 7
    await close(experience)


async def test_done_operation_without_a_response(oc: Any) -> None:
    body = {"path": f"cloud/v2/universes/{U}/memory-store/operations/op1", "done": True}
    error = await raises_unexpected(oc, answering(oc, body)(), lambda e: e.flush_memory_store())
    assert "'response'" in error.reason and error.may_have_landed is True


async def test_polled_operation_with_a_malformed_response(oc: Any) -> None:
    answers = iter(
        [
            {"path": "operations/op1"},
            {"path": "operations/op1", "done": True, "response": {"remainingQuota": 3}},
        ]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=next(answers))

    experience = oc.Experience(U, API_KEY, transport=httpx.MockTransport(handler), max_retries=0)
    operation = await resolve(experience.generate_speech_asset("Hello"))
    with pytest.raises(oc.UnexpectedResponse) as caught:
        await resolve(operation.wait())
    await close(experience)
    assert "'path'" in caught.value.reason and operation.is_done is False


@pytest.mark.parametrize(
    "body",
    [[], {"orderedDataStoreEntries": {"id": "k"}}, {"orderedDataStoreEntries": ["k"]}],
    ids=["page-array", "items-object", "item-string"],
)
async def test_malformed_pages(oc: Any, body: Any) -> None:
    experience = answering(oc, body)()
    with pytest.raises(oc.UnexpectedResponse):
        await collect(experience.get_ordered_datastore("Leaderboard").sort_keys())
    await close(experience)


async def test_a_repeated_page_token_stops_the_listing(oc: Any) -> None:
    requests: list[httpx.Request] = []
    page = {"orderedDataStoreEntries": [{"id": "k", "value": 1}], "nextPageToken": "again"}

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        # A listing that never stops would loop forever; fail it after a few pages instead.
        return httpx.Response(200, json=page) if len(requests) < 10 else httpx.Response(418)

    experience = oc.Experience(U, API_KEY, transport=httpx.MockTransport(handler), max_retries=0)
    with pytest.raises(oc.UnexpectedResponse) as caught:
        await collect(experience.get_ordered_datastore("Leaderboard").sort_keys())
    await close(experience)
    assert len(requests) == 2
    assert "repeated page token 'again'" in caught.value.reason
    assert requests[1].url.params["pageToken"] == "again"


async def test_a_listing_whose_tokens_move_on_is_read_to_the_end(oc: Any) -> None:
    pages = {
        None: {"orderedDataStoreEntries": [{"id": "a", "value": 2}], "nextPageToken": "t1"},
        "t1": {"orderedDataStoreEntries": [{"id": "b", "value": 1.6}], "nextPageToken": ""},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(pages[request.url.params.get("pageToken")]))

    experience = oc.Experience(U, API_KEY, transport=httpx.MockTransport(handler), max_retries=0)
    entries = await collect(experience.get_ordered_datastore("Leaderboard").sort_keys())
    await close(experience)
    assert [(entry.key, entry.value) for entry in entries] == [("a", 2), ("b", 2)]
