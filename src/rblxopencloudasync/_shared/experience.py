"""Experience (universe) models shared by both twins: age ratings and social links."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from .fields import as_object, opt_str
from .reprs import model_repr

__all__ = [
    "SOCIAL_LINK_FIELDS",
    "ExperienceAgeRating",
    "ExperienceSocialLink",
]


class ExperienceAgeRating(Enum):
    """An experience's age rating.

    The names `AllAges`, `NinePlus`, `ThirteenPlus` and `SeventeenPlus` are
    deprecated aliases of `Minimal`, `Mild`, `Moderate` and `Restricted`
    (``ExperienceAgeRating.AllAges is ExperienceAgeRating.Minimal``).

    Attributes:
        Unknown: The age rating is unknown or not implemented by this SDK.
        Unspecified: The experience has not provided an age rating.
        Minimal: Marked as Minimal; shown on the Roblox website as 5+.
        Mild: Marked as Mild; shown on the Roblox website as 9+.
        Moderate: Marked as Moderate; shown on the Roblox website as 13+.
        Restricted: Marked as Restricted; shown on the Roblox website as 18+.
        AllAges: Deprecated alias of `Minimal`.
        NinePlus: Deprecated alias of `Mild`.
        ThirteenPlus: Deprecated alias of `Moderate`.
        SeventeenPlus: Deprecated alias of `Restricted`.
    """

    Unknown = 0
    Unspecified = 1
    Minimal = 2
    Mild = 3
    Moderate = 4
    Restricted = 5
    AllAges = 2
    NinePlus = 3
    ThirteenPlus = 4
    SeventeenPlus = 5

    @classmethod
    def from_wire(cls, value: Any) -> ExperienceAgeRating:
        """The rating named by the universe's ``ageRating`` field.

        The spec spells ratings ``AGE_RATING_ALL`` ... ``AGE_RATING_17_PLUS``;
        the newer names (``AGE_RATING_MINIMAL``, ...) are accepted too. An
        absent field is the proto default, ``AGE_RATING_UNSPECIFIED``.
        """
        if value is None:
            return cls.Unspecified
        if not isinstance(value, str):
            return cls.Unknown
        return _AGE_RATINGS.get(value.upper().removeprefix("AGE_RATING_"), cls.Unknown)


_AGE_RATINGS: dict[str, ExperienceAgeRating] = {
    "UNSPECIFIED": ExperienceAgeRating.Unspecified,
    "ALL": ExperienceAgeRating.Minimal,
    "MINIMAL": ExperienceAgeRating.Minimal,
    "9_PLUS": ExperienceAgeRating.Mild,
    "MILD": ExperienceAgeRating.Mild,
    "13_PLUS": ExperienceAgeRating.Moderate,
    "MODERATE": ExperienceAgeRating.Moderate,
    "17_PLUS": ExperienceAgeRating.Restricted,
    "RESTRICTED": ExperienceAgeRating.Restricted,
}


@dataclass(frozen=True, slots=True, repr=False)
class ExperienceSocialLink:
    """A social link shown on an experience's page.

    Args:
        title: The text displayed for the link.
        uri: The link's URI, e.g. ``https://discord.gg/...``.

    Attributes:
        title: The text displayed for the link.
        uri: The link's URI.
    """

    title: str
    uri: str

    def __post_init__(self) -> None:
        if not isinstance(self.title, str):
            raise TypeError(f"social link title must be a str, got {type(self.title).__name__}")
        if not isinstance(self.uri, str):
            raise TypeError(f"social link uri must be a str, got {type(self.uri).__name__}")
        if not self.uri:
            raise ValueError("social link uri must not be empty")

    @classmethod
    def from_wire(cls, data: Any) -> ExperienceSocialLink | None:
        """Read a ``Universe_SocialLink`` object; ``None`` when it is absent or has no URI."""
        if data is None:
            return None
        data = as_object(data, "a social link")
        uri = opt_str(data, "uri")
        if not uri:
            return None
        # An empty title is left out of cloud v2 answers.
        return cls(opt_str(data, "title") or "", uri)

    def to_wire(self) -> dict[str, str]:
        """The ``Universe_SocialLink`` object of an update."""
        return {"title": self.title, "uri": self.uri}

    def __repr__(self) -> str:
        return model_repr(self, title=self.title, uri=self.uri)


# Experience attribute / update() parameter -> Universe field.
SOCIAL_LINK_FIELDS: dict[str, str] = {
    "facebook_social_link": "facebookSocialLink",
    "twitter_social_link": "twitterSocialLink",
    "youtube_social_link": "youtubeSocialLink",
    "twitch_social_link": "twitchSocialLink",
    "discord_social_link": "discordSocialLink",
    "group_social_link": "robloxGroupSocialLink",
    "guilded_social_link": "guildedSocialLink",
}
