"""Messages that can be said again in another language.

A finding's message is English text, and stays a `str` everywhere it travels. Made with `says(template,
**parameters)`, it also keeps the template it was written from and the parameters put into it, so that a report
can say it in French: the template is looked up in the message catalogue (`locale/fr.po`, compiled into
`aistd.messages.fr.json`), and the same parameters are put into the French template. Parameters are the
specifics (a file's key, a figure as published, a unit code) and are never translated, except a parameter that
is itself a `Message` (a reason within a reason), which is said in the same language.

Templates use `str.format` fields by name (`{key}`, `{value!r}`); the message extractor of the build
(`python -m aistd.build.translations`) finds every literal template passed to `says`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol


class Translate(Protocol):
    """A template in English → the same template in `language` (itself when the catalogue lacks it)."""

    language: str

    def __call__(self, template: str) -> str: ...


class Message(str):
    """English text that remembers the template and parameters it was made from."""

    template: str
    parameters: Mapping[str, Any]

    def __new__(cls, template: str, parameters: Mapping[str, Any]) -> Message:
        text = super().__new__(cls, template.format_map(parameters))
        text.template = template
        text.parameters = parameters
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (worker processes) with its template and parameters, not as plain text."""
        return (self.__class__, (self.template, dict(self.parameters)))

    def said(self, translate: Translate) -> str:
        """The message in the language `translate` gives templates in."""
        parameters = {name: said(value, translate) for name, value in self.parameters.items()}
        return translate(self.template).format_map(parameters)


class Listing(Message):
    """Several messages said one after the other with a separator ("; "), each in the report's language."""

    def __new__(cls, template: str, parameters: Mapping[str, Any]) -> Listing:
        parts = tuple(parameters["parts"])
        separator = parameters["separator"]
        text = str.__new__(cls, separator.join(parts))
        text.template = template
        text.parameters = {"parts": parts, "separator": separator}
        return text

    def said(self, translate: Translate) -> str:
        """Each part in the language of `translate`, joined by the separator."""
        return self.parameters["separator"].join(said(part, translate) for part in self.parameters["parts"])


class Bilingual(Message):
    """Text the data itself gives in English and in French (a profile requirement's title): no template to look
    up, the French said in a French report; as a `str`, the English."""

    def __new__(cls, template: str, parameters: Mapping[str, Any]) -> Bilingual:
        text = str.__new__(cls, parameters["english"])
        text.template = template
        text.parameters = {"english": parameters["english"], "french": parameters["french"]}
        return text

    def said(self, translate: Translate) -> str:
        """The French text in a French report, else the English."""
        return self.parameters["french" if translate.language == "fr" else "english"]


def bilingual(english: str, french: str | None) -> Bilingual:
    """Text in English and in French (the English when there is no French), said in the report's language."""
    return Bilingual("", {"english": english, "french": french or english})


def says(template: str, /, **parameters: Any) -> Message:
    """A message from an English template with `{name}` fields and their parameters."""
    return Message(template, parameters)


def listing(parts: Iterable[str], separator: str = "; ") -> Listing:
    """The parts joined by `separator`; a part made with `says` is said in the report's language."""
    return Listing("", {"parts": tuple(parts), "separator": separator})


def said(value: Any, translate: Translate) -> Any:
    """A parameter as the report says it: a Message in the language of `translate`; anything else unchanged."""
    return value.said(translate) if isinstance(value, Message) else value
