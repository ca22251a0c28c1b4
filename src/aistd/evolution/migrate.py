"""Lift a disclosure written against an earlier schema release to a later one, and say every change made.

Each step lifts one release to the next; `migrate` chains them. A step edits the document in place, so the
same step serves plain data (a validation in memory) and a round-trip YAML tree (a file rewritten with its
comments and layout kept), and returns the changes it made: where, what was there, what is there now, why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, NamedTuple

from aistd.model.pointer import escape
from aistd.model.versions import SCHEMA_VERSION


class Change(NamedTuple):
    """One change a migration made to a document: a value replaced, or (`renamed`) a key renamed, `before` and
    `after` then being the two names and `pointer` the place of the value under its old name."""

    pointer: str
    before: Any
    after: Any
    reason: str
    renamed: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the JSON report."""
        return {
            "pointer": self.pointer,
            "before": _plain(self.before),
            "after": _plain(self.after),
            "reason": self.reason,
        }


class MigrationError(ValueError):
    """A document no chain of steps leads from its release to the one asked for."""


Step = Callable[[MutableMapping[str, Any]], list[Change]]

# The 0.1.0 converters filled what a source did not state with these; 0.2.0 records it as not stated.
_PLACEHOLDER_PERIOD = {"start_date": "1970-01-01", "end_date": "9999-12-31"}
_PLACEHOLDER_ENTITY = "unknown (not stated in the source)"
_PERIOD_SLOTS = ("reporting_period", "period", "measurement_period")


def _plain(value: Any) -> Any:
    if isinstance(value, MutableMapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _mappings(node: Any, pointer: str = "") -> Iterator[tuple[str, MutableMapping[str, Any]]]:
    """Every mapping of a document with its JSON pointer, parents first."""
    if isinstance(node, MutableMapping):
        yield pointer, node
        for key, value in list(node.items()):
            yield from _mappings(value, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _mappings(value, f"{pointer}/{index}")


def _not_stated(holder: MutableMapping[str, Any], key: str) -> dict[str, Any]:
    """`{not_stated: true}`, in the node kind of the value it replaces (a flow mapping stays one)."""
    old = holder[key]
    if hasattr(old, "fa") and hasattr(old, "clear"):  # a round-trip YAML mapping: keep its node and its style
        old.clear()
        old["not_stated"] = True
        return old  # type: ignore[no-any-return]
    holder[key] = {"not_stated": True}
    return holder[key]  # type: ignore[no-any-return]


def _to_0_2_0(document: MutableMapping[str, Any]) -> list[Change]:
    """0.1.0 -> 0.2.0: the converters' invented fills become explicit unknowns; the release is named."""
    changes = []
    for pointer, mapping in list(_mappings(document)):
        for slot in _PERIOD_SLOTS:
            period = mapping.get(slot)
            if isinstance(period, MutableMapping) and _plain(period) == _PLACEHOLDER_PERIOD:
                before = _plain(period)
                after = _not_stated(mapping, slot)
                reason = "a placeholder period (1970-01-01/9999-12-31) stood for a period the source does not state"
                changes.append(Change(f"{pointer}/{slot}", before, _plain(after), reason))
        entity = mapping.get("reporting_entity")
        if isinstance(entity, MutableMapping) and entity.get("name") == _PLACEHOLDER_ENTITY:
            before = _plain(entity)
            if set(before) == {"name"}:
                after = _not_stated(mapping, "reporting_entity")
            else:
                del entity["name"]
                entity["not_stated"] = True
                after = entity
            reason = "a placeholder name stood for a reporting entity the source does not name"
            changes.append(Change(f"{pointer}/reporting_entity", before, _plain(after), reason))
    reports = document.get("data_centre_reports")
    for index, report in enumerate(reports if isinstance(reports, list) else []):
        if isinstance(report, MutableMapping) and "operational_emissions" in report and "site_emissions" not in report:
            _rename(report, "operational_emissions", "site_emissions")
            reason = (
                "a data centre's CUE counts the CO2e of every energy source of the site (ISO/IEC 30134-8): 0.1.0's "
                "operational_emissions of a data-centre report is 0.2.0's site_emissions"
            )
            where = f"/data_centre_reports/{index}/operational_emissions"
            changes.append(Change(where, "operational_emissions", "site_emissions", reason, renamed=True))
    changes.append(
        Change("/schema_version", document.get("schema_version"), "0.2.0", "the release the file now follows")
    )
    document["schema_version"] = "0.2.0"
    return changes


def _rename(mapping: MutableMapping[str, Any], old: str, new: str) -> None:
    """Rename a key, keeping its place among the others."""
    items = list(mapping.items())
    mapping.clear()
    for key, value in items:
        mapping[new if key == old else key] = value


STEPS: dict[str, tuple[str, Step]] = {"0.1.0": ("0.2.0", _to_0_2_0)}
"""From each release, the next one and the step that lifts a document to it."""


def migrate(document: MutableMapping[str, Any], target: str = SCHEMA_VERSION) -> list[Change]:
    """Lift a disclosure (edited in place) from the release it names to `target`; the changes, in order."""
    version = document.get("schema_version")
    if version == target:
        return []
    if not isinstance(version, str):
        stated = "names no schema_version" if version is None else f"names schema_version {version!r}, not as text"
        raise MigrationError(f"the document {stated}: no release to migrate from")
    changes: list[Change] = []
    while version != target:
        if version not in STEPS:
            known = ", ".join(sorted({*STEPS, *(to for to, _ in STEPS.values())}))
            raise MigrationError(f"no migration leads from {version} to {target} (releases: {known})")
        version, step = STEPS[version]
        changes.extend(step(document))
    return changes
