"""Core request features of the experience and place areas: streamed bodies, credential-free
web hosts and multipart bodies, in both twins."""

from __future__ import annotations

import importlib
import io
from typing import Any

import httpx
import pytest
from tests.conftest import API_KEY, close, resolve

from rblxopencloudasync._shared.multipart import FilePart, encode_multipart, read_upload
from rblxopencloudasync.emulator._multipart import parse_multipart


def _client(oc: Any, handler: Any, **options: Any) -> Any:
    base_client = importlib.import_module(f"{oc.__name__}._client").BaseClient
    return base_client(api_key=API_KEY, transport=httpx.MockTransport(handler), **options)


class _Recorder:
    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.read())
        status = self.statuses.pop(0) if self.statuses else 200
        return httpx.Response(status, json={}, headers={"retry-after": "0"} if status == 429 else {})


async def test_stream_is_sent_with_its_length_and_rewound_for_a_retry(oc: Any, sleeps: list[float]) -> None:
    data = bytes(range(256)) * 2000  # 512 KB: several chunks
    file = io.BytesIO(b"skipped" + data)
    file.seek(len(b"skipped"))  # sent from the current position
    recorder = _Recorder(429, 200)
    client = _client(oc, recorder)
    await resolve(
        client.request("POST", "/upload", stream=file, headers={"content-type": "application/octet-stream"})
    )
    await close(client)
    assert recorder.bodies == [data, data]
    for request in recorder.requests:
        assert request.headers["content-length"] == str(len(data))
        assert "transfer-encoding" not in request.headers
    assert len(sleeps) == 1


async def test_stream_of_a_non_idempotent_call_is_not_resent_after_a_5xx(oc: Any) -> None:
    recorder = _Recorder(503)
    client = _client(oc, recorder)
    with pytest.raises(oc.ServerError):
        await resolve(client.request("POST", "/upload", stream=io.BytesIO(b"x" * 10), idempotent=False))
    await close(client)
    assert len(recorder.requests) == 1


async def test_auth_false_sends_no_credentials(oc: Any) -> None:
    recorder = _Recorder()
    client = _client(oc, recorder)
    await resolve(client.request("GET", client.web_url("badges") + "/v1/badges/1", auth=False))
    await resolve(client.request("GET", "/cloud/v2/universes/1"))
    await close(client)
    anonymous, keyed = recorder.requests
    assert str(anonymous.url) == "https://badges.roblox.com/v1/badges/1"
    assert "x-api-key" not in anonymous.headers and "authorization" not in anonymous.headers
    assert keyed.headers["x-api-key"] == API_KEY


def test_web_url_follows_a_custom_base_url(oc: Any) -> None:
    base_client = importlib.import_module(f"{oc.__name__}._client").BaseClient
    assert base_client(api_key=API_KEY).web_url("badges") == "https://badges.roblox.com"
    custom = base_client(api_key=API_KEY, base_url="http://127.0.0.1:8080/")
    assert custom.web_url("badges") == "http://127.0.0.1:8080/_web/badges"


def test_multipart_round_trip() -> None:
    body, content_type = encode_multipart(
        {
            "name": "Sword",
            "price": 25,
            "isForSale": True,
            "description": None,  # left out
            "imageFile": FilePart("icon.png", b"\x89PNG\r\n\x1a\n--data--\r\n", "image/png"),
        }
    )
    parts = parse_multipart(body, content_type)
    assert sorted(parts) == ["imageFile", "isForSale", "name", "price"]
    assert parts["name"].text == "Sword"
    assert parts["price"].text == "25"
    assert parts["isForSale"].text == "true"
    icon = parts["imageFile"]
    assert (icon.filename, icon.content_type, icon.data) == (
        "icon.png",
        "image/png",
        b"\x89PNG\r\n\x1a\n--data--\r\n",
    )


def test_multipart_rejects_header_injection() -> None:
    with pytest.raises(ValueError, match="quotes or line breaks"):
        encode_multipart({'bad"name': "x"})
    with pytest.raises(ValueError, match="quotes or line breaks"):
        encode_multipart({"file": FilePart("a\r\nb.png", b"x")})


def test_read_upload() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 10
    named = io.BytesIO(png)
    named.name = "/tmp/icons/sword.png"  # type: ignore[attr-defined]
    part = read_upload(named, "icon_file")
    assert (part.filename, part.content_type, part.data) == ("sword.png", "image/png", png)
    assert read_upload(b"\xff\xd8\xff\xe0", "icon_file").content_type == "image/jpeg"
    with pytest.raises(ValueError, match="empty"):
        read_upload(b"", "icon_file")
    with pytest.raises(ValueError, match="limit is 4"):
        read_upload(b"12345", "icon_file", max_bytes=4)
    with pytest.raises(TypeError, match="binary mode"):
        read_upload(io.StringIO("text"), "icon_file")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bytes or a binary file"):
        read_upload("path.png", "icon_file")  # type: ignore[arg-type]
