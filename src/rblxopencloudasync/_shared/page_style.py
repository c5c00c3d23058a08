"""Pagination styles and page parsing, shared by both twins.

Open Cloud has two cursor conventions: cloud v2 (``maxPageSize`` +
``pageToken`` -> ``nextPageToken``) and the older v1 one (``limit`` +
``cursor`` -> ``nextPageCursor``). A `PageStyle` names the fields; the
paginator in ``_pagination.py`` does the rest for both.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["PageStyle", "V1_CURSOR", "V2_TOKEN"]


class PageStyle(NamedTuple):
    """Where a listing keeps its page size, cursor and items.

    Attributes:
        size_param: Query parameter for the page size.
        token_param: Query parameter carrying the cursor of the next page.
        next_field: Response field holding the next cursor (absent/empty = last page).
        max_page_size: Largest page the endpoint serves.
    """

    size_param: str
    token_param: str
    next_field: str
    max_page_size: int

    def page_size(self, remaining: int | None) -> int:
        """The page size to ask for when ``remaining`` items are still wanted."""
        if remaining is None:
            return self.max_page_size
        return max(1, min(remaining, self.max_page_size))

    def next_token(self, body: Any) -> str | None:
        """The cursor of the next page, or ``None`` on the last page."""
        if not isinstance(body, dict):
            return None
        token = body.get(self.next_field)
        return token if isinstance(token, str) and token else None


def V2_TOKEN(max_page_size: int) -> PageStyle:  # noqa: N802 - reads as a constant at call sites
    """The cloud v2 style with the endpoint's maximum page size."""
    return PageStyle("maxPageSize", "pageToken", "nextPageToken", max_page_size)


def V1_CURSOR(max_page_size: int) -> PageStyle:  # noqa: N802
    """The v1 ``limit``/``cursor`` style with the endpoint's maximum page size."""
    return PageStyle("limit", "cursor", "nextPageCursor", max_page_size)
