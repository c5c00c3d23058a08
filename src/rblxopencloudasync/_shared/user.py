"""User models shared by both twins: social links and their visibility, the
fields of a ``users/{id}`` answer, and the checks of ``generate_headshot``.

The users API is cloud v2: ``GET /cloud/v2/users/{user_id}`` (the profile),
``GET /cloud/v2/users/{user_id}:generateThumbnail`` (an operation, polled at
``GET /cloud/v2/users/{user_id}/operations/{operation_id}``). Followed
experiences come from the legacy followings API, whose answers keep the old
web API shapes: ``GET /legacy-followings/v2/users/{user_id}/universes`` and
``GET /legacy-followings/v1/users/{user_id}/universes/{universe_id}/status``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from .checks import INT64_MAX, check_bool, check_int
from .fields import (
    ResponseShapeError,
    as_object,
    opt_bool,
    opt_int,
    opt_object,
    opt_str,
    opt_time,
    req_bool,
    req_int,
    req_object,
    req_str,
    req_time,
)
from .handles import ExperienceHandle
from .reprs import model_repr

__all__ = [
    "HEADSHOT_FORMATS",
    "HEADSHOT_SIZES",
    "UserExperienceFollowing",
    "UserProfile",
    "UserSocialLinks",
    "UserVisibility",
    "check_experience_id",
    "headshot_params",
    "image_uri",
    "profile_uri",
]

HEADSHOT_SIZES = (48, 50, 60, 75, 100, 110, 150, 180, 352, 420, 720)
"""The headshot sizes (pixels) Roblox renders."""

HEADSHOT_FORMATS = ("png", "jpeg")
"""The image formats of a headshot."""


class UserVisibility(Enum):
    """Who can see a user's social links.

    Attributes:
        Unknown: The visibility is unknown or not given.
        Noone: No one.
        Friends: The user's friends.
        Following: Friends and the users the user follows.
        Followers: Friends, the users the user follows, and their followers.
        Everyone: Everyone.
    """

    Unknown = 0
    Noone = 1
    Friends = 2
    Following = 3
    Followers = 4
    Everyone = 5

    @classmethod
    def from_wire(cls, value: Any) -> UserVisibility:
        """The visibility named by ``socialNetworkProfiles.visibility`` (``NO_ONE``, ...)."""
        if not isinstance(value, str):
            return cls.Unknown
        return _VISIBILITIES.get(value.upper(), cls.Unknown)


_VISIBILITIES: dict[str, UserVisibility] = {
    "NO_ONE": UserVisibility.Noone,
    "FRIENDS": UserVisibility.Friends,
    "FRIENDS_AND_FOLLOWING": UserVisibility.Following,
    "FRIENDS_FOLLOWING_AND_FOLLOWERS": UserVisibility.Followers,
    "EVERYONE": UserVisibility.Everyone,
}


@dataclass(frozen=True, slots=True, repr=False)
class UserSocialLinks:
    """A user's social network profiles (needs the ``user.social:read`` scope).

    Attributes:
        facebook_uri: The Facebook profile URI (``""`` when not set).
        guilded_uri: The Guilded profile URI (``""`` when not set).
        twitch_uri: The Twitch profile URI (``""`` when not set).
        twitter_uri: The Twitter profile URI (``""`` when not set).
        youtube_uri: The YouTube profile URI (``""`` when not set).
        visibility: Who can see these links, a `UserVisibility`.
    """

    facebook_uri: str
    guilded_uri: str
    twitch_uri: str
    twitter_uri: str
    youtube_uri: str
    visibility: UserVisibility

    @classmethod
    def from_wire(cls, data: Any) -> UserSocialLinks:
        """Read a ``User_SocialNetworkProfiles`` object (cloud v2 leaves empty strings out)."""
        data = as_object(data, "the social network profiles")
        return cls(
            facebook_uri=opt_str(data, "facebook") or "",
            guilded_uri=opt_str(data, "guilded") or "",
            twitch_uri=opt_str(data, "twitch") or "",
            twitter_uri=opt_str(data, "twitter") or "",
            youtube_uri=opt_str(data, "youtube") or "",
            visibility=UserVisibility.from_wire(data.get("visibility")),
        )

    def __repr__(self) -> str:
        links = {
            name: getattr(self, name)
            for name in ("facebook_uri", "guilded_uri", "twitch_uri", "twitter_uri", "youtube_uri")
            if getattr(self, name)
        }
        return model_repr(self, **links, visibility=self.visibility)


@dataclass(frozen=True, slots=True)
class UserProfile:
    """The fields of a ``User`` resource, read once and copied onto a `User` handle."""

    username: str | None
    display_name: str | None
    created_at: datetime | None
    about: str | None
    locale: str | None
    premium: bool
    id_verified: bool | None
    social_links: UserSocialLinks | None

    @classmethod
    def from_wire(cls, body: Any) -> UserProfile:
        """Read a cloud v2 ``User``. Fields a key's scopes do not cover are
        left out of the answer and read as ``None``."""
        data = as_object(body)
        req_str(data, "path")  # the one field every User answer carries
        social = opt_object(data, "socialNetworkProfiles")
        return cls(
            username=opt_str(data, "name"),
            display_name=opt_str(data, "displayName"),
            created_at=opt_time(data, "createTime"),
            about=opt_str(data, "about"),
            locale=opt_str(data, "locale"),
            premium=opt_bool(data, "premium") is True,  # left out when false
            id_verified=opt_bool(data, "idVerified"),
            social_links=UserSocialLinks.from_wire(social) if social is not None else None,
        )


@dataclass(frozen=True, slots=True, repr=False)
class UserExperienceFollowing:
    """An experience a user follows, or the user's following status of one experience.

    Attributes:
        experience: The `Experience` followed (it shares the user's client).
        followed_at: When the user followed the experience; only from
            `User.fetch_experience_followings`, else ``None``.
        is_following: Whether the user follows the experience (always ``True``
            from `User.fetch_experience_followings`).
        can_follow: Whether the user may follow the experience; only from
            `User.fetch_experience_following_status`, else ``None``.
        following_count: How many experiences the user follows; only from
            `User.fetch_experience_following_status`, else ``None``.
        following_limit: How many experiences the user may follow at most;
            only from `User.fetch_experience_following_status`, else ``None``.
    """

    experience: ExperienceHandle
    followed_at: datetime | None
    is_following: bool
    can_follow: bool | None
    following_count: int | None
    following_limit: int | None

    @classmethod
    def list_from_wire(
        cls, body: Any, experience: Callable[[int], ExperienceHandle]
    ) -> list[UserExperienceFollowing]:
        """Read a ``FollowsByTypeResponse``: ``followedSources`` maps each
        universe ID (a string) to the time it was followed. ``experience``
        makes the handle of a universe."""
        data = as_object(body)
        sources = req_object(data, "followedSources")
        followings = []
        for key in sources:
            if not (key.isascii() and key.isdigit()) or not 0 < int(key) <= INT64_MAX:
                raise ResponseShapeError(
                    f"'followedSources' has a key that is not a universe ID: {key[:40]!r}"
                )
            followings.append(
                cls(
                    experience=experience(int(key)),
                    followed_at=req_time(sources, key),
                    is_following=True,
                    can_follow=None,
                    following_count=None,
                    following_limit=None,
                )
            )
        return followings

    @classmethod
    def status_from_wire(cls, body: Any, experience: ExperienceHandle) -> UserExperienceFollowing:
        """Read a ``UserFollowingUniverseStatusResponse`` (PascalCase fields)
        about ``experience``."""
        data = as_object(body)
        if req_int(data, "UniverseId") != experience.id:
            raise ResponseShapeError(
                f"the status is about universe {data['UniverseId']}, not {experience.id}"
            )
        return cls(
            experience=experience,
            followed_at=None,
            is_following=req_bool(data, "IsFollowing"),
            can_follow=opt_bool(data, "CanFollow"),
            following_count=opt_int(data, "FollowingCountByType"),
            following_limit=opt_int(data, "FollowingLimitByType"),
        )

    def __repr__(self) -> str:
        return model_repr(self, experience=self.experience)


def profile_uri(user_id: int) -> str:
    """The URI of a user's profile page on the Roblox website."""
    return f"https://www.roblox.com/users/{user_id}/profile"


def headshot_params(size: Any, format: Any, is_circular: Any) -> dict[str, str | int]:  # noqa: A002
    """The validated query of ``:generateThumbnail``."""
    if isinstance(size, bool) or not isinstance(size, int):
        raise TypeError(f"size must be an int, got {type(size).__name__}")
    if size not in HEADSHOT_SIZES:
        raise ValueError(f"size must be one of {', '.join(map(str, HEADSHOT_SIZES))}; got {size}")
    if not isinstance(format, str):
        raise TypeError(f"format must be a str, got {type(format).__name__}")
    if format.lower() not in HEADSHOT_FORMATS:
        raise ValueError(f"format must be 'png' or 'jpeg', got {format!r}")
    circular = check_bool(is_circular, "is_circular")
    return {"size": size, "format": format.upper(), "shape": "ROUND" if circular else "SQUARE"}


def check_experience_id(experience_id: Any) -> int:
    """A universe ID argument (``experience_id``), checked before any request."""
    return check_int(experience_id, "experience_id", minimum=1)


def image_uri(response: Any) -> str:
    """The ``imageUri`` of a finished thumbnail operation's response."""
    return req_str(as_object(response, "the thumbnail"), "imageUri")
