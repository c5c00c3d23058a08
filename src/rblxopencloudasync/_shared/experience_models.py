"""Experience (universe) models shared by both twins: age ratings and social links."""

from __future__ import annotations

import io
from dataclasses import dataclass
from enum import Enum
from typing import IO, Any

from .fields import as_object, opt_str
from .reprs import model_repr

__all__ = [
    "MAX_PLACE_FILE_BYTES",
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


# x-roblox-size-limit of the place publishing operation.
MAX_PLACE_FILE_BYTES = 10_485_760
# The spec gives no place limits; a place is an asset, whose description is
# limited to 1000 characters (Asset schema).
MAX_DESCRIPTION = 1000
# Binary place files (.rbxl) start with this; XML ones (.rbxlx) with "<roblox ".
_BINARY_MAGIC = b"<roblox!"
_XML_TYPE = "application/xml"
_BINARY_TYPE = "application/octet-stream"


def prepare_place_file(file: IO[bytes] | bytes) -> tuple[bytes | None, IO[bytes] | None, str]:
    """Validate a place file: ``(bytes, None, type)`` or ``(None, seekable_stream, type)``."""
    name = ""
    if isinstance(file, (bytes, bytearray, memoryview)):
        data: bytes | None = bytes(file)
        stream: IO[bytes] | None = None
    elif isinstance(file, io.TextIOBase):
        raise TypeError("the place file must be opened in binary mode ('rb')")
    elif hasattr(file, "read"):
        name = str(getattr(file, "name", "") or "")
        seekable = getattr(file, "seekable", None)
        if callable(seekable) and seekable():
            data, stream = None, file
        else:
            data, stream = file.read(), None
            if not isinstance(data, bytes):
                raise TypeError("the place file must be opened in binary mode ('rb')")
    else:
        raise TypeError(f"file must be bytes or a binary file object, not {type(file).__name__}")

    if stream is not None:
        start = stream.tell()
        head = stream.read(64)
        size = stream.seek(0, 2) - start
        stream.seek(start)
        if not isinstance(head, bytes):
            raise TypeError("the place file must be opened in binary mode ('rb')")
    else:
        assert data is not None
        head, size = data[:64], len(data)
    if size <= 0:
        raise ValueError("the place file is empty")
    if size > MAX_PLACE_FILE_BYTES:
        raise ValueError(f"the place file is {size} bytes; the limit is {MAX_PLACE_FILE_BYTES} (10 MiB)")
    return data, stream, _place_file_type(head, name)


def _place_file_type(head: bytes, name: str) -> str:
    """The content type of a place file, from its first bytes or else its name."""
    if head.startswith(_BINARY_MAGIC):
        return _BINARY_TYPE
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"<roblox", b"<?xml")):
        return _XML_TYPE
    if name.lower().endswith(".rbxlx"):
        return _XML_TYPE
    return _BINARY_TYPE
