"""The async transport (asyncio and trio), the ASGI app and the server entry point."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio
from tests.emulator._support import AUTH, BASE_URL, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault
from rblxopencloudasync.emulator.__main__ import bench_items, main


async def test_async_client_round_trip(emu: Emulator, aclient: httpx.AsyncClient) -> None:
    url = f"{U}/data-stores/Async/entries"
    created = await aclient.post(url, params={"id": "k"}, json={"value": {"n": 1}})
    assert created.status_code == 200
    updated = await aclient.patch(f"{url}/k", json={"value": {"n": 2}, "etag": created.json()["etag"]})
    assert updated.json()["value"] == {"n": 2}
    listing = (await aclient.get(url)).json()
    assert [e["id"] for e in listing["dataStoreEntries"]] == ["k"]
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Async", "k") == {"n": 2}


def test_async_transport_under_trio(emu: Emulator) -> None:
    emu.inject(Fault(latency=0.05))

    async def run() -> int:
        async with httpx.AsyncClient(transport=emu.transport(), base_url=BASE_URL, headers=AUTH) as http:
            response = await http.get(f"{U}/data-stores/PlayerData/entries/user_1")
            return response.status_code

    assert trio.run(run) == 200


def test_sync_transport_is_thread_safe(emu: Emulator) -> None:
    import threading

    def worker() -> None:
        with httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers=AUTH) as http:
            for _ in range(50):
                http.post(f"{U}/data-stores/Coins/entries/shared:increment", json={"amount": 1})

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "shared") == 200


# -- ASGI -----------------------------------------------------------------------------------


async def call_asgi(app: Any, scope: dict[str, Any], incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: Any) -> None:
        sent.append(dict(message))

    await app(scope, receive, send)
    return sent


async def test_asgi_app_called_directly(emu: Emulator) -> None:
    app = emu.asgi_app()
    lifespan = await call_asgi(
        app, {"type": "lifespan"}, [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    )
    assert [m["type"] for m in lifespan] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]

    body = json.dumps({"value": 7}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": f"{U}/data-stores/My Store/entries",
        "raw_path": f"{U}/data-stores/My%20Store/entries".encode(),
        "query_string": b"id=k%201",
        "headers": [
            (b"x-api-key", b"secret"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    chunks = [
        {"type": "http.request", "body": body[:4], "more_body": True},
        {"type": "http.request", "body": body[4:], "more_body": False},
    ]
    sent = await call_asgi(app, scope, chunks)
    start, payload = sent
    assert start["type"] == "http.response.start"
    assert start["status"] == 200
    headers = dict(start["headers"])
    assert headers[b"content-type"] == b"application/json"
    assert b"x-ratelimit-remaining" in headers
    assert json.loads(payload["body"])["id"] == "k 1"
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "My Store", "k 1") == 7
    recorded = emu.requests[-1]
    assert recorded.headers["x-api-key"] == "***"
    assert recorded.query == [("id", "k 1")]


async def test_asgi_faults_skip_transport_errors(emu: Emulator) -> None:
    emu.inject(Fault(transport_error="connect"))
    emu.inject(Fault(status=503, retry_after=1))
    transport = httpx.ASGITransport(app=emu.asgi_app())
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=AUTH) as http:
        response = await http.get(f"{U}/data-stores")
        assert response.status_code == 503
        assert response.headers["retry-after"] == "1"
        assert (await http.get(f"{U}/data-stores")).status_code == 200
    assert len(emu.pending_faults) == 1  # the transport-only fault stays queued


# -- python -m rblxopencloudasync.emulator ----------------------------------------------------


def test_bench_items() -> None:
    assert list(bench_items(2)) == [
        ("key-000000", {"n": 0, "tag": "bench"}),
        ("key-000001", {"n": 1, "tag": "bench"}),
    ]


def test_main_without_uvicorn(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib

    real_import = importlib.import_module

    def fake_import(name: str, package: str | None = None) -> Any:
        if name == "uvicorn":
            raise ImportError("No module named 'uvicorn'")
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", fake_import)
    assert main(["--port", "1"]) == 1
    assert 'pip install "rblx-open-cloud[emulator]"' in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_server_mode_end_to_end() -> None:
    port = _free_port()
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "rblxopencloudasync.emulator", "--port", str(port), "--seed-keys", "300"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}{U}/data-stores/BenchStore/entries?maxPageSize=256"
        request = urllib.request.Request(url, headers={"x-api-key": "k"})
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    body = json.loads(response.read())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert len(body["dataStoreEntries"]) == 256
        assert body["dataStoreEntries"][0]["id"] == "key-000000"
        assert "nextPageToken" in body
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=AUTH) as http:
            encoded = http.patch(
                f"{U}/data-stores/Space%20Store/entries/a%2Fb@latest",
                params={"allowMissing": "true"},
                json={"value": 1},
            )
            assert encoded.json()["id"] == "a/b@latest"
            # Answers carry their length, as Roblox's do, rather than being chunked.
            assert encoded.headers["content-length"] == str(len(encoded.content))
            assert "transfer-encoding" not in encoded.headers
            assert http.get(f"{U}/data-stores/nope/entries/x").status_code == 404
    finally:
        process.terminate()
        process.wait(timeout=10)
