"""Credentials go only where they belong, in both twins."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from tests.conftest import close, resolve

import rblxopencloudasync

BAD_KEYS = ["KEY\n", "KEY\r\nx-evil: 1", " KEY", "KEY with space", "KEY\t", "ключ", "KEY\x00", "KEY\x7f"]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_a_key_that_cannot_be_a_header_is_refused_without_echoing_it(oc: Any, key: str) -> None:
    with pytest.raises(ValueError) as caught:
        oc.Experience(1, key)
    text = str(caught.value) + repr(caught.value)
    assert "KEY" not in text and "ключ" not in text
    assert "api_key" in text


def test_a_bearer_token_is_checked_the_same_way() -> None:
    from rblxopencloudasync._client import BaseClient

    with pytest.raises(ValueError) as caught:
        BaseClient(bearer_token="TOKEN\n")
    assert "TOKEN" not in str(caught.value)


def _redirecting(calls: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if request.url.host == "apis.example.com":
            return httpx.Response(307, headers={"location": "https://evil.example.net/steal"})
        return httpx.Response(200, json={"value": 1})

    return httpx.MockTransport(handler)


async def test_a_redirect_never_carries_the_key_to_another_host(oc: Any) -> None:
    calls: list[httpx.Request] = []
    client_class = httpx.Client if oc.__name__ == "rblxopencloud" else httpx.AsyncClient
    http_client = client_class(transport=_redirecting(calls), follow_redirects=True)
    exp = oc.Experience(1, "secret-key", base_url="https://apis.example.com", http_client=http_client)
    try:
        with pytest.raises(oc.HttpException) as caught:
            await resolve(exp.get_datastore("d").get_entry("k"))
    finally:
        await close(exp)
        await resolve(http_client.aclose() if hasattr(http_client, "aclose") else http_client.close())
    assert caught.value.status_code == 307
    assert [request.url.host for request in calls] == ["apis.example.com"]


async def test_a_full_url_on_another_host_gets_no_credentials(oc: Any) -> None:
    calls: list[httpx.Request] = []
    exp = oc.Experience(1, "secret-key", base_url="https://apis.example.com", transport=_redirecting(calls))
    try:
        await resolve(exp._client.request("GET", "https://other.example.net/x"))
        await resolve(exp._client.request("GET", "https://apis.example.com.evil.net/x"))
    finally:
        await close(exp)
    assert all("x-api-key" not in request.headers for request in calls)


@pytest.mark.parametrize("url", ["http://some-host", "http://10.0.0.5:8080", "http://apis.roblox.com"])
def test_plain_http_to_another_machine_is_refused(oc: Any, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RBLX_OPEN_CLOUD_ALLOW_INSECURE_HTTP", raising=False)
    with pytest.raises(ValueError, match="allow_insecure_http"):
        oc.Experience(1, "key", base_url=url)
    monkeypatch.setenv("RBLX_OPEN_CLOUD_BASE_URL", url)
    with pytest.raises(ValueError, match="unencrypted"):
        oc.Experience(1, "key")


@pytest.mark.parametrize("url", ["http://some-host", "http://10.0.0.5:8080"])
def test_plain_http_is_allowed_when_asked_for(oc: Any, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert oc.Experience(1, "key", base_url=url, allow_insecure_http=True)._client.base_url == url
    monkeypatch.setenv("RBLX_OPEN_CLOUD_ALLOW_INSECURE_HTTP", "1")
    assert oc.Experience(1, "key", base_url=url)._client.base_url == url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.5.0.1"]
)
def test_plain_http_to_this_machine_is_fine(oc: Any, url: str) -> None:
    assert oc.Experience(1, "key", base_url=url)._client.base_url == url


def test_a_custom_base_url_is_logged_once_at_info(oc: Any, caplog: pytest.LogCaptureFixture) -> None:
    url = f"https://proxy-{oc.__name__}.example.com"
    with caplog.at_level(logging.INFO, logger="rblxopencloud"):
        oc.Experience(1, "key", base_url=url)
        oc.Experience(2, "key", base_url=url)
    lines = [r.getMessage() for r in caplog.records if url in r.getMessage()]
    assert len(lines) == 1 and lines[0].endswith(url)
    assert all("key" not in r.getMessage() for r in caplog.records)


def test_the_default_base_url_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="rblxopencloud"):
        rblxopencloudasync.Experience(1, "key")
    assert not caplog.records
