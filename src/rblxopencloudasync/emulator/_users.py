"""The users area: user profiles (``GET /cloud/v2/users/{id}``), avatar
headshots (``:generateThumbnail`` and its operations) and followed experiences
(the legacy followings API).

A thumbnail operation is done in its first answer when the area's
``thumbnail_polls`` is 0 (Roblox often answers that way), else on that many
polls of ``GET /cloud/v2/users/{id}/operations/{operation}``; it starts as the
emulator's ``operation_polls``. Tests add users with `UserArea.add_user`.

Followings answer in the legacy web API shapes (errors too:
``{"errors": [{"code": 0, "message"}]}``). Only the user a credential acts
as (a registered key's owner, else the demo universe's owner) may read or
change their followings (403 otherwise); following a universe no area knows
is a 404, and so are its status and unfollowing it. Following is idempotent
(following twice, or unfollowing what is not followed, answers 200), and a
user may follow at most `UserArea.follow_limit` universes (400 beyond).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ._area import Area, Context, Request, Route, parse_id, parse_universe_id
from ._errors import ApiError, invalid, not_found
from ._time import format_time

__all__ = ["DEFAULT_FOLLOW_LIMIT", "DEMO_FOLLOWED_AT", "UserArea", "UserProfile"]

DEFAULT_FOLLOW_LIMIT = 200
"""How many universes a user may follow, until a test sets `UserArea.follow_limit`."""
DEMO_FOLLOWED_AT = datetime(2024, 5, 4, 18, 30, 0, tzinfo=timezone.utc)
"""When the demo universe's owner followed it (the seeded following)."""

THUMBNAIL_SIZES = frozenset({48, 50, 60, 75, 100, 110, 150, 180, 352, 420, 720})
_FORMATS = {"PNG": "Png", "JPEG": "Jpeg", "FORMAT_UNSPECIFIED": "Png"}
_SHAPES = frozenset({"ROUND", "SQUARE", "SHAPE_UNSPECIFIED"})
_VISIBILITIES = frozenset(
    {
        "SOCIAL_NETWORK_VISIBILITY_UNSPECIFIED",
        "NO_ONE",
        "FRIENDS",
        "FRIENDS_AND_FOLLOWING",
        "FRIENDS_FOLLOWING_AND_FOLLOWERS",
        "EVERYONE",
    }
)
_SOCIAL_NETWORKS = ("facebook", "twitter", "youtube", "twitch", "guilded")


@dataclass(slots=True)
class UserProfile:
    """A user as the emulator keeps it."""

    name: str
    display_name: str
    created: datetime
    about: str = ""
    locale: str = "en-us"
    premium: bool = False
    id_verified: bool = False
    social: dict[str, str] = field(default_factory=dict)
    visibility: str = "SOCIAL_NETWORK_VISIBILITY_UNSPECIFIED"


@dataclass(slots=True)
class _Thumbnail:
    user_id: int
    image_uri: str
    polls_left: int


class UserArea(Area):
    """User profiles and their headshot operations.

    Attributes:
        thumbnail_polls: How many polls a new headshot operation takes to be
            done (0: done in the ``:generateThumbnail`` answer itself). It
            starts as the emulator's ``operation_polls``.
        follow_limit: How many universes a user may follow (a follow beyond
            it is a 400); `DEFAULT_FOLLOW_LIMIT` after a reset.
    """

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._users: dict[int, UserProfile] = {}
        self._thumbnails: dict[str, _Thumbnail] = {}
        self._follows: dict[int, dict[int, datetime]] = {}  # user -> universe -> followed at
        self.thumbnail_polls = operation_polls
        self.follow_limit = DEFAULT_FOLLOW_LIMIT

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "GET", ["cloud", "v2", "users", u]:
                return Route(lambda r: self.get_user(r, u))
            case "GET", ["cloud", "v2", "users", u, ":generateThumbnail"]:
                return Route(
                    lambda r: self.generate_thumbnail(r, u), params=frozenset({"size", "format", "shape"})
                )
            case "GET", ["cloud", "v2", "users", u, "operations", operation]:
                return Route(lambda r: self.get_operation(r, u, operation))
            case "GET", ["legacy-followings", "v2", "users", u, "universes"]:
                return Route(lambda r: self.list_followings(r, u), error=_as_legacy)
            case "GET", ["legacy-followings", "v1", "users", u, "universes", universe, "status"]:
                return Route(lambda r: self.following_status(r, u, universe), error=_as_legacy)
            case "POST", ["legacy-followings", "v1", "users", u, "universes", universe]:
                return Route(lambda r: self.follow(r, u, universe), error=_as_legacy)
            case "DELETE", ["legacy-followings", "v1", "users", u, "universes", universe]:
                return Route(lambda r: self.unfollow(r, u, universe), error=_as_legacy)
        return None

    def clear(self) -> None:
        self._users.clear()
        self._thumbnails.clear()
        self._follows.clear()
        self.thumbnail_polls = self._operation_polls
        self.follow_limit = DEFAULT_FOLLOW_LIMIT

    def seed(self, universe_id: int) -> None:
        joined = datetime(2021, 8, 2, 4, 15, 0, tzinfo=timezone.utc)
        self._users.setdefault(
            287113233,
            UserProfile(
                "DemoOwner",
                "Demo Owner",
                joined,
                about="I make the demo experience.",
                premium=True,
                id_verified=True,
                social={"youtube": "https://www.youtube.com/@demo", "twitter": "https://twitter.com/demo"},
                visibility="EVERYONE",
            ),
        )
        self._users.setdefault(
            156, UserProfile("builderman", "builderman", datetime(2006, 2, 27, tzinfo=timezone.utc))
        )
        for user_id in range(1001, 1006):  # the demo group's members and applicants
            self._users.setdefault(user_id, UserProfile(f"Player{user_id}", f"Player {user_id}", joined))
        self._follows.setdefault(287113233, {}).setdefault(universe_id, DEMO_FOLLOWED_AT)

    # -- helpers for tests -------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        name: str,
        display_name: str | None = None,
        *,
        created: datetime | None = None,
        about: str = "",
        locale: str = "en-us",
        premium: bool = False,
        id_verified: bool = False,
        social: dict[str, str] | None = None,
        visibility: str = "SOCIAL_NETWORK_VISIBILITY_UNSPECIFIED",
    ) -> None:
        """Add (or replace) a user; ``social`` maps network names (``youtube``, ...) to URIs."""
        if visibility not in _VISIBILITIES:
            raise ValueError(f"unknown visibility {visibility!r}")
        for network in social or {}:
            if network not in _SOCIAL_NETWORKS:
                raise ValueError(f"unknown social network {network!r}")
        with self._context.lock:
            self._users[user_id] = UserProfile(
                name,
                display_name if display_name is not None else name,
                created if created is not None else self._context.now(),
                about,
                locale,
                premium,
                id_verified,
                dict(social or {}),
                visibility,
            )

    def add_following(self, user_id: int, universe_id: int, *, at: datetime | None = None) -> None:
        """Make ``user_id`` follow ``universe_id`` (any ID: no limit or universe check)."""
        with self._context.lock:
            self._follows.setdefault(user_id, {})[universe_id] = at if at is not None else self._context.now()

    def followings(self, user_id: int) -> dict[int, datetime]:
        """The universes ``user_id`` follows, each with when it was followed, in following order."""
        with self._context.lock:
            return dict(self._follows.get(user_id, {}))

    def thumbnail_requests(self) -> int:
        """How many thumbnail operations have been started."""
        with self._context.lock:
            return len(self._thumbnails)

    # -- handlers ----------------------------------------------------------------

    def _user(self, raw: str) -> tuple[int, UserProfile]:
        user_id = parse_id(raw, "user ID")
        found = self._users.get(user_id)
        if found is None:
            raise not_found(f"User {user_id} not found.")
        return user_id, found

    def get_user(self, request: Request, u: str) -> Any:
        """``GET /cloud/v2/users/{id}``: the profile (cloud v2 leaves out empty and false fields)."""
        user_id, user = self._user(u)
        result: dict[str, Any] = {
            "path": f"users/{user_id}",
            "createTime": format_time(user.created),
            "id": str(user_id),
            "name": user.name,
            "displayName": user.display_name,
            "locale": user.locale,
        }
        if user.about:
            result["about"] = user.about
        if user.premium:
            result["premium"] = True
        if user.id_verified:
            result["idVerified"] = True
        profiles: dict[str, Any] = dict(user.social)
        if user.visibility != "SOCIAL_NETWORK_VISIBILITY_UNSPECIFIED":
            profiles["visibility"] = user.visibility
        if profiles:
            result["socialNetworkProfiles"] = profiles
        return result

    def generate_thumbnail(self, request: Request, u: str) -> Any:
        """``GET /cloud/v2/users/{id}:generateThumbnail``: an operation resolving to ``{imageUri}``."""
        user_id, _ = self._user(u)
        raw_size = request.params.get("size", "420")
        if not raw_size.isdigit() or int(raw_size) not in THUMBNAIL_SIZES:
            raise invalid(f"Invalid size {raw_size!r}.")
        size = int(raw_size)
        image_format = request.params.get("format", "PNG")
        if image_format not in _FORMATS:
            raise invalid(f"Invalid format {image_format!r}.")
        shape = request.params.get("shape", "SHAPE_UNSPECIFIED")
        if shape not in _SHAPES:
            raise invalid(f"Invalid shape {shape!r}.")
        digest = hashlib.sha256(f"{user_id}/{size}/{image_format}/{shape}".encode()).hexdigest()[:32]
        cut = "isCircular" if shape == "ROUND" else "noFilter"
        image = f"https://tr.rbxcdn.com/30DAY-AvatarHeadshot-{digest}/{size}/{size}/AvatarHeadshot/{_FORMATS[image_format]}/{cut}"
        operation_id = str(uuid.uuid4())
        thumbnail = self._thumbnails[operation_id] = _Thumbnail(user_id, image, self.thumbnail_polls)
        return _operation_json(operation_id, thumbnail)

    def get_operation(self, request: Request, u: str, operation_id: str) -> Any:
        """``GET /cloud/v2/users/{id}/operations/{operation}``."""
        user_id = parse_id(u, "user ID")
        thumbnail = self._thumbnails.get(operation_id)
        if thumbnail is None or thumbnail.user_id != user_id:
            raise not_found(f"Operation {operation_id} not found.")
        if thumbnail.polls_left > 0:
            thumbnail.polls_left -= 1
        return _operation_json(operation_id, thumbnail)

    # -- followings (legacy shapes) ------------------------------------------------

    def _follower(self, request: Request, u: str) -> int:
        """The user of the path, who must be the one the credentials act as."""
        user_id = parse_id(u, "user ID")
        if self.credential_user(request) != user_id:
            raise ApiError("PERMISSION_DENIED", "User is not authorized for this action.")
        return user_id

    def _known_universe(self, raw: str) -> int:
        universe_id = parse_universe_id(raw)
        if self.lookup_universe(universe_id) is None:
            raise not_found("The universe is invalid or does not exist.")
        return universe_id

    def list_followings(self, request: Request, u: str) -> Any:
        """``GET /legacy-followings/v2/users/{u}/universes``: ``FollowsByTypeResponse``."""
        user_id = self._follower(request, u)
        followed = self._follows.get(user_id, {})
        return {
            "followerType": 1,  # User
            "followerId": user_id,
            "sourceType": 1,  # Universe
            "followedSources": {str(universe): format_time(at) for universe, at in followed.items()},
        }

    def following_status(self, request: Request, u: str, universe: str) -> Any:
        """``GET .../universes/{universe}/status``: ``UserFollowingUniverseStatusResponse``.

        ``CanFollow`` says whether a follow request would succeed: the user
        already follows the universe or is below the limit."""
        user_id = self._follower(request, u)
        universe_id = self._known_universe(universe)
        followed = self._follows.get(user_id, {})
        following = universe_id in followed
        return {
            "UniverseId": universe_id,
            "UserId": user_id,
            "CanFollow": following or len(followed) < self.follow_limit,
            "IsFollowing": following,
            "FollowingCountByType": len(followed),
            "FollowingLimitByType": self.follow_limit,
        }

    def follow(self, request: Request, u: str, universe: str) -> Any:
        """``POST /legacy-followings/v1/users/{u}/universes/{universe}`` (no body)."""
        _no_body(request)
        user_id = self._follower(request, u)
        universe_id = self._known_universe(universe)
        followed = self._follows.setdefault(user_id, {})
        if universe_id not in followed:
            if len(followed) >= self.follow_limit:
                raise invalid("The user has reached the limit of number of followed universes.")
            followed[universe_id] = self._context.now()
        return {"universeId": universe_id, "userId": user_id}

    def unfollow(self, request: Request, u: str, universe: str) -> Any:
        """``DELETE /legacy-followings/v1/users/{u}/universes/{universe}`` (no body)."""
        user_id = self._follower(request, u)
        universe_id = self._known_universe(universe)
        self._follows.get(user_id, {}).pop(universe_id, None)
        return {"universeId": universe_id, "userId": user_id}


def _as_legacy(error: ApiError) -> ApiError:
    """Any error of a followings request in the legacy web API shape (code 0)."""
    return ApiError(error.code, error.message, status=error.status, gateway=True)


def _no_body(request: Request) -> None:
    if request.payload is not None:
        raise invalid("This request takes no body.")


def _operation_json(operation_id: str, thumbnail: _Thumbnail) -> dict[str, Any]:
    result: dict[str, Any] = {"path": f"users/{thumbnail.user_id}/operations/{operation_id}"}
    if thumbnail.polls_left <= 0:
        result["done"] = True
        result["response"] = {
            "@type": "type.googleapis.com/roblox.open_cloud.cloud.v2.GenerateUserThumbnailResponse",
            "imageUri": thumbnail.image_uri,
        }
    return result
