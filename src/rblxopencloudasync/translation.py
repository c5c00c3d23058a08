"""Experience API area: text translation (``universes:translateText``)."""

from __future__ import annotations

from ._resource import ExperienceResource
from ._shared import paths, translation as shared

__all__ = ["TranslationMixin"]


class TranslationMixin(ExperienceResource):
    """`Experience` methods for translating text."""

    async def translate_text(
        self,
        text: str,
        target_language_codes: list[str] | None = None,
        source_language_code: str | None = None,
    ) -> tuple[str, dict[str, str]]:
        """Translate text into other languages.

        Supported language codes: English (``en-us``), French (``fr-fr``),
        Vietnamese (``vi-vn``), Thai (``th-th``), Turkish (``tr-tr``), Russian
        (``ru-ru``), Spanish (``es-es``), Portuguese (``pt-br``), Korean
        (``ko-kr``), Japanese (``ja-jp``), Chinese Simplified (``zh-cn``), Chinese
        Traditional (``zh-tw``), German (``de-de``), Polish (``pl-pl``), Italian
        (``it-it``) and Indonesian (``id-id``). Requires ``universe:write``.

        Args:
            text: The text to translate.
            target_language_codes: The codes to translate into. ``None`` (or an
                empty list) translates nothing and only detects the source language.
            source_language_code: The code of the text's language; ``None`` lets
                Roblox detect it.

        Returns:
            ``(source_language_code, translations)``: the given or detected source
            language, and a dict from each target code to the translated text.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``text`` is empty or a language code is not supported.
        """
        body = shared.translate_body(text, target_language_codes, source_language_code)
        result: tuple[str, dict[str, str]] = await self._client.request_json(
            "POST",
            paths.api_path("/cloud/v2/universes/{}:translateText", self.id),
            json=body,
            idempotent=True,
            parse=lambda reply: shared.translation_result(reply, body),
        )
        return result
