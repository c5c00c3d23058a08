"""The API key never shows up in reprs, exceptions or log records."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from tests.conftest import close, collect, resolve

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault

SECRET = "SUPER-SECRET-KEY-do-not-print-4f9a1c"


async def test_key_is_never_shown(oc: Any, caplog: pytest.LogCaptureFixture) -> None:
    emulator = Emulator()
    exp = oc.Experience(DEMO_UNIVERSE_ID, SECRET, transport=emulator.transport())
    caplog.set_level(logging.DEBUG)
    ds = exp.get_datastore("PlayerData")
    texts = [repr(exp), str(exp), repr(ds), repr(exp._client), repr(ds.list_keys())]
    await resolve(ds.get_entry("user_287113233"))
    await collect(ds.list_keys(limit=2))
    emulator.inject(Fault(status=503, times=5))
    with pytest.raises(oc.ServerError) as caught:
        await resolve(ds.get_entry("user_287113233"))
    texts += [str(caught.value), repr(caught.value), repr(caught.value.body), repr(vars(caught.value))]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(r) for r in emulator.requests]
    assert caplog.records, "expected debug logs from the SDK"
    for text in texts:
        assert SECRET not in text
    assert f"id={DEMO_UNIVERSE_ID}" in repr(exp)
    await close(exp)


def test_tls_verification_is_on_by_default() -> None:
    import rblxopencloud

    exp = rblxopencloud.Experience(1, SECRET)
    client = exp._client._pool.new_client()
    pool = client._transport._pool  # httpx's default transport
    assert pool._ssl_context.verify_mode.name == "CERT_REQUIRED"
    client.close()
