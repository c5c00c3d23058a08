"""The repr style shared by every public class: ``<rblxopencloud.ClassName key=value ...>``."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

__all__ = ["model_repr"]


def model_repr(obj: object, **fields: object) -> str:
    """``<rblxopencloud.ClassName key=value ...>`` for ``obj``, in both twins.

    Values are shown with ``repr()``, except enum members (``AssetType.Audio``) and
    datetimes (ISO 8601).
    """
    parts = [f"<rblxopencloud.{type(obj).__name__}"]
    for name, value in fields.items():
        if isinstance(value, Enum):
            text = f"{type(value).__name__}.{value.name}"
        elif isinstance(value, datetime):
            text = value.isoformat()
        else:
            text = repr(value)
        parts.append(f"{name}={text}")
    return " ".join(parts) + ">"
