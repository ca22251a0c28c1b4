"""The message catalogue: each English message template of the code with its French template, compiled by the
build from `locale/fr.po` (the translators' file) into `aistd.messages.fr.json`, read once per process."""

from __future__ import annotations

import json
from functools import cache

from aistd.knowledge import artifacts
from aistd.model.message import Bilingual, Listing, Message, Translate


@cache
def french_templates() -> dict[str, str]:
    """Every translated template: English → French."""
    return json.loads(artifacts.FRENCH_MESSAGES.read_text(encoding="utf-8"))["messages"]


class Translator:
    """Gives a template in one language from a catalogue; a template the catalogue lacks stays English."""

    def __init__(self, language: str, templates: dict[str, str]) -> None:
        self.language = language
        self.templates = templates

    def __call__(self, template: str) -> str:
        return self.templates.get(template) or template


def translator(lang: str) -> Translate:
    """The translator for `lang` ("en" or "fr")."""
    return Translator(lang, french_templates() if lang == "fr" else {})


def complete(message: Message, templates: dict[str, str]) -> bool:
    """True when the catalogue translates every template the message is made of (parameters that are messages
    included); a listing is complete when each of its parts is."""
    if isinstance(message, Bilingual):
        return True
    if isinstance(message, Listing):
        values = message.parameters["parts"]
    elif message.template in templates:
        values = message.parameters.values()
    else:
        return False
    return all(complete(value, templates) for value in values if isinstance(value, Message))


def said_in(text: str, lang: str) -> str | None:
    """A message said wholly in `lang`; None when it is plain text or a template of it is not translated."""
    if not isinstance(text, Message):
        return None
    if lang != "fr":
        return str(text)
    templates = french_templates()
    return text.said(translator(lang)) if complete(text, templates) else None
