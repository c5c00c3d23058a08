"""Users (profile, headshots, group memberships, followed experiences) against the emulator, in both twins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import pytest
from tests.conftest import API_KEY, close, collect, rejected_before_io, resolve
from tests.contract.checker import ContractTransport

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault, GroupArea, PlaceArea, UserArea
from rblxopencloudasync.emulator._users import DEFAULT_FOLLOW_LIMIT, DEMO_FOLLOWED_AT

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


# -- followed experiences (legacy followings API) --------------------------------------


def add_universes(emulator: Emulator, *universe_ids: int) -> None:
    for universe_id in universe_ids:
        emulator.area(PlaceArea).add_universe(universe_id, root_place_id=universe_id * 10)


async def test_fetch_experience_followings(oc: Any, user: Any, emulator: Emulator) -> None:
    followings = await resolve(user.fetch_experience_followings())
    assert len(followings) == 1
    seeded = followings[0]
    assert isinstance(seeded, oc.UserExperienceFollowing)
    assert isinstance(seeded.experience, oc.Experience) and seeded.experience.id == DEMO_UNIVERSE_ID
    assert seeded.followed_at == DEMO_FOLLOWED_AT and seeded.followed_at.tzinfo is not None
    assert seeded.is_following is True
    assert seeded.can_follow is None and seeded.following_count is None and seeded.following_limit is None
    assert (
        repr(seeded)
        == f"<rblxopencloud.UserExperienceFollowing experience=<rblxopencloud.Experience id={DEMO_UNIVERSE_ID}>>"
    )
    # the experience shares the user's client, and works
    assert seeded.experience._client is user._client
    assert (await resolve(seeded.experience.fetch_info())).name == "Open Cloud Demo"
    listed = requests_to(emulator, "/legacy-followings/")
    assert [(r.method, r.path) for r in listed] == [("GET", f"/legacy-followings/v2/users/{OWNER}/universes")]


async def test_followings_keep_the_order_they_are_listed_in(user: Any, emulator: Emulator) -> None:
    add_universes(emulator, 700, 500, 600)
    users = emulator.area(UserArea)
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    for universe_id in (700, 500, 600):
        users.add_following(OWNER, universe_id, at=when)
    followings = await resolve(user.fetch_experience_followings())
    assert [f.experience.id for f in followings] == [DEMO_UNIVERSE_ID, 700, 500, 600]
    assert [f.followed_at for f in followings[1:]] == [when] * 3


async def test_follow_status_and_unfollow(oc: Any, user: Any, emulator: Emulator) -> None:
    add_universes(emulator, 900)
    before = await resolve(user.fetch_experience_following_status(900))
    assert isinstance(before, oc.UserExperienceFollowing) and before.experience.id == 900
    assert before.is_following is False and before.can_follow is True and before.followed_at is None
    assert before.following_count == 1 and before.following_limit == DEFAULT_FOLLOW_LIMIT
    assert await resolve(user.follow_experience(900)) is None
    followed_at = emulator.area(UserArea).followings(OWNER)[900]
    assert await resolve(user.follow_experience(900)) is None  # the same state: no error, same time
    assert emulator.area(UserArea).followings(OWNER)[900] == followed_at
    after = await resolve(user.fetch_experience_following_status(900))
    assert after.is_following is True and after.following_count == 2
    assert [f.experience.id for f in await resolve(user.fetch_experience_followings())] == [
        DEMO_UNIVERSE_ID,
        900,
    ]
    assert await resolve(user.unfollow_experience(900)) is None
    assert await resolve(user.unfollow_experience(900)) is None  # not followed any more: still fine
    assert 900 not in emulator.area(UserArea).followings(OWNER)
    gone = await resolve(user.fetch_experience_following_status(900))
    assert gone.is_following is False and gone.following_count == 1
    writes = [
        (r.method, r.path, r.json) for r in requests_to(emulator, "/legacy-followings/") if r.method != "GET"
    ]
    path = f"/legacy-followings/v1/users/{OWNER}/universes/900"
    assert writes == [
        ("POST", path, None),
        ("POST", path, None),
        ("DELETE", path, None),
        ("DELETE", path, None),
    ]
    status = requests_to(emulator, "/status")[0]
    assert status.path == f"/legacy-followings/v1/users/{OWNER}/universes/900/status" and status.query == []


async def test_follow_limit(oc: Any, user: Any, emulator: Emulator) -> None:
    add_universes(emulator, 901)
    emulator.area(UserArea).follow_limit = 1  # the demo universe already counts
    status = await resolve(user.fetch_experience_following_status(901))
    assert status.can_follow is False and status.following_count == status.following_limit == 1
    with pytest.raises(oc.HttpException) as caught:
        await resolve(user.follow_experience(901))
    assert caught.value.status_code == 400
    assert "limit" in str(caught.value)
    # following what is followed already is no new following
    await resolve(user.follow_experience(DEMO_UNIVERSE_ID))
    assert (await resolve(user.fetch_experience_following_status(DEMO_UNIVERSE_ID))).can_follow is True
    await resolve(user.unfollow_experience(DEMO_UNIVERSE_ID))
    await resolve(user.follow_experience(901))
    assert list(emulator.area(UserArea).followings(OWNER)) == [901]


def following_calls(user: Any) -> list[Any]:
    return [
        lambda: user.fetch_experience_followings(),
        lambda: user.fetch_experience_following_status(DEMO_UNIVERSE_ID),
        lambda: user.follow_experience(DEMO_UNIVERSE_ID),
        lambda: user.unfollow_experience(DEMO_UNIVERSE_ID),
    ]


async def test_only_the_key_owner_s_followings(
    oc: Any, contract: ContractTransport, emulator: Emulator
) -> None:
    other = oc.User(156, API_KEY, transport=contract)  # API_KEY acts as the demo owner
    for call in following_calls(other):
        with pytest.raises(oc.Forbidden) as caught:
            await resolve(call())
        assert caught.value.status_code == 403
    assert emulator.area(UserArea).followings(156) == {}
    # a key owned by user 156 reads and changes 156's followings
    emulator.add_api_key("builderman-key", owner_id=156)
    own = oc.User(156, "builderman-key", transport=contract)
    await resolve(own.follow_experience(DEMO_UNIVERSE_ID))
    assert [f.experience.id for f in await resolve(own.fetch_experience_followings())] == [DEMO_UNIVERSE_ID]
    await close(other)
    await close(own)


async def test_following_scopes(oc: Any, contract: ContractTransport, emulator: Emulator) -> None:
    emulator.add_api_key("reader", scopes=["legacy-universe.following:read"])
    reader = oc.User(OWNER, "reader", transport=contract)
    assert len(await resolve(reader.fetch_experience_followings())) == 1
    assert (await resolve(reader.fetch_experience_following_status(DEMO_UNIVERSE_ID))).is_following is True
    with pytest.raises(oc.Forbidden):
        await resolve(reader.follow_experience(DEMO_UNIVERSE_ID))
    with pytest.raises(oc.Forbidden):
        await resolve(reader.unfollow_experience(DEMO_UNIVERSE_ID))
    emulator.add_api_key("profile-only", scopes=["user.social:read"])
    stranger = oc.User(OWNER, "profile-only", transport=contract)
    with pytest.raises(oc.Forbidden):
        await resolve(stranger.fetch_experience_followings())
    await close(reader)
    await close(stranger)


async def test_unknown_universe_is_not_found(oc: Any, user: Any, emulator: Emulator) -> None:
    for call in (user.fetch_experience_following_status, user.follow_experience, user.unfollow_experience):
        with pytest.raises(oc.NotFound) as caught:
            await resolve(call(424242))
        assert caught.value.error_code == 0  # the legacy error shape
    assert 424242 not in emulator.area(UserArea).followings(OWNER)


EXPERIENCE_ID_BAD: list[tuple[Any, type[Exception]]] = [
    (0, ValueError),
    (-5, ValueError),
    (2**63, ValueError),
    ("13058", TypeError),
    (13058.0, TypeError),
    (True, TypeError),
    (None, TypeError),
]


@pytest.mark.parametrize(
    "method", ["fetch_experience_following_status", "follow_experience", "unfollow_experience"]
)
@pytest.mark.parametrize(("experience_id", "error"), EXPERIENCE_ID_BAD)
async def test_following_bad_input_before_io(
    user: Any, emulator: Emulator, method: str, experience_id: Any, error: type[Exception]
) -> None:
    call = getattr(user, method)
    await rejected_before_io(lambda: call(experience_id), error, emulator, f"{method}({experience_id!r})")


FOLLOWINGS_BAD: list[Any] = [
    [],
    {"followerId": OWNER},
    {"followedSources": []},
    {"followedSources": {"abc": "2024-01-01T00:00:00Z"}},
    {"followedSources": {"0": "2024-01-01T00:00:00Z"}},
    {"followedSources": {"-3": "2024-01-01T00:00:00Z"}},
    {"followedSources": {str(2**63): "2024-01-01T00:00:00Z"}},
    {"followedSources": {"13058": "yesterday"}},
    {"followedSources": {"13058": None}},
    {"followedSources": {"13058": 1714847400}},
]
STATUS_BAD: list[Any] = [
    "null",
    {"UniverseId": DEMO_UNIVERSE_ID},
    {"UniverseId": DEMO_UNIVERSE_ID, "IsFollowing": "yes"},
    {"UniverseId": 1, "IsFollowing": True},
    {"UniverseId": "x", "IsFollowing": True},
    {"UniverseId": DEMO_UNIVERSE_ID, "IsFollowing": True, "FollowingCountByType": "many"},
    {"UniverseId": DEMO_UNIVERSE_ID, "IsFollowing": True, "CanFollow": 1},
]


@pytest.mark.parametrize("body", FOLLOWINGS_BAD)
async def test_bad_followings_answer(oc: Any, user: Any, emulator: Emulator, body: Any) -> None:
    emulator.inject(Fault(status=200, body=body, path="/legacy-followings/v2/"))
    with pytest.raises(oc.UnexpectedResponse):
        await resolve(user.fetch_experience_followings())


@pytest.mark.parametrize("body", STATUS_BAD)
async def test_bad_status_answer(oc: Any, user: Any, emulator: Emulator, body: Any) -> None:
    emulator.inject(Fault(status=200, body=body, path="/status$"))
    with pytest.raises(oc.UnexpectedResponse):
        await resolve(user.fetch_experience_following_status(DEMO_UNIVERSE_ID))


async def test_status_answer_may_leave_out_the_counts(user: Any, emulator: Emulator) -> None:
    # the status schema marks no field required: only IsFollowing (and the universe) are needed
    emulator.inject(Fault(status=200, body={"UniverseId": str(DEMO_UNIVERSE_ID), "IsFollowing": False}))
    status = await resolve(user.fetch_experience_following_status(DEMO_UNIVERSE_ID))
    assert status.is_following is False
    assert status.can_follow is None and status.following_count is None and status.following_limit is None
    emulator.inject(Fault(status=200, body={"followedSources": {}, "followerId": OWNER}))
    assert await resolve(user.fetch_experience_followings()) == []


async def test_following_model_is_shared_and_frozen(oc: Any, user: Any) -> None:
    import rblxopencloud
    import rblxopencloudasync

    assert oc.UserExperienceFollowing is rblxopencloud.user.UserExperienceFollowing
    assert oc.UserExperienceFollowing is rblxopencloudasync.UserExperienceFollowing
    following = (await resolve(user.fetch_experience_followings()))[0]
    with pytest.raises(AttributeError):
        following.is_following = False
    assert following == following.__class__(following.experience, DEMO_FOLLOWED_AT, True, None, None, None)


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


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "HttpException"),
        (401, "Forbidden"),
        (403, "Forbidden"),
        (404, "NotFound"),
        (429, "RateLimited"),
        (500, "ServerError"),
    ],
)
async def test_following_error_mapping(
    oc: Any, user: Any, emulator: Emulator, status: int, name: str
) -> None:
    quick = user.with_options(max_retries=0)
    legacy = {"errors": [{"code": 7, "message": "Nope."}]}
    for call in following_calls(quick):
        emulator.inject(Fault(status=status, body=legacy, path="/legacy-followings/"))
        with pytest.raises(getattr(oc, name)) as caught:
            await resolve(call())
        assert caught.value.status_code == status and caught.value.error_code == 7
        assert "Nope." in str(caught.value)


async def test_following_writes_are_resent(
    oc: Any, user: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    # following twice leaves the same state, so an unknown outcome is retried, not surfaced
    add_universes(emulator, 902)
    emulator.inject(Fault(status=503, method="POST", path="/legacy-followings/", apply_then_fail=True))
    emulator.inject(Fault(transport_error="read_timeout", method="POST", path="/legacy-followings/"))
    await resolve(user.follow_experience(902))
    assert 902 in emulator.area(UserArea).followings(OWNER)
    emulator.inject(Fault(status=500, method="DELETE", path="/legacy-followings/", apply_then_fail=True))
    await resolve(user.unfollow_experience(902))
    assert 902 not in emulator.area(UserArea).followings(OWNER)
    emulator.inject(Fault(status=502, path="/legacy-followings/v2/"))
    emulator.inject(Fault(status=503, path="/status$"))
    assert len(await resolve(user.fetch_experience_followings())) == 1
    assert (await resolve(user.fetch_experience_following_status(902))).is_following is False
    assert len(sleeps) == 5
    posts = [r for r in requests_to(emulator, "/universes/902") if r.method == "POST"]
    assert len(posts) == 3


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
