"""A sync entry point shared by threads builds one pool, whoever calls first."""

from __future__ import annotations

import gc
import threading
import time
import warnings
from typing import Any

import pytest
from tests.conftest import API_KEY

import rblxopencloud
import rblxopencloud._client as sync_client
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

THREADS = 16
ENTRY_POINTS = 20


def test_threads_making_their_first_call_at_once_share_one_client(
    live_server: tuple[str, Emulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = live_server
    built: list[Any] = []
    real = sync_client.make_sync_client

    def counting(*args: Any) -> Any:
        time.sleep(0.005)  # widen the window in which a second thread could also build one
        client = real(*args)
        built.append(client)
        return client

    monkeypatch.setattr(sync_client, "make_sync_client", counting)
    experiences = [
        rblxopencloud.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url) for _ in range(ENTRY_POINTS)
    ]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work() -> None:
        barrier.wait()
        try:
            for exp in experiences:
                with pytest.raises(rblxopencloud.NotFound):
                    exp.get_datastore("Threads").get_entry("missing")
        except BaseException as exc:
            errors.append(exc)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        threads = [threading.Thread(target=work) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for exp in experiences:
            exp.close()
        gc.collect()
    assert not errors
    assert len(built) == ENTRY_POINTS  # one client per entry point
    assert all(client.is_closed for client in built)
    assert [str(w.message) for w in caught] == []
