"""Asset enums, shared by both twins."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

__all__ = ["AssetType", "ModerationStatus", "enum_from_wire"]


_E = TypeVar("_E", bound=Enum)


class AssetType(Enum):
    """The type of an asset. Unlisted types are `Unknown`."""

    Unknown = 0
    Decal = 1
    Audio = 2
    Model = 3
    Plugin = 4
    FontFamily = 5
    MeshPart = 6
    Video = 7
    Animation = 8
    Image = 9
    Place = 10
    ClassicTShirt = 100
    Hat = 101
    ClassicShirt = 102
    ClassicPants = 103
    ClassicHead = 104
    Face = 105
    Gear = 106
    Torso = 107
    RightArm = 108
    LeftArm = 109
    LeftLeg = 110
    RightLeg = 111
    Package = 112
    HairAccessory = 113
    FaceAccessory = 114
    NeckAccessory = 115
    ShoulderAccessory = 116
    FrontAccessory = 117
    BackAccessory = 118
    WaistAccessory = 119
    ClimbAnimation = 120
    DeathAnimation = 121
    FallAnimation = 122
    IdleAnimation = 123
    JumpAnimation = 124
    RunAnimation = 125
    SwimAnimation = 126
    WalkAnimation = 127
    PoseAnimation = 128
    EmoteAnimation = 129
    TShirtAccessory = 130
    ShirtAccessory = 131
    PantsAccessory = 132
    JacketAccessory = 133
    SweaterAccessory = 134
    ShortsAccessory = 135
    LeftShoeAccessory = 136
    RightShoeAccessory = 137
    DressSkirtAccessory = 138
    EyebrowAccessory = 140
    EyelashAccessory = 141
    MoodAnimation = 142
    DynamicHead = 143


class ModerationStatus(Enum):
    """An asset's moderation state."""

    Unknown = 0
    Reviewing = 1
    Rejected = 2
    Approved = 3


def enum_from_wire(kind: type[_E], value: object, prefix: str = "") -> _E:
    """The member of ``kind`` named by a wire string, or ``kind.Unknown``.

    Roblox spells one value several ways (``Model``, ``ASSET_TYPE_MODEL``,
    ``MODERATION_STATE_APPROVED``); case, underscores and ``prefix`` are ignored.
    """
    if not isinstance(value, str):
        return kind["Unknown"]
    wanted = value.upper()
    if prefix and wanted.startswith(prefix):
        wanted = wanted[len(prefix) :]
    wanted = wanted.replace("_", "")
    for member in kind:
        if member.name.upper() == wanted:
            return member
    return kind["Unknown"]
