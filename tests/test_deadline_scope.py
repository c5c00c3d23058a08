"""The async core's per-attempt deadline keeps asyncio.timeout's semantics."""

from __future__ import annotations

import asyncio
import sys

import pytest

from rblxopencloudasync._primitives.timing import adeadline

# The scope of Python >= 3.11's asyncio; older Pythons use anyio's cancel scope.
pytestmark = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="asyncio.timeout's semantics, Python >= 3.11"
)


def test_the_deadline_turns_its_own_cancellation_into_timeout_error() -> None:
    async def main() -> int:
        with pytest.raises(TimeoutError):
            async with adeadline(0.02):
                await asyncio.sleep(5)
        task = asyncio.current_task()
        assert task is not None
        return task.cancelling()

    assert asyncio.run(main()) == 0  # the task is left usable, not cancelling


def test_a_cancellation_from_outside_stays_a_cancellation() -> None:
    async def inner() -> None:
        async with adeadline(5):
            await asyncio.sleep(5)

    async def main() -> None:
        task = asyncio.create_task(inner())
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())


def test_an_outer_timeout_is_the_outer_ones() -> None:
    async def main() -> None:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.02):
                async with adeadline(5):
                    await asyncio.sleep(5)

    asyncio.run(main())


def test_a_body_that_ends_in_time_is_untouched() -> None:
    async def main() -> str:
        async with adeadline(5):
            await asyncio.sleep(0)
        with pytest.raises(ValueError):
            async with adeadline(5):
                raise ValueError("passes through")
        return "done"

    assert asyncio.run(main()) == "done"
