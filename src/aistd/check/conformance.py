"""Conformance: check a disclosure against the generated JSON Schema with jsonschema-rs.

jsonschema-rs reports what failed and where; this module finds which aistd class the failing object is
(by following the schema along the instance path) so that each message names the class, the field and
what was expected. A unit code of the wrong dimension becomes a `units.dimension` finding that says
which quantity the code measures and which codes the slot admits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

from aistd.knowledge.rules import finding, rule_catalogue
from aistd.knowledge.schema import (
    ROOT_CLASS,
    class_of,
    definitions,
    disclosure_validator,
    item_lists,
    release_validator,
)
from aistd.knowledge.units import class_factors, unit_kinds
from aistd.model.figure import unheld_numbers, unheld_text
from aistd.model.finding import Finding
from aistd.model.pointer import json_pointer
from aistd.model.versions import SCHEMA_VERSION


def keyword_of(error: Any) -> str:
    """The JSON Schema keyword that failed, e.g. 'required' or 'enum'."""
    path = list(error.schema_path)
    return str(path[-1]) if path else "schema"


def class_at(path: list[Any]) -> str | None:
    """The aistd class of the object at an instance path, by following the schema from the root."""
    known = definitions()
    current: str | None = ROOT_CLASS
    index = 0
    while index < len(path) and current is not None:
        properties = known.get(current, {}).get("properties", {})
        definition = properties.get(str(path[index]))
        if definition is None:
            return None
        target = class_of(definition)
        if target is None:
            return None
        index += 1
        if definition.get("type") == "array" or "items" in definition:
            if index < len(path) and isinstance(path[index], int):
                index += 1
            else:
                return None
        current = target if target in known and "properties" in known[target] else None
    return current


def _value_text(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unit_message(error: Any, holder: str | None, field: str) -> str:
    admitted = definitions().get(holder or "", {}).get("properties", {}).get("unit", {})
    enum_name = class_of(admitted)
    codes = definitions().get(enum_name or "", {}).get("enum", [])
    given = error.instance
    other = unit_kinds().get(given) if isinstance(given, str) else None
    what = (
        f"{_value_text(given)} is a unit of {other}" if other else f"{_value_text(given)} is not an admitted UCUM code"
    )
    from aistd.knowledge.spellings import suggestion  # only when a unit is refused

    factors = class_factors(holder) if holder else {}
    hint = suggestion(given, factors) if isinstance(given, str) and not other and factors else None
    advice = f" (did you mean {hint[0]!r}? {hint[1]})" if hint else ""
    return f"{holder}.{field}: {what}{advice}; {holder} admits {', '.join(codes)}"


def schema_finding(error: Any) -> Finding:
    """The finding of one schema error: its rule, and a message naming the class, the field and the expectation."""
    path = list(error.instance_path)
    keyword = keyword_of(error)
    is_member = bool(path) and not isinstance(path[-1], int)
    holder = class_at(path[:-1]) if is_member else class_at(path)
    field = str(path[-1]) if is_member else ""
    where = f"{holder}.{field}" if holder and field else (holder or json_pointer(path) or "the document")
    pointer = json_pointer(path)
    if keyword == "enum" and field == "unit" and holder and holder.endswith("Quantity"):
        return finding("units.dimension", _unit_message(error, holder, field), pointer)
    if keyword == "required":
        message = f"{holder or 'the object'}: {error.message}"
    elif keyword == "additionalProperties":
        message = f"{holder or 'the object'} has a field aistd does not define: {error.message}"
    else:
        message = f"{where}: {error.message}"
    rule = f"schema.{keyword}"
    return finding(rule if rule in rule_catalogue() else "schema.constraint", message, pointer)


_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_SLOTS = ("start_date", "end_date")


@cache
def _period_slots() -> dict[str, tuple[str, ...]]:
    """Per class (the disclosure and the items of its lists), its slots that hold a Period."""
    found = {}
    for name in (ROOT_CLASS, *item_lists().values()):
        slots = tuple(
            slot for slot, prop in definitions()[name].get("properties", {}).items() if class_of(prop) == "Period"
        )
        if slots:
            found[name] = slots
    return found


def _impossible_dates(data: dict[str, Any]) -> Iterator[Finding]:
    """Days the calendar does not have (2025-02-30): the schema's date pattern admits them."""
    lists = {name: key for key, name in item_lists().items()}
    for class_name, slots in _period_slots().items():
        key = lists.get(class_name)
        holders = [("", data)] if key is None else _items_of(data, key)
        for pointer, holder in holders:
            for slot in slots:
                period = holder.get(slot)
                if period.__class__ is not dict:
                    continue
                for end in _DATE_SLOTS:
                    value = period.get(end)
                    if value.__class__ is str and _FULL_DATE.fullmatch(value) and not _is_day(value):
                        message = f"{end}: {value!r} is not a day of the calendar"
                        yield finding("schema.format", message, f"{pointer}/{slot}/{end}")


def _items_of(data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    values = data.get(key)
    if values.__class__ is not list:
        return []
    return [(f"/{key}/{index}", item) for index, item in enumerate(values) if item.__class__ is dict]


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def unheld_findings(data: Any) -> list[Finding]:
    """A `schema.out-of-range` finding for every number no figure can hold (an integer past the float range): the
    JSON Schema admits it, but no rule could read it, so the rules would fall silent."""
    found = []
    for path, value, _ in unheld_numbers(data):
        named = path[:-1] if path[-1:] == ["value"] else path  # a quantity's value: named by its slot
        is_member = bool(named) and not isinstance(named[-1], int)
        holder = class_at(named[:-1]) if is_member else None
        where = f"{holder}.{named[-1]}" if holder else json_pointer(path) or "the document"
        message = f"{where}: {unheld_text(value)}; no rule can check it"
        found.append(finding("schema.out-of-range", message, json_pointer(path)))
    return found


def check_conformance(data: Any) -> list[Finding]:
    """Every way `data` departs from the disclosure schema of the release it names (the current one unless it
    names an earlier release the package ships), as findings of the schema rules, and every number no figure can
    hold."""
    return _schema_findings(data) + unheld_findings(data)


def _schema_findings(data: Any) -> list[Finding]:
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, str) or version == SCHEMA_VERSION:
        found = [schema_finding(error) for error in disclosure_validator().iter_errors(data)]
        return found + list(_impossible_dates(data))
    earlier = release_validator(version)
    if earlier is None:
        found = [schema_finding(error) for error in disclosure_validator().iter_errors(data)]
        if not any(f.pointer == "/schema_version" for f in found):
            message = f"schema_version {version!r} is no release aistd knows; checked against {SCHEMA_VERSION}"
            found.append(finding("schema.version-unknown", message, "/schema_version"))
        return found
    message = (
        f"written against schema {version}, checked with that release's schema; "
        f"`aistd migrate FILE --to {SCHEMA_VERSION}` lifts it to the current release"
    )
    return [finding("schema.version-superseded", message, "/schema_version")] + [
        schema_finding(error) for error in earlier.iter_errors(data)
    ]
