"""What a hostile or broken server can do to one request, on every HTTP path.

Each test runs on the sync twin, the async twin on httpx, and the async twin
on aiohttp, against a scripted loopback server (``tests/rawserver.py``).
"""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from tests.conftest import API_KEY, LOOPBACK_CLIENTS, run_on
from tests.rawserver import head, raw_server

import rblxopencloudasync
from rblxopencloudasync._shared import retry as _retry

ENTRY = "/cloud/v2/universes/1/data-stores/d/scopes/global/entries/k"


def _get(exp: Any) -> Any:
    return exp._client.request("GET", ENTRY)


async def _call(exp: Any) -> Any:
    result = _get(exp)
    return await result if hasattr(result, "__await__") else result


def _trickle(total: int, every: float) -> Any:
    sent: list[int] = []

    def handler(conn: socket.socket, _: bytes) -> None:
        conn.sendall(head(content_type="application/json", content_length=str(total)))
        for _ in range(total):
            conn.sendall(b" ")
            sent.append(1)
            time.sleep(every)

    return handler, sent


@pytest.mark.parametrize(("package", "backend"), LOOPBACK_CLIENTS)
def test_timeout_bounds_a_whole_attempt(package: str, backend: str) -> None:
    # One byte every 0.1 s never trips a 0.5 s read timeout; only a deadline
    # over the whole attempt stops it before the 80 bytes (8 s) are in.
    handler, sent = _trickle(80, 0.1)
    with raw_server(handler) as (url, seen), pytest.raises(rblxopencloudasync.RequestTimeout) as caught:
        run_on(package, backend, url, _call, timeout=0.5, max_retries=0)
    assert len(seen) == 1
    assert len(sent) < 80
    assert "127.0.0.1" in str(caught.value)


@pytest.mark.parametrize(("package", "backend"), LOOPBACK_CLIENTS)
def test_a_declared_huge_body_is_refused_before_reading(package: str, backend: str) -> None:
    def handler(conn: socket.socket, _: bytes) -> None:
        conn.sendall(head(content_type="application/json", content_length=str(500 * 1024 * 1024)))
        conn.sendall(b"[" * 65536)

    with raw_server(handler) as (url, _), pytest.raises(rblxopencloudasync.UnexpectedResponse) as caught:
        run_on(package, backend, url, _call, max_response_bytes=1024 * 1024, max_retries=0)
    assert "max_response_bytes" in str(caught.value)
    assert caught.value.status_code == 200 and not caught.value.may_have_landed


@pytest.mark.parametrize(("package", "backend"), LOOPBACK_CLIENTS)
def test_a_chunked_huge_body_is_refused_while_streaming(package: str, backend: str) -> None:
    sent: list[int] = []
    chunk = b"x" * 65536

    def handler(conn: socket.socket, _: bytes) -> None:
        conn.sendall(head(content_type="application/json", transfer_encoding="chunked"))
        for _ in range(8 * 1024):  # 512 MiB if nobody stops reading
            conn.sendall(b"10000\r\n" + chunk + b"\r\n")
            sent.append(1)
        conn.sendall(b"0\r\n\r\n")

    with raw_server(handler) as (url, _), pytest.raises(rblxopencloudasync.UnexpectedResponse):
        run_on(package, backend, url, _call, max_response_bytes=1024 * 1024, max_retries=0)
    assert len(sent) < 8 * 1024


@pytest.mark.parametrize(("package", "backend"), LOOPBACK_CLIENTS)
def test_an_error_body_is_cut_short(package: str, backend: str) -> None:
    def handler(conn: socket.socket, _: bytes) -> None:
        body = b"<html>" + b"x" * (4 * 1024 * 1024) + b"</html>"
        conn.sendall(head(400, content_type="text/html", content_length=str(len(body))) + body)

    with raw_server(handler) as (url, _), pytest.raises(rblxopencloudasync.HttpException) as caught:
        run_on(package, backend, url, _call, max_retries=0)
    assert isinstance(caught.value.body, str) and len(caught.value.body) <= 16 * 1024
    assert len(str(caught.value)) < 1000


@pytest.mark.parametrize(("package", "backend"), LOOPBACK_CLIENTS)
@pytest.mark.parametrize(
    "retry_after", ["inf", "nan", "-1", "1e999", "Fri, 31 Dec 99999999999999999999 23:59:59 GMT", "soon"]
)
def test_absurd_retry_after_never_crashes(
    package: str, backend: str, retry_after: str, sleeps: list[float]
) -> None:
    def handler(conn: socket.socket, _: bytes) -> None:
        body = b'{"code":"RESOURCE_EXHAUSTED","message":"slow down"}'
        conn.sendall(
            head(429, content_type="application/json", content_length=str(len(body)), retry_after=retry_after)
            + body
        )

    with raw_server(handler) as (url, seen), pytest.raises(rblxopencloudasync.RateLimited) as caught:
        run_on(package, backend, url, _call, max_retries=1)
    assert caught.value.retry_after is None
    assert len(seen) == 2 and len(sleeps) == 1 and 0 <= sleeps[0] <= 0.5  # backoff, not the hint


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "inf"}, None),
        ({"retry-after-ms": "nan"}, None),
        ({"retry-after": "Fri, 31 Dec 99999999999999999999 23:59:59 GMT"}, None),
        ({"retry-after": "1e12"}, 24 * 3600.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "inf"}, None),
        ({"retry-after": "2"}, 2.0),
    ],
)
def test_retry_after_parsing_is_total(headers: dict[str, str], expected: float | None) -> None:
    assert _retry.retry_after_seconds(429, headers) == expected


def test_aiohttp_under_trio_says_it_needs_asyncio() -> None:
    trio = pytest.importorskip("trio")

    async def main() -> None:
        async with rblxopencloudasync.Experience(
            1, API_KEY, base_url="http://127.0.0.1:9", http_backend="aiohttp"
        ) as exp:
            await exp.get_datastore("d").get_entry("k")

    with pytest.raises(RuntimeError, match="needs asyncio"):
        trio.run(main)
