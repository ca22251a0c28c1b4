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
from aistd.model.message import says
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
    codes = ", ".join(definitions().get(enum_name or "", {}).get("enum", []))
    given = error.instance
    other = unit_kinds().get(given) if isinstance(given, str) else None
    value = _value_text(given)
    what = (
        says("{value} is a unit of {quantity}", value=value, quantity=other)
        if other
        else says("{value} is not an admitted UCUM code", value=value)
    )
    from aistd.knowledge.spellings import suggestion  # only when a unit is refused

    factors = class_factors(holder) if holder else {}
    hint = suggestion(given, factors) if isinstance(given, str) and not other and factors else None
    if hint:
        return says(
            "{holder}.{field}: {what} (did you mean {code!r}? {why}); {holder} admits {codes}",
            holder=holder,
            field=field,
            what=what,
            code=hint[0],
            why=hint[1],
            codes=codes,
        )
    return says("{holder}.{field}: {what}; {holder} admits {codes}", holder=holder, field=field, what=what, codes=codes)


def _wording(pattern: str, make: Any) -> tuple[re.Pattern[str], Any]:
    return re.compile(pattern, re.DOTALL), make


_WORDINGS: dict[str, tuple[tuple[re.Pattern[str], Any], ...]] = {
    "Required": (
        _wording(r"(?P<name>.*) is a required property", lambda p: says("{name} is a required property", **p)),
    ),
    "Type": (
        _wording(
            r'(?P<value>.*) is not of type "(?P<type>[^"]*)"', lambda p: says('{value} is not of type "{type}"', **p)
        ),
        _wording(
            r"(?P<value>.*) is not of types (?P<types>.*)", lambda p: says("{value} is not of types {types}", **p)
        ),
    ),
    "Enum": (
        _wording(
            r"(?P<value>.*) is not one of (?P<options>.*) or (?P<count>[0-9]+) other candidates",
            lambda p: says("{value} is not one of {options} or {count} other candidates", **p),
        ),
        _wording(
            r"(?P<value>.*) is not one of (?P<options>.*) or (?P<last>.*)",
            lambda p: says("{value} is not one of {options} or {last}", **p),
        ),
        _wording(r"(?P<value>.*) is not one of (?P<option>.*)", lambda p: says("{value} is not one of {option}", **p)),
    ),
    "Constant": (_wording(r"(?P<expected>.*) was expected", lambda p: says("{expected} was expected", **p)),),
    "Pattern": (
        _wording(
            r'(?P<value>.*) does not match "(?P<pattern>.*)"', lambda p: says('{value} does not match "{pattern}"', **p)
        ),
    ),
    "Format": (
        _wording(r'(?P<value>.*) is not a "(?P<format>.*)"', lambda p: says('{value} is not a "{format}"', **p)),
    ),
    "Minimum": (
        _wording(
            r"(?P<value>.*) is less than the minimum of (?P<limit>.*)",
            lambda p: says("{value} is less than the minimum of {limit}", **p),
        ),
    ),
    "Maximum": (
        _wording(
            r"(?P<value>.*) is greater than the maximum of (?P<limit>.*)",
            lambda p: says("{value} is greater than the maximum of {limit}", **p),
        ),
    ),
    "AdditionalProperties": (
        _wording(
            r"Additional properties are not allowed \((?P<names>.*) was unexpected\)",
            lambda p: says("Additional properties are not allowed ({names} was unexpected)", **p),
        ),
        _wording(
            r"Additional properties are not allowed \((?P<names>.*) were unexpected\)",
            lambda p: says("Additional properties are not allowed ({names} were unexpected)", **p),
        ),
    ),
    "Not": (
        _wording(
            r"(?P<schema>.*) is not allowed for (?P<value>.*)",
            lambda p: says("{schema} is not allowed for {value}", **p),
        ),
    ),
}
"""Per kind of error, the ways jsonschema-rs words it, each with the template that says it again."""


def error_text(error: Any) -> str:
    """What jsonschema-rs says of an error, as a message made from a template of its kind (so that a report can
    say it in French); its own text, in English, when no template gives that text back exactly."""
    text = error.message
    for pattern, make in _WORDINGS.get(type(error.kind).__name__, ()):
        match = pattern.fullmatch(text)
        if match:
            message = make(match.groupdict())
            return message if message == text else text
    return text


THE_DOCUMENT = says("the document")
THE_OBJECT = says("the object")


def schema_finding(error: Any) -> Finding:
    """The finding of one schema error: its rule, and a message naming the class, the field and the expectation."""
    path = list(error.instance_path)
    keyword = keyword_of(error)
    is_member = bool(path) and not isinstance(path[-1], int)
    holder = class_at(path[:-1]) if is_member else class_at(path)
    field = str(path[-1]) if is_member else ""
    where = f"{holder}.{field}" if holder and field else (holder or json_pointer(path) or THE_DOCUMENT)
    pointer = json_pointer(path)
    if keyword == "enum" and field == "unit" and holder and holder.endswith("Quantity"):
        return finding("units.dimension", _unit_message(error, holder, field), pointer)
    said = error_text(error)
    if keyword == "required":
        message = says("{where}: {detail}", where=holder or THE_OBJECT, detail=said)
    elif keyword == "additionalProperties" and holder:
        message = says("{holder} has a field aistd does not define: {detail}", holder=holder, detail=said)
    elif keyword == "additionalProperties":
        message = says("the object has a field aistd does not define: {detail}", detail=said)
    else:
        message = says("{where}: {detail}", where=where, detail=said)
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
                        message = says("{end}: {value!r} is not a day of the calendar", end=end, value=value)
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
        where = f"{holder}.{named[-1]}" if holder else json_pointer(path) or THE_DOCUMENT
        message = says("{where}: {detail}; no rule can check it", where=where, detail=unheld_text(value))
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
            message = says(
                "schema_version {version!r} is no release aistd knows; checked against {current}",
                version=version,
                current=SCHEMA_VERSION,
            )
            found.append(finding("schema.version-unknown", message, "/schema_version"))
        return found
    message = says(
        "written against schema {version}, checked with that release's schema; "
        "`aistd migrate FILE --to {current}` lifts it to the current release",
        version=version,
        current=SCHEMA_VERSION,
    )
    return [finding("schema.version-superseded", message, "/schema_version")] + [
        schema_finding(error) for error in earlier.iter_errors(data)
    ]
