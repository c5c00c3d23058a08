"""Users (profile, headshots, group memberships) against the emulator, in both twins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import pytest
from tests.conftest import API_KEY, close, collect, rejected_before_io, resolve
from tests.contract.checker import ContractTransport

from rblxopencloudasync.emulator import Emulator, Fault, GroupArea, UserArea

OWNER = 287113233  # owns the demo universe and group 42


@pytest.fixture
async def user(oc: ModuleType, contract: ContractTransport) -> AsyncIterator[Any]:
    handle = oc.User(OWNER, API_KEY, transport=contract)
    yield handle
    await close(handle)


def requests_to(emulator: Emulator, fragment: str) -> list[Any]:
    return [r for r in emulator.requests if fragment in r.path]


# -- profile -------------------------------------------------------------------------


async def test_fetch_info_fills_every_attribute(oc: Any, user: Any) -> None:
    assert user.username is None and user.name is None and user.social_links is None
    assert user.profile_uri == f"https://www.roblox.com/users/{OWNER}/profile"
    same = await resolve(user.fetch_info())
    assert same is user
    assert user.username == "DemoOwner" and user.name == "DemoOwner"
    assert user.display_name == "Demo Owner"
    assert user.created_at == datetime(2021, 8, 2, 4, 15, tzinfo=timezone.utc)
    assert user.about == "I make the demo experience."
    assert user.locale == "en-us"
    assert user.premium is True and user.id_verified is True
    assert user.headshot_uri is None
    links = user.social_links
    assert isinstance(links, oc.UserSocialLinks)
    assert links.youtube_uri == "https://www.youtube.com/@demo"
    assert links.twitter_uri == "https://twitter.com/demo"
    assert links.facebook_uri == links.twitch_uri == links.guilded_uri == ""
    assert links.visibility is oc.UserVisibility.Everyone
    assert repr(links) == (
        "<rblxopencloud.UserSocialLinks twitter_uri='https://twitter.com/demo' "
        "youtube_uri='https://www.youtube.com/@demo' visibility=UserVisibility.Everyone>"
    )
    assert repr(user) == f"<rblxopencloud.User id={OWNER}>"


async def test_fetch_info_of_a_plain_user(oc: Any, contract: ContractTransport, emulator: Emulator) -> None:
    emulator.area(UserArea).add_user(
        77, "quiet", social={"twitch": "https://twitch.tv/q"}, visibility="FRIENDS_AND_FOLLOWING"
    )
    user = oc.User(77, API_KEY, transport=contract)
    await resolve(user.fetch_info())
    assert user.username == "quiet" and user.display_name == "quiet"
    assert user.about is None and user.premium is False and user.id_verified is None
    assert user.social_links.twitch_uri == "https://twitch.tv/q"
    assert user.social_links.visibility is oc.UserVisibility.Following
    plain = oc.User(156, API_KEY, transport=contract)
    await resolve(plain.fetch_info())
    assert plain.username == "builderman" and plain.social_links is None
    await close(user)
    await close(plain)


@pytest.mark.parametrize(
    ("wire", "name"),
    [
        ("NO_ONE", "Noone"),
        ("FRIENDS", "Friends"),
        ("FRIENDS_AND_FOLLOWING", "Following"),
        ("FRIENDS_FOLLOWING_AND_FOLLOWERS", "Followers"),
        ("EVERYONE", "Everyone"),
        ("SOMETHING_NEW", "Unknown"),
        (None, "Unknown"),
    ],
)
def test_visibility_from_wire(oc: Any, wire: Any, name: str) -> None:
    assert oc.UserVisibility.from_wire(wire) is getattr(oc.UserVisibility, name)


async def test_unknown_user_is_not_found(oc: Any, contract: ContractTransport) -> None:
    ghost = oc.User(999_999, API_KEY, transport=contract)
    with pytest.raises(oc.NotFound):
        await resolve(ghost.fetch_info())
    with pytest.raises(oc.NotFound):
        await resolve(ghost.generate_headshot())
    await close(ghost)


# -- headshots -----------------------------------------------------------------------


async def test_headshot_done_in_the_first_answer(oc: Any, user: Any, emulator: Emulator) -> None:
    emulator.area(UserArea).thumbnail_polls = 0
    operation = await resolve(user.generate_headshot())
    assert isinstance(operation, oc.Operation) and operation.is_done
    uri = await resolve(operation.wait())
    assert uri.startswith("https://tr.rbxcdn.com/") and "/420/420/AvatarHeadshot/Png/noFilter" in uri
    assert len(requests_to(emulator, "/operations/")) == 0
    generate = requests_to(emulator, ":generateThumbnail")[0]
    assert dict(generate.query) == {"size": "420", "format": "PNG", "shape": "SQUARE"}


async def test_headshot_polled_until_done(user: Any, emulator: Emulator, sleeps: list[float]) -> None:
    emulator.area(UserArea).thumbnail_polls = 3
    operation = await resolve(user.generate_headshot(size=48, format="jpeg", is_circular=True))
    assert not operation.is_done
    uri = await resolve(operation.wait())
    assert "/48/48/AvatarHeadshot/Jpeg/isCircular" in uri
    polls = requests_to(emulator, "/operations/")
    assert len(polls) == 3 and all(p.path.startswith(f"/cloud/v2/users/{OWNER}/operations/") for p in polls)
    assert len(sleeps) == 2 and all(s > 0 for s in sleeps)  # never a tight loop
    assert dict(requests_to(emulator, ":generateThumbnail")[0].query) == {
        "size": "48",
        "format": "JPEG",
        "shape": "ROUND",
    }


async def test_headshot_status_and_timeout(oc: Any, user: Any, emulator: Emulator) -> None:
    emulator.area(UserArea).thumbnail_polls = 5
    operation = await resolve(user.generate_headshot(size=720))
    assert await resolve(operation.fetch_status()) is None
    with pytest.raises(oc.OperationTimeout):
        await resolve(operation.wait(timeout_seconds=0))


HEADSHOT_BAD: list[tuple[dict[str, Any], type[Exception]]] = [
    ({"size": 421}, ValueError),
    ({"size": 0}, ValueError),
    ({"size": "420"}, TypeError),
    ({"size": True}, TypeError),
    ({"size": 420.0}, TypeError),
    ({"format": "gif"}, ValueError),
    ({"format": b"png"}, TypeError),
    ({"is_circular": 1}, TypeError),
    ({"is_circular": None}, TypeError),
]


@pytest.mark.parametrize(("kwargs", "error"), HEADSHOT_BAD)
async def test_headshot_bad_input_before_io(
    user: Any, emulator: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    await rejected_before_io(lambda: user.generate_headshot(**kwargs), error, emulator, str(kwargs))


# -- group memberships ---------------------------------------------------------------


async def test_list_groups(oc: Any, user: Any, emulator: Emulator) -> None:
    memberships = await collect(user.list_groups())
    assert [m.group.id for m in memberships] == [42, 43]
    first = memberships[0]
    assert isinstance(first, oc.GroupMember) and isinstance(first, oc.User)
    assert isinstance(first.group, oc.Group) and first.id == OWNER
    roles = emulator.area(GroupArea).role_ids(42)
    assert first.role_id == roles["Owner"]
    assert first.joined_at == datetime(2022, 3, 14, 9, 26, 53, tzinfo=timezone.utc)
    assert first.updated_at == first.joined_at
    query = dict(requests_to(emulator, "/groups/-/memberships")[0].query)
    assert query == {"filter": f"user == 'users/{OWNER}'", "maxPageSize": "100"}
    # the group handle shares the user's client and works
    group = await resolve(first.group.fetch_info())
    assert group.name == "Demo Group"
    role = await resolve(first.fetch_role())
    assert role.name == "Owner" and role.rank == 255


async def test_list_groups_across_pages_and_limit(
    oc: Any, contract: ContractTransport, emulator: Emulator
) -> None:
    groups = emulator.area(GroupArea)
    for group_id in range(5000, 5230):
        groups.add_group(group_id, f"Group {group_id}", 1003)
    member = oc.User(1003, API_KEY, transport=contract)
    everything = await collect(member.list_groups())
    assert [m.group.id for m in everything] == [42, *range(5000, 5230)]
    assert len(requests_to(emulator, "/groups/-/memberships")) == 3
    emulator.requests.clear()
    few = await collect(member.list_groups(limit=5))
    assert len(few) == 5
    listed = requests_to(emulator, "/groups/-/memberships")
    assert len(listed) == 1 and dict(listed[0].query)["maxPageSize"] == "5"
    assert await collect(member.list_groups(limit=0)) == []
    await close(member)


@pytest.mark.parametrize(("limit", "error"), [(-1, ValueError), (1.5, TypeError), ("3", TypeError)])
async def test_list_groups_bad_limit(
    user: Any, emulator: Emulator, limit: Any, error: type[Exception]
) -> None:
    await rejected_before_io(lambda: user.list_groups(limit=limit), error, emulator, "list_groups")


# -- errors and retries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "name"), [(401, "Forbidden"), (403, "Forbidden"), (404, "NotFound"), (429, "RateLimited")]
)
async def test_error_mapping(oc: Any, user: Any, emulator: Emulator, status: int, name: str) -> None:
    quick = user.with_options(max_retries=0)
    emulator.inject(Fault(status=status, path="/cloud/v2/", times=3))
    with pytest.raises(getattr(oc, name)):
        await resolve(quick.fetch_info())
    with pytest.raises(getattr(oc, name)):
        await resolve(quick.generate_headshot())
    with pytest.raises(getattr(oc, name)):
        await collect(quick.list_groups())


async def test_reads_are_retried(user: Any, emulator: Emulator, sleeps: list[float]) -> None:
    emulator.inject(Fault(status=503, path=f"/users/{OWNER}$"))
    emulator.inject(Fault(transport_error="read_timeout", path=":generateThumbnail"))
    emulator.inject(Fault(status=500, path="/groups/-/memberships"))
    await resolve(user.fetch_info())
    assert user.username == "DemoOwner"
    await resolve(user.generate_headshot())
    assert len(await collect(user.list_groups())) == 2
    assert len(sleeps) == 3


# -- the rblx-open-cloud guide's snippets (ids and transport adapted) -----------------


async def test_seed_fetch_user_information(oc: Any, contract: ContractTransport, capsys: Any) -> None:
    rblxopencloud = oc

    # Initialize the User object with user ID and API key
    user = rblxopencloud.User(287113233, "api-key", transport=contract)

    # Fetch the user's information
    await resolve(user.fetch_info())

    # Print the user's display name and username
    print(user.display_name, user.username)

    assert capsys.readouterr().out == "Demo Owner DemoOwner\n"
    await close(user)


async def test_seed_list_groups(oc: Any, user: Any, capsys: Any) -> None:
    # (the guide reads access.user, the User of an OAuth2 access token)
    for membership in await collect(user.list_groups()):
        print(membership)

    assert capsys.readouterr().out.splitlines() == [
        f"<rblxopencloud.GroupMember id={OWNER} group=<rblxopencloud.Group id=42>>",
        f"<rblxopencloud.GroupMember id={OWNER} group=<rblxopencloud.Group id=43>>",
    ]
