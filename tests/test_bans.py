"""User restrictions (bans) and ban logs against the emulator, in both twins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from types import ModuleType
from typing import Any

import pytest
from tests.conftest import API_KEY, close, collect, resolve
from tests.contract.checker import ContractTransport
from tests.emulator._support import FakeClock

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault
from rblxopencloudasync.emulator._bans import BanArea, Restriction

PLACE_ID = 1818
START = datetime(2024, 12, 2, 6, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def timed(clock: FakeClock) -> Emulator:
    """An emulator on a clock that only moves when told to (no demo data)."""
    return Emulator(clock=clock, seed=False)


@pytest.fixture
async def timed_experience(oc: ModuleType, timed: Emulator) -> AsyncIterator[Any]:
    transport = ContractTransport(timed.transport())
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=transport)
    yield exp
    await close(exp)
    assert not transport.failures, transport.failures


def ban_requests(emulator: Emulator, method: str | None = None) -> list[Any]:
    return [
        r
        for r in emulator.requests
        if "user-restrictions" in r.path and (method is None or r.method == method)
    ]


# -- universe-wide -----------------------------------------------------------


async def test_fetch_never_banned_user_is_inactive(oc: Any, experience: Any) -> None:
    restriction = await resolve(experience.fetch_user_restriction(55))
    assert isinstance(restriction, oc.UserRestriction)
    assert isinstance(restriction.user, oc.User) and restriction.user.id == 55
    assert restriction.active is False
    assert restriction.place is None and restriction.inherited is None
    assert restriction.duration_seconds is None and restriction.start_timestamp is None
    assert restriction.display_reason == "" and restriction.private_reason == ""
    assert restriction.exclude_alt_accounts is False
    assert restriction.issuer_user_id is None and restriction.created_at is None


async def test_ban_fetch_unban(oc: Any, timed_experience: Any, timed: Emulator, clock: FakeClock) -> None:
    exp = timed_experience
    banned = await resolve(
        exp.ban_user(287113233, 86400, display_reason="Breaking the rules.", private_reason="Top secret!")
    )
    assert isinstance(banned, oc.UserRestriction)
    assert banned.user.id == 287113233 and banned.active is True
    assert banned.duration_seconds == 86400 and isinstance(banned.duration_seconds, int)
    assert banned.start_timestamp == START
    assert banned.display_reason == "Breaking the rules." and banned.private_reason == "Top secret!"
    assert banned.exclude_alt_accounts is False and banned.place is None

    fetched = await resolve(exp.fetch_user_restriction(287113233))
    assert fetched.active is True and fetched.private_reason == "Top secret!"
    assert fetched.duration_seconds == 86400

    clock.advance(minutes=5)
    lifted = await resolve(exp.unban_user(287113233))
    assert lifted.active is False and lifted.duration_seconds is None and lifted.start_timestamp is None
    assert (await resolve(exp.fetch_user_restriction(287113233))).active is False

    patch = ban_requests(timed, "PATCH")[0]
    assert patch.json == {
        "gameJoinRestriction": {
            "active": True,
            "displayReason": "Breaking the rules.",
            "privateReason": "Top secret!",
            "excludeAltAccounts": False,
            "duration": "86400s",
        }
    }
    query = dict(patch.query)
    assert query["updateMask"] == "gameJoinRestriction"
    assert query["idempotencyKey.key"] and query["idempotencyKey.firstSent"].endswith("Z")
    assert ban_requests(timed, "PATCH")[1].json == {"gameJoinRestriction": {"active": False}}


async def test_permanent_ban_and_alt_accounts(timed_experience: Any, timed: Emulator) -> None:
    banned = await resolve(timed_experience.ban_user(7, None, exclude_alt_accounts=True))
    assert banned.active is True and banned.duration_seconds is None
    assert banned.exclude_alt_accounts is True and banned.start_timestamp == START
    assert "duration" not in ban_requests(timed, "PATCH")[0].json["gameJoinRestriction"]


async def test_timed_ban_runs_out(timed_experience: Any, clock: FakeClock) -> None:
    await resolve(timed_experience.ban_user(8, 60))
    clock.advance(seconds=59)
    assert (await resolve(timed_experience.fetch_user_restriction(8))).active is True
    clock.advance(seconds=1)
    assert (await resolve(timed_experience.fetch_user_restriction(8))).active is False


async def test_ban_logs_newest_first_with_issuer(
    oc: Any, timed_experience: Any, timed: Emulator, clock: FakeClock
) -> None:
    exp = timed_experience
    await resolve(exp.ban_user(10, 3600, display_reason="a"))
    clock.advance(minutes=1)
    await resolve(exp.unban_user(10))
    clock.advance(minutes=1)
    timed.area(BanArea).moderator_user_id = None  # a game server script
    await resolve(exp.ban_user(11, None, private_reason="p"))

    logs = await collect(exp.list_ban_logs())
    assert [(log.user.id, log.active) for log in logs] == [(11, True), (10, False), (10, True)]
    assert all(isinstance(log, oc.UserRestriction) and log.place is None for log in logs)
    assert logs[0].issuer_user_id is None and logs[0].private_reason == "p"
    assert logs[1].issuer_user_id == 156 and logs[1].created_at == START + timedelta(minutes=1)
    assert logs[2].duration_seconds == 3600 and logs[2].display_reason == "a"
    assert logs[2].start_timestamp == START and logs[2].inherited is None

    only_10 = await collect(exp.list_ban_logs(user_id=10))
    assert [log.active for log in only_10] == [False, True]
    assert len(await collect(exp.list_ban_logs(limit=2))) == 2


async def test_list_user_restrictions_latest_state(timed_experience: Any) -> None:
    exp = timed_experience
    await resolve(exp.ban_user(3, 100))
    await resolve(exp.ban_user(2, None))
    await resolve(exp.unban_user(3))
    await resolve(exp.unban_user(9))  # never banned: not listed
    listed = await collect(exp.list_user_restrictions())
    assert [(r.user.id, r.active) for r in listed] == [(2, True), (3, False)]
    assert all(r.place is None for r in listed)


async def test_seeded_demo_bans(experience: Any) -> None:
    listed = await collect(experience.list_user_restrictions())
    assert {r.user.id: r.active for r in listed} == {3000: False, 4000: True}
    logs = await collect(experience.list_ban_logs())
    assert [(log.user.id, log.active, log.issuer_user_id) for log in logs] == [
        (4000, True, None),
        (3000, False, 156),
        (3000, True, 156),
    ]


# -- pagination --------------------------------------------------------------


def preload(emulator: Emulator, count: int, place_id: int | None = None) -> None:
    area = emulator.area(BanArea)
    bans = area.bans(DEMO_UNIVERSE_ID)
    for user in range(1, count + 1):
        area._apply(bans, place_id, user, Restriction(active=True), START, moderator=156)


async def test_list_restrictions_pages(timed_experience: Any, timed: Emulator) -> None:
    preload(timed, 130)
    listed = await collect(timed_experience.list_user_restrictions())
    assert [r.user.id for r in listed] == list(range(1, 131))
    pages = [r for r in ban_requests(timed, "GET") if r.path.endswith("/user-restrictions")]
    assert len(pages) == 2
    assert dict(pages[0].query)["maxPageSize"] == "100" and "pageToken" in dict(pages[1].query)


async def test_list_logs_pages_and_limit(timed_experience: Any, timed: Emulator) -> None:
    preload(timed, 210)
    logs = await collect(timed_experience.list_ban_logs())
    assert [log.user.id for log in logs] == list(range(210, 0, -1))
    assert len(ban_requests(timed, "GET")) == 3
    limited = await collect(timed_experience.list_ban_logs(limit=5))
    assert [log.user.id for log in limited] == [210, 209, 208, 207, 206]
    assert dict(ban_requests(timed, "GET")[-1].query)["maxPageSize"] == "5"


async def test_place_list_pages(timed_experience: Any, timed: Emulator) -> None:
    preload(timed, 120, PLACE_ID)
    place = timed_experience.get_place(PLACE_ID)
    listed = await collect(place.list_user_restrictions())
    assert len(listed) == 120 and all(r.place is place for r in listed)
    assert len(ban_requests(timed, "GET")) == 2


# -- place level ---------------------------------------------------------------


async def test_universe_ban_is_inherited_by_places(oc: Any, timed_experience: Any) -> None:
    exp = timed_experience
    place = exp.get_place(PLACE_ID)
    await resolve(exp.ban_user(20, None, display_reason="everywhere"))
    inherited = await resolve(place.fetch_user_restriction(20))
    assert isinstance(inherited, oc.UserRestriction)
    assert inherited.place is place and inherited.active is True and inherited.inherited is True
    assert inherited.display_reason == "everywhere"
    listed = await collect(place.list_user_restrictions())
    assert [(r.user.id, r.inherited) for r in listed] == [(20, True)]
    await resolve(exp.unban_user(20))
    lifted = await resolve(place.fetch_user_restriction(20))
    assert lifted.active is False and lifted.inherited is False


async def test_place_ban_stays_in_the_place(timed_experience: Any, clock: FakeClock) -> None:
    exp = timed_experience
    place = exp.get_place(PLACE_ID)
    banned = await resolve(place.ban_user(21, 600, display_reason="here only", exclude_alt_accounts=True))
    assert banned.place is place and banned.active is True and banned.inherited is False
    assert banned.duration_seconds == 600 and banned.exclude_alt_accounts is True
    assert (await resolve(exp.fetch_user_restriction(21))).active is False
    assert (await resolve(exp.get_place(PLACE_ID + 1).fetch_user_restriction(21))).active is False

    via_experience = await collect(exp.list_user_restrictions(place_id=PLACE_ID))
    assert [r.user.id for r in via_experience] == [21]
    assert via_experience[0].place.id == PLACE_ID and via_experience[0].inherited is False
    assert await collect(exp.list_user_restrictions()) == []

    clock.advance(seconds=5)
    lifted = await resolve(place.unban_user(21))
    assert lifted.active is False and lifted.place is place

    logs = await collect(exp.list_ban_logs(place_id=PLACE_ID))
    assert [(log.active, log.place.id) for log in logs] == [(False, PLACE_ID), (True, PLACE_ID)]
    assert await collect(exp.list_ban_logs(user_id=21, place_id=PLACE_ID + 1)) == []
    both = await collect(exp.list_ban_logs(user_id=21, place_id=PLACE_ID))
    assert len(both) == 2


# -- idempotency ----------------------------------------------------------------


async def test_retried_ban_is_applied_once(
    timed_experience: Any, timed: Emulator, sleeps: list[float]
) -> None:
    timed.inject(Fault(status=503, method="PATCH", path="user-restrictions", apply_then_fail=True))
    banned = await resolve(timed_experience.ban_user(30, 120, display_reason="once"))
    assert banned.active is True
    attempts = ban_requests(timed, "PATCH")
    assert len(attempts) == 2 and len(sleeps) == 1
    assert dict(attempts[0].query)["idempotencyKey.key"] == dict(attempts[1].query)["idempotencyKey.key"]
    logs = await collect(timed_experience.list_ban_logs())
    assert len(logs) == 1


async def test_each_call_gets_its_own_key(timed_experience: Any, timed: Emulator) -> None:
    await resolve(timed_experience.ban_user(31, 60))
    await resolve(timed_experience.ban_user(31, 60))
    keys = {dict(r.query)["idempotencyKey.key"] for r in ban_requests(timed, "PATCH")}
    assert len(keys) == 2
    assert len(await collect(timed_experience.list_ban_logs())) == 2


# -- errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "name"),
    [(403, "Forbidden"), (401, "Forbidden"), (404, "NotFound"), (400, "HttpException"), (409, "Conflict")],
)
async def test_error_mapping(oc: Any, experience: Any, emulator: Emulator, status: int, name: str) -> None:
    emulator.inject(Fault(status=status, path="user-restrictions", times=4))
    with pytest.raises(getattr(oc, name)) as caught:
        await resolve(experience.fetch_user_restriction(1))
    assert caught.value.status_code == status
    with pytest.raises(getattr(oc, name)):
        await resolve(experience.ban_user(1, None))
    with pytest.raises(getattr(oc, name)):
        await collect(experience.list_ban_logs())
    with pytest.raises(getattr(oc, name)):
        await resolve(experience.get_place(PLACE_ID).unban_user(1))


async def test_rate_limited_and_server_errors(oc: Any, experience: Any, emulator: Emulator) -> None:
    quick = experience.with_options(max_retries=0)
    emulator.inject(Fault(status=429, retry_after=1, path="user-restrictions"))
    with pytest.raises(oc.RateLimited) as caught:
        await resolve(quick.ban_user(1, 10))
    assert caught.value.retry_after == 1
    emulator.inject(Fault(status=500, path="user-restrictions"))
    with pytest.raises(oc.ServerError):
        await resolve(quick.unban_user(1))


# -- validation before I/O ------------------------------------------------------------

BAD_CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any], type[Exception]]] = [
    ("fetch_user_restriction", ("1",), {}, TypeError),
    ("fetch_user_restriction", (True,), {}, TypeError),
    ("fetch_user_restriction", (0,), {}, ValueError),
    ("fetch_user_restriction", (-3,), {}, ValueError),
    ("unban_user", (1.0,), {}, TypeError),
    ("unban_user", (0,), {}, ValueError),
    ("ban_user", (None, 10), {}, TypeError),
    ("ban_user", (0, 10), {}, ValueError),
    ("ban_user", (1, 0), {}, ValueError),
    ("ban_user", (1, -5), {}, ValueError),
    ("ban_user", (1, 1.5), {}, TypeError),
    ("ban_user", (1, 60.0), {}, TypeError),
    ("ban_user", (1, True), {}, TypeError),
    ("ban_user", (1, "60"), {}, TypeError),
    ("ban_user", (1, 315_576_000_001), {}, ValueError),
    ("ban_user", (1, 10), {"display_reason": "x" * 401}, ValueError),
    ("ban_user", (1, 10), {"private_reason": "x" * 1001}, ValueError),
    ("ban_user", (1, 10), {"display_reason": None}, TypeError),
    ("ban_user", (1, 10), {"private_reason": 5}, TypeError),
    ("ban_user", (1, 10), {"exclude_alt_accounts": 1}, TypeError),
    ("ban_user", (1, 10), {"exclude_alt_accounts": None}, TypeError),
]


@pytest.mark.parametrize(("method", "args", "kwargs", "error"), BAD_CALLS)
async def test_bad_input_fails_before_io(
    experience: Any,
    emulator: Emulator,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    error: type,
) -> None:
    for target in (experience, experience.get_place(PLACE_ID)):
        with pytest.raises(error):
            await resolve(getattr(target, method)(*args, **kwargs))
    assert not emulator.requests


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"user_id": "1"}, TypeError),
        ({"user_id": 0}, ValueError),
        ({"place_id": False}, TypeError),
        ({"place_id": -1}, ValueError),
        ({"limit": -1}, ValueError),
        ({"limit": 2.0}, TypeError),
    ],
)
async def test_bad_list_arguments(
    experience: Any, emulator: Emulator, kwargs: dict[str, Any], error: type
) -> None:
    with pytest.raises(error):
        experience.list_ban_logs(**kwargs)
    if "user_id" not in kwargs:
        with pytest.raises(error):
            experience.list_user_restrictions(**kwargs)
    if "limit" in kwargs:
        with pytest.raises(error):
            experience.get_place(PLACE_ID).list_user_restrictions(**kwargs)
    assert not emulator.requests


async def test_limits_at_the_edges_are_accepted(timed_experience: Any) -> None:
    banned = await resolve(
        timed_experience.ban_user(1, 315_576_000_000, display_reason="d" * 400, private_reason="p" * 1000)
    )
    assert banned.duration_seconds == 315_576_000_000
    assert len(banned.display_reason) == 400 and len(banned.private_reason) == 1000
    assert (await resolve(timed_experience.ban_user(2, 1))).duration_seconds == 1


async def test_repr_hides_reasons(timed_experience: Any) -> None:
    banned = await resolve(timed_experience.get_place(PLACE_ID).ban_user(5, 10, private_reason="secret note"))
    text = repr(banned)
    assert "secret note" not in text
    assert "user=5" in text and f"place={PLACE_ID}" in text and "active=True" in text
