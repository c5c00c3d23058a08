"""Groups (information, members, roles, join requests, shout) against the emulator, in both twins."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import pytest
from tests.conftest import API_KEY, close, collect, rejected_before_io, resolve
from tests.contract.checker import ContractTransport

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault, GroupArea

GROUP = 42  # the demo group, owned by user 287113233
OWNER = 287113233
CREATED = datetime(2022, 3, 14, 9, 26, 53, tzinfo=timezone.utc)


@pytest.fixture
async def group(oc: ModuleType, contract: ContractTransport) -> AsyncIterator[Any]:
    handle = oc.Group(GROUP, API_KEY, transport=contract)
    yield handle
    await close(handle)


@pytest.fixture
def area(emulator: Emulator) -> GroupArea:
    return emulator.area(GroupArea)


def requests_to(emulator: Emulator, fragment: str, method: str | None = None) -> list[Any]:
    return [r for r in emulator.requests if fragment in r.path and (method is None or r.method == method)]


# -- information ----------------------------------------------------------------------


async def test_fetch_info(oc: Any, group: Any) -> None:
    assert group.name is None and group.owner is None and group.member_count is None
    assert await resolve(group.fetch_info()) is group
    assert group.name == "Demo Group" and group.description == "The demo group."
    assert group.created_at == group.updated_at == CREATED
    assert isinstance(group.owner, oc.User) and group.owner.id == OWNER
    assert group.member_count == 5
    assert group.public_entry is False and group.locked is False and group.verified is True
    assert repr(group) == "<rblxopencloud.Group id=42>"


async def test_fetch_info_of_an_abandoned_open_group(
    oc: Any, contract: ContractTransport, area: GroupArea
) -> None:
    area.add_group(77, "Open", None, public_entry=True, locked=True)
    open_group = oc.Group(77, API_KEY, transport=contract)
    await resolve(open_group.fetch_info())
    assert open_group.owner is None and open_group.member_count == 0 and open_group.description == ""
    assert open_group.public_entry is True and open_group.locked is True and open_group.verified is False
    await close(open_group)


async def test_missing_group_is_not_found(oc: Any, contract: ContractTransport) -> None:
    ghost = oc.Group(999_999, API_KEY, transport=contract)
    for call in (
        ghost.fetch_info,
        ghost.fetch_shout,
        lambda: ghost.fetch_member(1),
        lambda: ghost.update_member(156, 5),
        lambda: ghost.fetch_role(5),
        lambda: ghost.accept_join_request(1004),
        lambda: ghost.decline_join_request(1004),
    ):
        with pytest.raises(oc.NotFound):
            await resolve(call())
    for listing in (ghost.list_members, ghost.list_roles, ghost.list_join_requests):
        with pytest.raises(oc.NotFound):
            await collect(listing())
    await close(ghost)


# -- members --------------------------------------------------------------------------


async def test_fetch_member(oc: Any, group: Any, emulator: Emulator, area: GroupArea) -> None:
    member = await resolve(group.fetch_member(1001))
    assert isinstance(member, oc.GroupMember) and isinstance(member, oc.User)
    assert member.id == 1001 and member.group is group
    assert member.role_id == area.role_ids(GROUP)["Officer"]
    assert member.joined_at == member.updated_at == CREATED
    assert repr(member) == "<rblxopencloud.GroupMember id=1001 group=<rblxopencloud.Group id=42>>"
    assert await resolve(group.fetch_member(1004)) is None  # asked to join, not a member
    query = dict(requests_to(emulator, "/memberships")[0].query)
    assert query == {"maxPageSize": "1", "filter": "user == 'users/1001'"}
    # a member is a User: its profile can be read on the same client
    await resolve(member.fetch_info())
    assert member.username == "Player1001"


async def test_list_members_across_pages_and_limit(group: Any, emulator: Emulator, area: GroupArea) -> None:
    for user_id in range(2000, 2230):
        area.add_member(GROUP, user_id)
    members = await collect(group.list_members())
    assert [m.id for m in members] == [156, 1001, 1002, 1003, *range(2000, 2230), OWNER]
    listed = requests_to(emulator, "/memberships")
    assert len(listed) == 3 and {dict(r.query)["maxPageSize"] for r in listed} == {"100"}
    emulator.requests.clear()
    assert len(await collect(group.list_members(limit=7))) == 7
    assert [dict(r.query)["maxPageSize"] for r in requests_to(emulator, "/memberships")] == ["7"]
    assert await collect(group.list_members(limit=0)) == []


async def test_list_members_of_one_role(group: Any, emulator: Emulator, area: GroupArea) -> None:
    roles = area.role_ids(GROUP)
    members = await collect(group.list_members(role_id=roles["Member"]))
    assert [m.id for m in members] == [156, 1002, 1003]
    assert all(m.role_id == roles["Member"] for m in members)
    assert dict(requests_to(emulator, "/memberships")[0].query)["filter"] == (
        f"role == 'groups/42/roles/{roles['Member']}'"
    )
    owners = await collect(group.list_members(role_id=roles["Owner"]))
    assert [m.id for m in owners] == [OWNER]


async def test_update_member(oc: Any, group: Any, emulator: Emulator, area: GroupArea) -> None:
    roles = area.role_ids(GROUP)
    updated = await resolve(group.update_member(156, roles["Officer"]))
    assert isinstance(updated, oc.GroupMember) and updated.id == 156 and updated.role_id == roles["Officer"]
    assert area.member_role(GROUP, 156) == roles["Officer"]
    patch = requests_to(emulator, "/memberships/", "PATCH")[0]
    assert patch.path == "/cloud/v2/groups/42/memberships/156"
    assert patch.json == {"role": f"groups/42/roles/{roles['Officer']}"}


async def test_member_update_and_fetch_role(group: Any, area: GroupArea) -> None:
    roles = area.role_ids(GROUP)
    member = await resolve(group.fetch_member(1002))
    assert (await resolve(member.fetch_role())).name == "Member"
    assert await resolve(member.update(role_id=roles["Officer"])) is member
    assert member.role_id == roles["Officer"] and area.member_role(GROUP, 1002) == roles["Officer"]
    officer = await resolve(member.fetch_role())
    assert officer.name == "Officer" and officer.rank == 100


async def test_update_member_refusals(oc: Any, group: Any, area: GroupArea) -> None:
    roles = area.role_ids(GROUP)
    with pytest.raises(oc.NotFound):  # not a member
        await resolve(group.update_member(1004, roles["Officer"]))
    with pytest.raises(oc.HttpException) as caught:  # the guest role cannot be assigned
        await resolve(group.update_member(156, roles["Guest"]))
    assert caught.value.status_code == 400
    with pytest.raises(oc.NotFound):  # no such role
        await resolve(group.update_member(156, 1))


# -- roles and the role cache --------------------------------------------------------------


async def test_list_roles_with_permissions(oc: Any, group: Any) -> None:
    roles = await collect(group.list_roles())
    assert [(r.name, r.rank) for r in roles] == [
        ("Guest", 0),
        ("Member", 1),
        ("Officer", 100),
        ("Owner", 255),
    ]
    guest, member, officer, owner = roles
    assert isinstance(member, oc.GroupRole) and isinstance(member.permissions, oc.GroupRolePermissions)
    assert guest.member_count is None and member.member_count == 3 and owner.member_count == 1
    assert officer.permissions.change_member_ranks and officer.permissions.accept_join_requests
    assert not officer.permissions.spend_group_funds
    assert guest.permissions.view_group_shout and not guest.permissions.create_group_shout
    owner_permissions = owner.permissions
    for name in (
        "view_wall_posts",
        "create_wall_posts",
        "delete_wall_posts",
        "view_group_shout",
        "create_group_shout",
        "change_member_ranks",
        "accept_join_requests",
        "exile_members",
        "manage_relationships",
        "view_audit_log",
        "spend_group_funds",
        "advertise_group",
        "create_avatar_items",
        "manage_avatar_items",
        "manage_experiences",
        "view_experience_analytics",
        "create_api_keys",
        "manage_api_keys",
    ):
        assert getattr(owner_permissions, name) is True, name
    assert owner.description is None
    assert repr(officer) == f"<rblxopencloud.GroupRole id={officer.id} name='Officer' rank=100>"
    assert repr(officer.permissions) == (
        "<rblxopencloud.GroupRolePermissions granted=['change_member_ranks', 'accept_join_requests']>"
    )


async def test_list_roles_across_pages_and_limit(group: Any, emulator: Emulator, area: GroupArea) -> None:
    for rank in range(2, 27):
        area.add_role(GROUP, f"Rank {rank}", rank, description=f"rank {rank}")
    roles = await collect(group.list_roles())
    assert [r.rank for r in roles] == [0, 1, *range(2, 27), 100, 255]
    assert roles[2].description == "rank 2"
    assert len(requests_to(emulator, "/roles")) == 2
    emulator.requests.clear()
    assert len(await collect(group.list_roles(limit=3))) == 3
    assert [dict(r.query)["maxPageSize"] for r in requests_to(emulator, "/roles")] == ["3"]


async def test_fetch_role_uses_the_cache(group: Any, emulator: Emulator, area: GroupArea) -> None:
    roles = area.role_ids(GROUP)
    officer = await resolve(group.fetch_role(roles["Officer"]))
    assert officer.name == "Officer"
    assert len(requests_to(emulator, "/roles")) == 1  # one listing filled the cache
    assert (await resolve(group.fetch_role(roles["Member"]))).name == "Member"
    assert await resolve(group.fetch_role(roles["Officer"])) is officer
    assert len(requests_to(emulator, "/roles")) == 1  # answered from the cache
    # skip_cache reads the roles again
    refreshed = await resolve(group.fetch_role(roles["Officer"], skip_cache=True))
    assert refreshed == officer and len(requests_to(emulator, "/roles")) == 2
    # a role the cache does not hold is looked up again
    added = area.add_role(GROUP, "Recruit", 5)
    assert (await resolve(group.fetch_role(added))).name == "Recruit"
    assert len(requests_to(emulator, "/roles")) == 3
    # a role the group does not have is None (after one more look)
    assert await resolve(group.fetch_role(12345)) is None
    assert len(requests_to(emulator, "/roles")) == 4


async def test_list_roles_fills_the_cache(group: Any, emulator: Emulator, area: GroupArea) -> None:
    await collect(group.list_roles())
    emulator.requests.clear()
    member = await resolve(group.fetch_member(156))  # its group is this Group: the same cache
    assert (await resolve(member.fetch_role())).name == "Member"
    assert requests_to(emulator, "/roles") == []


# -- join requests -----------------------------------------------------------------------


async def test_list_join_requests(oc: Any, group: Any, emulator: Emulator) -> None:
    requests = await collect(group.list_join_requests())
    assert [r.id for r in requests] == [1004, 1005]
    first = requests[0]
    assert isinstance(first, oc.GroupJoinRequest) and isinstance(first, oc.User)
    assert first.group is group and first.requested_at == CREATED
    assert repr(first) == "<rblxopencloud.GroupJoinRequest id=1004 group=<rblxopencloud.Group id=42>>"
    only = await collect(group.list_join_requests(user_id=1005))
    assert [r.id for r in only] == [1005]
    assert dict(requests_to(emulator, "/join-requests")[-1].query)["filter"] == "user == 'users/1005'"


async def test_list_join_requests_across_pages_and_limit(
    group: Any, emulator: Emulator, area: GroupArea
) -> None:
    for user_id in range(3000, 3043):
        area.add_join_request(GROUP, user_id)
    requests = await collect(group.list_join_requests())
    assert [r.id for r in requests] == [1004, 1005, *range(3000, 3043)]
    listed = requests_to(emulator, "/join-requests")
    assert len(listed) == 3 and {dict(r.query)["maxPageSize"] for r in listed} == {"20"}
    emulator.requests.clear()
    assert len(await collect(group.list_join_requests(limit=2))) == 2
    assert [dict(r.query)["maxPageSize"] for r in requests_to(emulator, "/join-requests")] == ["2"]


async def test_accept_and_decline(oc: Any, group: Any, emulator: Emulator, area: GroupArea) -> None:
    assert await resolve(group.accept_join_request(1004)) is None
    assert area.member_role(GROUP, 1004) == area.role_ids(GROUP)["Member"]
    assert await resolve(group.decline_join_request(1005)) is None
    assert area.member_role(GROUP, 1005) is None
    assert area.pending_join_requests(GROUP) == []
    posts = requests_to(emulator, "/join-requests/", "POST")
    assert [p.path for p in posts] == [
        "/cloud/v2/groups/42/join-requests/1004:accept",
        "/cloud/v2/groups/42/join-requests/1005:decline",
    ]
    assert all(p.json == {} for p in posts)
    # answering again, with no lost attempt before, is a real NotFound
    with pytest.raises(oc.NotFound):
        await resolve(group.accept_join_request(1004))
    with pytest.raises(oc.NotFound):
        await resolve(group.decline_join_request(1005))


async def test_join_request_objects_answer_themselves(group: Any, area: GroupArea) -> None:
    first, second = await collect(group.list_join_requests())
    await resolve(first.accept())
    await resolve(second.decline())
    assert area.member_role(GROUP, 1004) is not None and area.member_role(GROUP, 1005) is None
    assert area.pending_join_requests(GROUP) == []


# -- retries -------------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["accept", "decline"])
@pytest.mark.parametrize(
    "fault",
    [
        {"status": 503, "apply_then_fail": True},
        {"status": 500, "apply_then_fail": True},
        {"transport_error": "read_timeout"},
    ],
)
async def test_join_request_answer_whose_reply_was_lost_is_a_success(
    group: Any, emulator: Emulator, area: GroupArea, sleeps: list[float], verb: str, fault: dict[str, Any]
) -> None:
    emulator.inject(Fault(method="POST", path=f":{verb}$", **fault))
    assert await resolve(getattr(group, f"{verb}_join_request")(1004)) is None
    attempts = requests_to(emulator, "/join-requests/", "POST")
    assert len(attempts) == 2 and len(sleeps) == 1  # the retry found it gone: already answered
    assert area.pending_join_requests(GROUP) == [1005]
    assert (area.member_role(GROUP, 1004) is not None) is (verb == "accept")


async def test_join_request_answer_retried_after_a_plain_server_error(
    group: Any, emulator: Emulator, area: GroupArea
) -> None:
    emulator.inject(Fault(status=503, method="POST", path=":accept$"))  # not applied
    await resolve(group.accept_join_request(1005))
    assert len(requests_to(emulator, "/join-requests/", "POST")) == 2
    assert area.member_role(GROUP, 1005) is not None


async def test_update_member_is_retried(group: Any, emulator: Emulator, area: GroupArea) -> None:
    roles = area.role_ids(GROUP)
    emulator.inject(Fault(status=503, method="PATCH", path="/memberships/", apply_then_fail=True))
    member = await resolve(group.update_member(1003, roles["Officer"]))
    assert member.role_id == roles["Officer"]
    assert len(requests_to(emulator, "/memberships/", "PATCH")) == 2


async def test_update_member_retry_that_fails_is_outcome_unknown(
    oc: Any, group: Any, emulator: Emulator
) -> None:
    emulator.inject(Fault(status=503, method="PATCH", path="/memberships/"))
    emulator.inject(Fault(status=403, method="PATCH", path="/memberships/"))
    with pytest.raises(oc.OutcomeUnknown):
        await resolve(group.update_member(1003, 5))


async def test_rate_limit_is_honoured(oc: Any, group: Any, emulator: Emulator, sleeps: list[float]) -> None:
    emulator.inject(Fault(status=429, retry_after=2, path=":decline$"))
    await resolve(group.decline_join_request(1004))
    assert sleeps == [2]
    quick = group.with_options(max_retries=0)
    emulator.inject(Fault(status=429, retry_after=3, path=":accept$"))
    with pytest.raises(oc.RateLimited):
        await resolve(quick.accept_join_request(1005))


@pytest.mark.parametrize(
    ("status", "name"), [(401, "Forbidden"), (403, "Forbidden"), (404, "NotFound"), (400, "HttpException")]
)
async def test_error_mapping(oc: Any, group: Any, emulator: Emulator, status: int, name: str) -> None:
    emulator.inject(Fault(status=status, path="/groups/42", times=8))
    for call in (
        group.fetch_info,
        group.fetch_shout,
        lambda: group.fetch_member(156),
        lambda: group.update_member(156, 5),
        lambda: group.accept_join_request(1004),
    ):
        with pytest.raises(getattr(oc, name)):
            await resolve(call())
    for listing in (group.list_members, group.list_roles, group.list_join_requests):
        with pytest.raises(getattr(oc, name)):
            await collect(listing())


# -- shout ---------------------------------------------------------------------------------


async def test_fetch_shout(oc: Any, group: Any, contract: ContractTransport, area: GroupArea) -> None:
    shout = await resolve(group.fetch_shout())
    assert isinstance(shout, oc.GroupShout)
    assert shout.content == "Welcome to the demo group!"
    assert isinstance(shout.user, oc.User) and shout.user.id == OWNER
    assert shout.created_at == shout.first_created_at == CREATED
    assert repr(shout) == "<rblxopencloud.GroupShout content='Welcome to the demo group!'>"
    area.set_shout(GROUP, "New shout", 1001)
    again = await resolve(group.fetch_shout())
    assert again.content == "New shout" and again.user.id == 1001
    assert again.first_created_at == CREATED and again.created_at > CREATED
    # the poster handle shares the group's client
    await resolve(again.user.fetch_info())
    assert again.user.username == "Player1001"
    area.add_group(78, "Quiet", OWNER)
    quiet = oc.Group(78, API_KEY, transport=contract)
    nothing = await resolve(quiet.fetch_shout())
    assert nothing.content == "" and nothing.user is None and nothing.created_at is None
    await close(quiet)


# -- bad input before any request ----------------------------------------------------------

BAD_CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any], type[Exception]]] = [
    ("fetch_member", ("156",), {}, TypeError),
    ("fetch_member", (0,), {}, ValueError),
    ("update_member", (156,), {}, ValueError),
    ("update_member", (156, None), {}, ValueError),
    ("update_member", (156, "5"), {}, TypeError),
    ("update_member", (156, 0), {}, ValueError),
    ("update_member", (True, 5), {}, TypeError),
    ("update_member", (-1, 5), {}, ValueError),
    ("fetch_role", ("5",), {}, TypeError),
    ("fetch_role", (0,), {}, ValueError),
    ("fetch_role", (5,), {"skip_cache": 1}, TypeError),
    ("accept_join_request", ("1004",), {}, TypeError),
    ("accept_join_request", (0,), {}, ValueError),
    ("decline_join_request", (None,), {}, TypeError),
    ("decline_join_request", (-4,), {}, ValueError),
    ("list_members", (), {"limit": -1}, ValueError),
    ("list_members", (), {"role_id": "5"}, TypeError),
    ("list_members", (), {"role_id": 0}, ValueError),
    ("list_roles", (), {"limit": 2.5}, TypeError),
    ("list_join_requests", (), {"limit": -3}, ValueError),
    ("list_join_requests", (), {"user_id": "1004"}, TypeError),
    ("list_join_requests", (), {"user_id": 0}, ValueError),
]


@pytest.mark.parametrize(("method", "args", "kwargs", "error"), BAD_CALLS)
async def test_bad_input_before_io(
    group: Any, emulator: Emulator, method: str, args: tuple[Any, ...], kwargs: dict[str, Any], error: type
) -> None:
    await rejected_before_io(lambda: getattr(group, method)(*args, **kwargs), error, emulator, method)


async def test_member_methods_check_their_input(group: Any, emulator: Emulator) -> None:
    member = await resolve(group.fetch_member(156))
    emulator.requests.clear()
    await rejected_before_io(lambda: member.fetch_role(skip_cache="yes"), TypeError, emulator, "fetch_role")
    await rejected_before_io(lambda: member.update(), ValueError, emulator, "update")
    await rejected_before_io(lambda: member.update(role_id=-2), ValueError, emulator, "update")


@pytest.mark.parametrize("group_id", ["42", 0, -1, True, 4.2])
def test_bad_group_id(oc: Any, group_id: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        oc.Group(group_id, API_KEY)


# -- module paths and the guide's snippets ---------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Group", "GroupMember", "GroupJoinRequest", "GroupRole", "GroupRolePermissions", "GroupShout"]
)
def test_group_module_exports(oc: Any, name: str) -> None:
    module = importlib.import_module(f"{oc.__name__}.group")
    assert getattr(module, name) is getattr(oc, name)
    assert name in module.__all__


async def test_seed_multiple_keys(oc: Any, contract: ContractTransport) -> None:
    # from rblxopencloud import Experience, Group
    experience_id, group_id = DEMO_UNIVERSE_ID, 42

    experience = oc.Experience(experience_id, "api-key-1", transport=contract)
    group = oc.Group(group_id, "api-key-2", transport=contract)

    assert (await resolve(group.fetch_info())).name == "Demo Group"
    await close(experience)
    await close(group)
