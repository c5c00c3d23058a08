"""Long-running operations (Operation.wait / fetch_status), in both twins."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import API_KEY, close, resolve

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault


async def test_flush_memory_store_wait(oc: Any, sleeps: list[float]) -> None:
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=Emulator(operation_polls=3).transport())
    operation = await resolve(exp.flush_memory_store())
    assert isinstance(operation, oc.Operation)
    assert operation.is_done is False
    assert await resolve(operation.wait(interval_seconds=0.5, interval_exponent=2)) is True
    assert operation.is_done is True
    assert sleeps[:2] == [0.5, 1.0]  # backoff between polls
    assert await resolve(operation.fetch_status()) is True  # cached, no new request
    await close(exp)


async def test_fetch_status_polls_once(oc: Any) -> None:
    emulator = Emulator(operation_polls=2)
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=emulator.transport())
    operation = await resolve(exp.flush_memory_store())
    polls = [await resolve(operation.fetch_status()) for _ in range(3)]
    assert polls[-1] is True and None in polls
    assert operation.path.startswith(f"/cloud/v2/universes/{DEMO_UNIVERSE_ID}/memory-store/operations/")
    await close(exp)


async def test_wait_times_out(oc: Any) -> None:
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=Emulator(operation_polls=10**6).transport())
    operation = await resolve(exp.flush_memory_store())
    with pytest.raises(oc.OperationTimeout) as caught:
        await resolve(operation.wait(timeout_seconds=0))
    assert isinstance(caught.value, TimeoutError)
    with pytest.raises(ValueError):
        await resolve(operation.wait(interval_exponent=0.5))
    await close(exp)


async def test_flush_is_not_resent_after_unknown_outcome(oc: Any) -> None:
    emulator = Emulator()
    emulator.inject(Fault(status=500, apply_then_fail=True, path="memory-store:flush"))
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=emulator.transport())
    with pytest.raises(oc.ServerError):
        await resolve(exp.flush_memory_store())
    assert sum(r.path.endswith("memory-store:flush") for r in emulator.requests) == 1
    await close(exp)


async def test_failed_operation_raises(oc: Any) -> None:
    from rblxopencloudasync._operation import Operation as AsyncOperation

    class FakeClient:
        async def request_json(self, *args: Any, parse: Any, **kwargs: Any) -> Any:
            return parse({"done": True, "error": {"code": "INTERNAL", "message": "flush failed"}})

    operation = AsyncOperation(FakeClient(), "/x", lambda _: True)  # type: ignore[arg-type]
    with pytest.raises(oc.HttpException) as caught:
        await operation.fetch_status()
    assert caught.value.error_code == "INTERNAL" and caught.value.message == "flush failed"
