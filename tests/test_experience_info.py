"""Experience information: fetch_info, update, get_place, age ratings and social links."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import API_KEY, close, resolve

from rblxopencloudasync._shared.experience import ExperienceAgeRating as SharedAgeRating
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault
from rblxopencloudasync.emulator._places import PlaceArea

UNIVERSE_PATH = f"/cloud/v2/universes/{DEMO_UNIVERSE_ID}$"
INFO_ATTRIBUTES = [
    "owner",
    "name",
    "description",
    "created_at",
    "updated_at",
    "root_place",
    "public",
    "voice_chat_enabled",
    "age_rating",
    "private_server_price",
    "desktop_enabled",
    "mobile_enabled",
    "tablet_enabled",
    "console_enabled",
    "vr_enabled",
    "facebook_social_link",
    "twitter_social_link",
    "youtube_social_link",
    "twitch_social_link",
    "discord_social_link",
    "group_social_link",
    "guilded_social_link",
]


async def test_attributes_exist_before_fetch(oc: Any, experience: Any, emulator: Emulator) -> None:
    for name in INFO_ATTRIBUTES:
        assert getattr(experience, name) is None, name
    assert not emulator.requests


async def test_fetch_info_fills_attributes(oc: Any, experience: Any, emulator: Emulator) -> None:
    result = await resolve(experience.fetch_info())
    assert result is experience
    assert experience.name == "Open Cloud Demo"
    assert experience.description == "The demo experience of the Open Cloud emulator."
    assert isinstance(experience.owner, oc.User)
    assert experience.owner.id == 287113233
    assert experience.owner._client is experience._client  # shares the pool
    assert experience.created_at is not None and experience.created_at.tzinfo is not None
    assert experience.updated_at is not None and experience.updated_at >= experience.created_at
    assert experience.public is True
    assert experience.voice_chat_enabled is True
    assert experience.age_rating is oc.ExperienceAgeRating.Minimal
    assert experience.private_server_price == 100
    assert (experience.desktop_enabled, experience.mobile_enabled, experience.tablet_enabled) == (True,) * 3
    assert (experience.console_enabled, experience.vr_enabled) == (False, False)
    assert experience.discord_social_link == oc.ExperienceSocialLink(
        "Demo Discord", "https://discord.gg/roblox"
    )
    assert experience.facebook_social_link is None
    place = experience.root_place
    assert isinstance(place, oc.Place)
    assert (place.id, place.experience, place.is_root_place) == (1818, experience, True)
    assert place.name is None  # the place itself is not fetched


async def test_fetch_info_group_owner(oc: Any, emulator: Emulator, contract: Any) -> None:
    emulator.area(PlaceArea).add_universe(555, root_place_id=777, name="Group Game", owner="groups/42")
    experience = oc.Experience(555, API_KEY, transport=contract)
    try:
        await resolve(experience.fetch_info())
        assert isinstance(experience.owner, oc.Group)
        assert experience.owner.id == 42
        assert experience.name == "Group Game"
        assert experience.root_place.id == 777
        assert experience.private_server_price is None
        assert experience.age_rating is oc.ExperienceAgeRating.Unspecified
    finally:
        await close(experience)


async def test_fetch_info_missing_universe_is_not_found(oc: Any, contract: Any) -> None:
    experience = oc.Experience(424242, API_KEY, transport=contract)
    try:
        with pytest.raises(oc.NotFound) as info:
            await resolve(experience.fetch_info())
        assert info.value.status_code == 404
        assert experience.name is None
    finally:
        await close(experience)


async def test_fetch_info_forbidden(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, method="GET", path=UNIVERSE_PATH))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.fetch_info())


async def test_update_sends_only_given_fields(oc: Any, experience: Any, emulator: Emulator) -> None:
    link = oc.ExperienceSocialLink("Follow us", "https://twitter.com/roblox")
    result = await resolve(
        experience.update(voice_chat_enabled=False, console_enabled=True, twitter_social_link=link)
    )
    assert result is experience
    sent = emulator.requests[-1]
    assert sent.method == "PATCH"
    assert dict(sent.query) == {"updateMask": "voiceChatEnabled,consoleEnabled,twitterSocialLink"}
    assert sent.json == {
        "voiceChatEnabled": False,
        "consoleEnabled": True,
        "twitterSocialLink": {"title": "Follow us", "uri": "https://twitter.com/roblox"},
    }
    assert experience.voice_chat_enabled is False
    assert experience.console_enabled is True
    assert experience.twitter_social_link == link
    # the emulator answers with the whole resource, so everything else is filled too
    assert experience.name == "Open Cloud Demo"
    await resolve(experience.fetch_info())
    assert experience.voice_chat_enabled is False
    assert experience.twitter_social_link == link
    assert experience.discord_social_link is not None  # untouched


async def test_update_disables_private_servers_and_removes_links(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    await resolve(experience.update(private_server_price=False, discord_social_link=False))
    sent = emulator.requests[-1]
    assert dict(sent.query) == {"updateMask": "privateServerPriceRobux,discordSocialLink"}
    assert sent.json == {"privateServerPriceRobux": None, "discordSocialLink": None}
    assert experience.private_server_price is None
    assert experience.discord_social_link is None
    await resolve(experience.update(private_server_price=250))
    assert emulator.requests[-1].json == {"privateServerPriceRobux": 250}
    assert experience.private_server_price == 250
    await resolve(experience.update(private_server_price=0))
    assert experience.private_server_price == 0


async def test_update_with_partial_response_keeps_other_attributes(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    await resolve(experience.fetch_info())
    # "guaranteed to return all updated fields; may additionally return the full resource"
    emulator.inject(
        Fault(status=200, method="PATCH", path=UNIVERSE_PATH, body={"path": f"universes/{DEMO_UNIVERSE_ID}"})
    )
    await resolve(experience.update(private_server_price=False, vr_enabled=True))
    assert experience.private_server_price is None  # masked, absent from the answer: cleared
    assert experience.vr_enabled is None  # masked, absent from the answer
    assert experience.name == "Open Cloud Demo"  # not masked, not in the answer: kept
    assert experience.discord_social_link is not None


async def test_update_error_mapping(oc: Any, experience: Any, emulator: Emulator, contract: Any) -> None:
    emulator.inject(Fault(status=403, method="PATCH", path=UNIVERSE_PATH))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.update(voice_chat_enabled=True))
    missing = oc.Experience(424242, API_KEY, transport=contract)
    try:
        with pytest.raises(oc.NotFound):
            await resolve(missing.update(voice_chat_enabled=True))
    finally:
        await close(missing)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, ValueError),
        ({"voice_chat_enabled": "yes"}, TypeError),
        ({"desktop_enabled": 1}, TypeError),
        ({"private_server_price": True}, ValueError),
        ({"private_server_price": -1}, ValueError),
        ({"private_server_price": 2**31}, ValueError),
        ({"private_server_price": 1.5}, TypeError),
        ({"discord_social_link": "https://discord.gg/x"}, TypeError),
        ({"guilded_social_link": True}, TypeError),
    ],
)
async def test_update_validates_before_io(
    oc: Any, experience: Any, emulator: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await resolve(experience.update(**kwargs))
    assert not emulator.requests


async def test_get_place_makes_no_request(oc: Any, experience: Any, emulator: Emulator) -> None:
    place = experience.get_place(1819)
    assert isinstance(place, oc.Place)
    assert (place.id, place.experience) == (1819, experience)
    unfetched = (
        place.name,
        place.description,
        place.created_at,
        place.updated_at,
        place.server_size,
        place.is_root_place,
        place.is_universe_runtime_creation,
    )
    assert unfetched == (None,) * 7  # every attribute but id and experience is None until fetched
    assert "1819" in repr(place)
    with pytest.raises(TypeError):
        experience.get_place("1819")
    with pytest.raises(ValueError):
        experience.get_place(0)
    assert not emulator.requests


async def test_root_place_object_is_kept_across_fetches(oc: Any, experience: Any) -> None:
    await resolve(experience.fetch_info())
    place = experience.root_place
    await resolve(place.fetch_info())
    await resolve(experience.fetch_info())
    assert experience.root_place is place
    assert place.name == "Open Cloud Demo"


def test_social_link_model(oc: Any) -> None:
    link = oc.ExperienceSocialLink(title="Discord", uri="https://discord.gg/x")
    assert (link.title, link.uri) == ("Discord", "https://discord.gg/x")
    assert link == oc.ExperienceSocialLink("Discord", "https://discord.gg/x")
    assert "discord.gg" in repr(link)
    with pytest.raises(TypeError):
        oc.ExperienceSocialLink(1, "https://discord.gg/x")
    with pytest.raises(TypeError):
        oc.ExperienceSocialLink("x", None)
    with pytest.raises(ValueError):
        oc.ExperienceSocialLink("x", "")
    assert oc.ExperienceSocialLink.from_wire({"uri": "https://a"}) == oc.ExperienceSocialLink("", "https://a")
    assert oc.ExperienceSocialLink.from_wire({}) is None
    assert oc.ExperienceSocialLink.from_wire(None) is None


def test_age_rating_enum(oc: Any) -> None:
    rating = oc.ExperienceAgeRating
    assert rating is SharedAgeRating  # one shared enum for both twins
    assert [member.name for member in rating] == [
        "Unknown",
        "Unspecified",
        "Minimal",
        "Mild",
        "Moderate",
        "Restricted",
    ]
    assert [member.value for member in rating] == [0, 1, 2, 3, 4, 5]
    assert rating.AllAges is rating.Minimal
    assert rating.NinePlus is rating.Mild
    assert rating.ThirteenPlus is rating.Moderate
    assert rating.SeventeenPlus is rating.Restricted


@pytest.mark.parametrize(
    ("wire", "name"),
    [
        ("AGE_RATING_UNSPECIFIED", "Unspecified"),
        (None, "Unspecified"),
        ("AGE_RATING_ALL", "Minimal"),
        ("AGE_RATING_9_PLUS", "Mild"),
        ("AGE_RATING_13_PLUS", "Moderate"),
        ("AGE_RATING_17_PLUS", "Restricted"),
        ("AGE_RATING_MINIMAL", "Minimal"),
        ("AGE_RATING_RESTRICTED", "Restricted"),
        ("AGE_RATING_SOMETHING_NEW", "Unknown"),
        (7, "Unknown"),
    ],
)
def test_age_rating_from_wire(wire: Any, name: str) -> None:
    assert SharedAgeRating.from_wire(wire) is SharedAgeRating[name]
