"""Links between the generated pages, as template filters: `up` is the way from a page back to `docs/`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from aistd.build.docs.markdown import code
from aistd.build.docs.tables import Tables


def indicator_link(name: str, up: str) -> str:
    """The indicator's name, linked to its page."""
    return f"[{code(name)}]({up}indicators/{name}.md)"


def class_link(name: str, up: str) -> str:
    """The class's name, linked to its reference page."""
    return f"[{name}]({up}reference/classes/{name}.md)"


def vocabulary_link(name: str, up: str) -> str:
    """The vocabulary's name, linked to its page."""
    return f"[{name}]({up}vocabularies/{name}.md)"


def rule_link(rule_id: str, up: str = "") -> str:
    """A finding id, linked to its page under `rules/`."""
    return f"[{code(rule_id)}]({up}{rule_id}.md)"


def term_link(tables: Tables, subject: str, up: str) -> str:
    """A link to where aistd defines a subject: indicator page, class page, enum value, or a class's slot."""
    if subject in tables.indicators:
        return indicator_link(subject, up)
    if subject in tables.classes:
        return class_link(subject, up)
    if subject.split(".", 1)[0] in tables.enums:
        return f"[{code(subject)}]({up}reference/enums.md#{subject})"
    owners = tables.slot_classes.get(subject)
    if owners:
        return f"[{code(subject)}]({up}reference/classes/{owners[0]}.md#{subject})"
    return code(subject)


def range_link(tables: Tables, range_name: str) -> str:
    """A slot's range, from a class page: a class, an enumeration, or a type in a code span."""
    if range_name in tables.classes:
        return f"[{range_name}]({range_name}.md)"
    if range_name in tables.enums:
        return f"[{range_name}](../enums.md#{range_name})"
    return code(range_name)


def link_filters(tables: Tables) -> dict[str, Callable[..., Any]]:
    """The link filters of the templates, those that look names up bound to `tables`."""
    return {
        "indicator_link": indicator_link,
        "class_link": class_link,
        "vocabulary_link": vocabulary_link,
        "rule_link": rule_link,
        "term_link": functools.partial(term_link, tables),
        "range_link": functools.partial(range_link, tables),
    }
