"""The HTTP clients the SDK builds for itself: their pool, their TLS setup, their dependencies."""

from __future__ import annotations

import importlib
import ssl
from typing import Any

import httpx
import pytest
from tests.conftest import API_KEY

from rblxopencloudasync._primitives.aiohttp_client import AiohttpClient


def test_both_backends_open_up_to_100_connections() -> None:
    from rblxopencloudasync._primitives.http import make_async_client, make_sync_client

    timeout = httpx.Timeout(5.0)
    for client in (
        make_sync_client("auto", None, "https://apis.roblox.com", {}, timeout),
        make_async_client("httpx", None, "https://apis.roblox.com", {}, timeout),
    ):
        pool = client._transport._pool  # type: ignore[union-attr]
        # 20 kept alive: httpcore's async pool slows down with 100 idle connections.
        assert (pool._max_connections, pool._max_keepalive_connections) == (100, 20)
    aiohttp_client = make_async_client("aiohttp", None, "https://apis.roblox.com", {}, timeout)
    assert isinstance(aiohttp_client, AiohttpClient) and aiohttp_client._max_connections == 100


def test_sniffio_is_installed() -> None:
    try:
        import sniffio  # noqa: F401
    except ImportError:
        pytest.fail(
            "sniffio is a runtime dependency: without it httpcore retries a failing "
            "`import sniffio` on every request, a large per-request cost on the httpx backend"
        )


class _CertificateSpy:
    """Counts loads of a certificate store (``load_verify_locations``, ``certifi.where``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import certifi

        self.loads: list[str] = []
        real_load = ssl.SSLContext.load_verify_locations
        real_where = certifi.where

        def load(context: ssl.SSLContext, *args: Any, **kwargs: Any) -> Any:
            self.loads.append("load_verify_locations")
            return real_load(context, *args, **kwargs)

        def where() -> str:
            self.loads.append("certifi.where")
            return real_where()

        monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", load)
        monkeypatch.setattr(certifi, "where", where)


@pytest.mark.parametrize("package", ["rblxopencloud", "rblxopencloudasync"])
def test_no_certificates_are_loaded_for_an_http_base_url(
    package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module(package)
    spy = _CertificateSpy(monkeypatch)
    # Built outside any event loop, so the async package's default builds httpx's client too.
    for options in ({}, {"http_backend": "httpx"}):
        client = module._client.BaseClient(
            api_key=API_KEY, base_url="http://127.0.0.1:9", **options
        )._pool.new_client()
        assert isinstance(client, (httpx.Client, httpx.AsyncClient))
        context = client._transport._pool._ssl_context
        # An empty store that still verifies: an https request would fail, never go unverified.
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert context.cert_store_stats()["x509_ca"] == 0
    assert spy.loads == []


@pytest.mark.parametrize("package", ["rblxopencloud", "rblxopencloudasync"])
def test_certificates_are_loaded_for_an_https_base_url(package: str, monkeypatch: pytest.MonkeyPatch) -> None:
    module = importlib.import_module(package)
    spy = _CertificateSpy(monkeypatch)
    client = module._client.BaseClient(api_key=API_KEY, base_url="https://apis.roblox.com")._pool.new_client()
    assert isinstance(client, (httpx.Client, httpx.AsyncClient))
    assert spy.loads  # httpx's default: certifi's store
    assert client._transport._pool._ssl_context.cert_store_stats()["x509_ca"] > 0
