"""An answer lost in transit never turns into a wrong outcome.

A delete whose first attempt was applied but whose answer was lost (a 5xx after
applying, a read timeout) is retried and finds the resource gone: the caller
asked for it to be gone, so that is success. A guarded write retried after such
an attempt may find its own guard moved on: that is `OutcomeUnknown`, never a
definite `Conflict`. Both twins in-process; both HTTP backends over loopback.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.conftest import API_KEY, LOOPBACK_CLIENTS, resolve, run_on

import rblxopencloudasync
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault

# The two ways an applied delete loses its answer.
LOST = {
    "5xx after applying": dict(status=500, apply_then_fail=True),
    "read timeout after applying": dict(transport_error="read_timeout"),
}


async def _prepare_entry(exp: Any, name: str) -> Callable[[], Any]:
    store = exp.get_datastore(name)
    await resolve(store.set_entry("k", 1))
    return lambda: store.remove_entry("k")


async def _prepare_ordered(exp: Any, name: str) -> Callable[[], Any]:
    store = exp.get_ordered_datastore(name)
    await resolve(store.set_entry("k", 1))
    return lambda: store.remove_entry("k")


async def _prepare_key(exp: Any, name: str) -> Callable[[], Any]:
    sorted_map = exp.get_sorted_map(name)
    await resolve(sorted_map.set_key("k", 1, 60))
    return lambda: sorted_map.remove_key("k")


async def _prepare_key_etag(exp: Any, name: str) -> Callable[[], Any]:
    sorted_map = exp.get_sorted_map(name)
    entry = await resolve(sorted_map.set_key("k", 1, 60))
    return lambda: sorted_map.remove_key("k", etag=entry.etag)


async def _prepare_secret(exp: Any, name: str) -> Callable[[], Any]:
    await resolve(exp.create_secret(name, "v"))
    return lambda: exp.delete_secret(name)


async def _gone_entry(exp: Any, name: str) -> Any:
    return exp.get_datastore(name).get_entry("k")


async def _gone_ordered(exp: Any, name: str) -> Any:
    return exp.get_ordered_datastore(name).get_entry("k")


async def _gone_key(exp: Any, name: str) -> Any:
    return exp.get_sorted_map(name).get_key("k")


async def _gone_secret(exp: Any, name: str) -> Any:
    return exp.delete_secret(name)  # a second delete of the same secret: NotFound


DELETES = {
    "remove_entry": (_prepare_entry, _gone_entry),
    "ordered remove_entry": (_prepare_ordered, _gone_ordered),
    "SortedMap.remove_key": (_prepare_key, _gone_key),
    "SortedMap.remove_key(etag=)": (_prepare_key_etag, _gone_key),
    "delete_secret": (_prepare_secret, _gone_secret),
}


@pytest.mark.parametrize("lost", list(LOST))
@pytest.mark.parametrize("call", list(DELETES))
async def test_a_delete_whose_answer_was_lost_succeeds(
    oc: Any, experience: Any, emulator: Emulator, call: str, lost: str
) -> None:
    prepare, gone = DELETES[call]
    name = "lost" + str(abs(hash(call)) % 1000)
    delete = await prepare(experience, name)
    emulator.inject(Fault(method="DELETE", **LOST[lost]))  # type: ignore[arg-type]
    assert await resolve(delete()) is None
    assert sum(r.method == "DELETE" for r in emulator.requests) == 2  # the retry found it gone
    with pytest.raises(oc.NotFound):
        await resolve(await gone(experience, name))


async def test_a_delete_of_something_missing_is_still_not_found(oc: Any, experience: Any) -> None:
    # Only a 404 *after* an attempt of unknown outcome means "our own attempt deleted it".
    with pytest.raises(oc.NotFound):
        await resolve(experience.get_datastore("Nope").remove_entry("never-there"))


@pytest.mark.parametrize("lost", list(LOST))
async def test_a_guarded_draft_update_is_outcome_unknown(
    oc: Any, experience: Any, emulator: Emulator, lost: str
) -> None:
    first = await resolve(experience.update_draft_config({"xp_multiplier": 2.0}))
    emulator.inject(Fault(method="PATCH", path=r"/draft$", **LOST[lost]))  # type: ignore[arg-type]
    with pytest.raises(oc.OutcomeUnknown) as caught:
        await resolve(experience.update_draft_config({"xp_multiplier": 3.0}, draft_hash=first))
    error = caught.value
    assert isinstance(error, oc.BaseException) and not isinstance(error, oc.HttpException)
    assert isinstance(error.first_failure, (oc.ServerError, oc.RequestTimeout))
    assert isinstance(error.last_failure, oc.Conflict)
    assert "outcome is unknown" in str(error)
    draft = await resolve(experience.fetch_draft_config())
    assert draft["xp_multiplier"] == 3.0  # the first attempt did land


async def test_a_guarded_draft_delete_is_outcome_unknown(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    first = await resolve(experience.update_draft_config({"xp_multiplier": 2.0}))
    emulator.inject(Fault(method="DELETE", path=r"/draft$", status=503, apply_then_fail=True))
    with pytest.raises(oc.OutcomeUnknown) as caught:
        await resolve(experience.delete_draft_config(draft_hash=first))
    assert isinstance(caught.value.last_failure, oc.Conflict)


async def test_a_guard_that_fails_without_a_lost_answer_is_a_plain_conflict(oc: Any, experience: Any) -> None:
    await resolve(experience.update_draft_config({"xp_multiplier": 2.0}))
    with pytest.raises(oc.Conflict):
        await resolve(experience.update_draft_config({"xp_multiplier": 3.0}, draft_hash="stale"))


async def test_reads_are_never_outcome_unknown(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=500, method="GET", path=r"/entries/missing$"))
    with pytest.raises(oc.NotFound):
        await resolve(experience.get_datastore("PlayerData").get_entry("missing"))


# -- over real loopback, both backends ------------------------------------------------


@pytest.mark.parametrize("lost", list(LOST))
@pytest.mark.parametrize(("package", "backend"), LOOPBACK_CLIENTS)
def test_lost_delete_over_loopback(
    live_server: tuple[str, Emulator], package: str, backend: str, lost: str
) -> None:
    url, emulator = live_server
    name = f"LoopLost{package[-5:]}{backend}{lost[:3]}"

    async def body(exp: Any) -> None:
        store = exp.get_datastore(name)
        await resolve(store.set_entry("k", 1))
        emulator.inject(Fault(method="DELETE", path=name, **LOST[lost]))  # type: ignore[arg-type]
        assert await resolve(store.remove_entry("k")) is None
        with pytest.raises(rblxopencloudasync.NotFound):
            await resolve(store.get_entry("k"))

    run_on(package, backend, url, body, timeout=0.5)
    assert not emulator.pending_faults


# -- the aiohttp backend never resends on its own -------------------------------------


@pytest.fixture
def drop_second_request() -> Iterator[tuple[str, list[bytes]]]:
    """A server that answers the first request (keep-alive) and drops the
    connection on every later one without answering."""
    seen: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    data = conn.recv(65536)
                    if not data:
                        continue
                    seen.append(data.split(b" ", 1)[0])
                    if len(seen) == 1:
                        conn.sendall(
                            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                            b"content-length: 2\r\nconnection: keep-alive\r\n\r\n{}"
                        )
                        data = conn.recv(65536)  # the next request on the pooled connection
                        if data:
                            seen.append(data.split(b" ", 1)[0])
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", seen
    stop.set()
    thread.join(5)
    server.close()


def test_aiohttp_does_not_resend_a_delete_when_max_retries_is_0(
    drop_second_request: tuple[str, list[bytes]],
) -> None:
    url, seen = drop_second_request

    async def main() -> None:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="aiohttp", max_retries=0
        ) as exp:
            await exp._client.request("GET", "/first")
            with pytest.raises(rblxopencloudasync.NetworkError):
                await exp._client.request("DELETE", "/second")

    asyncio.run(main())
    assert seen == [b"GET", b"DELETE"]  # aiohttp would have sent the DELETE a second time
