"""Find an aistd term by what a person types: its name, its English title, an acronym or alias, a French label,
or an external vocabulary's id or label, whatever the case and whether words are joined by spaces, underscores
or hyphens (`PUE`, `Pue`, `power usage effectiveness`, `operational-emissions`).

Titles, aliases and labels come from the merged LinkML schema (`title`, `aliases`, `structured_aliases` of each
slot, class and permissible value; an element may have none), then from the mapping sets' external ids and labels.
A name that finds nothing gets the closest few names known (difflib).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import Any

SUGGESTIONS = 3
"""How many close names an unknown term is answered with, at most."""
_SEPARATORS = re.compile(r"[\s_\-]+")
_BRACKETED = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


class TermNotFound(LookupError):
    """No aistd term answers to a name (or several do): the message says which names come closest."""


def normalised(text: str) -> str:
    """A name as looked up: case folded, an `aistd:` prefix dropped, spaces, underscores and hyphens alike."""
    text = text.strip()
    if text[:6].lower() == "aistd:":
        text = text[6:]
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def _strings(value: Any) -> Iterator[str]:
    """The text of a label value of any shape: a string, a list, `{literal_form}`, `{"@value"}`."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key in ("literal_form", "@value", "value"):
            if isinstance(value.get(key), str):
                yield value[key]


def _element_labels(name: str, element: Any) -> Iterator[tuple[str, str]]:
    """(label, term) for an element of the merged schema: its title, aliases and structured aliases."""
    if not isinstance(element, dict):
        return
    for key in ("title", "aliases", "structured_aliases"):
        for label in _strings(element.get(key)):
            yield label, name


def _schema_labels() -> Iterator[tuple[str, str]]:
    """(label, term) from the merged schema's slots, classes and enums' permissible values."""
    from aistd.knowledge.schema import merged_schema

    schema = merged_schema()
    for section in ("slots", "classes"):
        for name, element in (schema.get(section) or {}).items():
            yield from _element_labels(name, element)
    for enum, definition in (schema.get("enums") or {}).items():
        values = definition.get("permissible_values") if isinstance(definition, dict) else None
        for value, element in (values or {}).items():
            yield from _element_labels(f"{enum}.{value}", element)


@cache
def names() -> dict[str, str]:
    """Every aistd term, by its normalised name: indicators and every term a mapping set maps."""
    from aistd.knowledge import crosswalks
    from aistd.knowledge.indicators import indicator_table

    terms = [*indicator_table(), *(str(r["subject_id"]).split(":", 1)[1] for r in crosswalks.rows())]
    return {normalised(term): term for term in terms}


@cache
def labels() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The aistd terms each normalised label answers to: first aistd's own titles, aliases and labels, then the
    external ids and labels of the mapping sets (which only count when aistd's own say nothing)."""
    from aistd.knowledge import crosswalks

    own: dict[str, set[str]] = defaultdict(set)
    for label, term in _schema_labels():
        for form in _forms(label):
            own[form].add(term)
    external: dict[str, set[str]] = defaultdict(set)
    for row in crosswalks.rows():
        term = str(row["subject_id"]).split(":", 1)[1]
        for text in (row["object_id"], row["object_label"]):
            for form in _forms(str(text)) if text else ():
                external[form].add(term)
    return dict(own), dict(external)


def _forms(label: str) -> set[str]:
    """A label normalised, and with a closing parenthesis also its words before it and within it:
    "power usage effectiveness (PUE)" answers to "power usage effectiveness" and "pue" too."""
    forms = {normalised(label)}
    bracketed = _BRACKETED.match(label)
    if bracketed:
        forms |= {normalised(part) for part in bracketed.groups() if part.strip()}
    return forms


def find_term(text: str) -> str:
    """The aistd term a name designates; `TermNotFound` (saying the closest names) when none or several do."""
    key = normalised(text)
    if key in names():
        return names()[key]
    own, external = labels()
    terms = own.get(key) or external.get(key) or set()
    if len(terms) == 1:
        return next(iter(terms))
    if terms:
        raise TermNotFound(f"{text!r} may mean several aistd terms: {', '.join(sorted(terms))}; name one")
    known = [*names(), *own, *external]
    close = difflib.get_close_matches(key, known, n=SUGGESTIONS, cutoff=0.6)
    shown = list(
        dict.fromkeys(names().get(c) or f"{c} ({', '.join(sorted(own.get(c) or external[c]))})" for c in close)
    )
    hint = f"; did you mean {', '.join(shown)}?" if shown else ""
    raise TermNotFound(f"no aistd term or mapped external term {text!r}{hint}")
