"""Derive the indicator table from the schema (build time): one entry per indicator slot.

The table is what the runtime, the crosswalks and the docs read about an indicator without loading
LinkML: definition, canonical unit (UCUM, QUDT), value type, limits, stages, boundary, formula, whether
figures of it add up across systems (`aggregation: sum`), and the references it rests on with the
confidence of each reading.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

INDICATOR_SUBSET = "indicator"
CONFIDENCE_LEVELS = ("verified-from-source", "secondary-source", "recalled")
DRAFT_MARK = "draft"


class ReferenceFormatError(ValueError):
    """A `references` annotation line that does not read `document | clause | confidence [| draft]`."""


@dataclass(frozen=True)
class Reference:
    """One standard clause an indicator rests on, with how reliably it was read."""

    document: str
    clause: str
    confidence: str
    draft: bool

    @property
    def provisional(self) -> bool:
        """True for drafts and for clauses recalled rather than read."""
        return self.draft or self.confidence == "recalled"


def parse_references(text: str) -> list[Reference]:
    """Read the `references` annotation: one `document | clause | confidence [| draft]` per line."""
    references = []
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        parts = [part.strip() for part in line.split(" | ")]
        if len(parts) not in (3, 4) or parts[2] not in CONFIDENCE_LEVELS:
            raise ReferenceFormatError(f"cannot read reference {line!r}")
        if len(parts) == 4 and parts[3] != DRAFT_MARK:
            raise ReferenceFormatError(f"unknown reference flag {parts[3]!r} in {line!r}")
        references.append(Reference(parts[0], parts[1], parts[2], len(parts) == 4))
    return references


def _annotation(element: Any, tag: str) -> str | None:
    annotation = (element.annotations or {}).get(tag)
    return None if annotation is None else str(annotation.value)


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def indicator_entry(view: Any, slot: Any) -> dict[str, Any]:
    """The table entry of one indicator slot."""
    unit = slot.unit
    references = parse_references(_annotation(slot, "references") or "")
    stages = [s.strip() for s in (_annotation(slot, "stages") or "").split(",") if s.strip()]
    owners = sorted(
        name for name in view.all_classes() if slot.name in view.class_slots(name) and not view.is_mixin(name)
    )
    return {
        "name": slot.name,
        "definition": " ".join(str(slot.description or "").split()),
        "range": str(slot.range),
        "quantity_class": str(slot.range) if view.get_class(str(slot.range)) is not None else None,
        "ucum": None if unit is None else unit.ucum_code,
        "qudt": None if unit is None or not unit.exact_mappings else view.expand_curie(unit.exact_mappings[0]),
        "quantity_kind": None if unit is None else unit.has_quantity_kind,
        "minimum": _number(slot.minimum_value),
        "maximum": _number(slot.maximum_value),
        "stages": stages,
        "boundary": _annotation(slot, "boundary"),
        "formula": _annotation(slot, "formula"),
        "additive": _annotation(slot, "aggregation") == "sum",
        "classes": owners,
        "references": [asdict(reference) | {"provisional": reference.provisional} for reference in references],
    }


def build_indicator_table(view: Any) -> dict[str, Any]:
    """Every indicator slot of the schema, sorted by name."""
    slots = [s for s in view.all_slots().values() if INDICATOR_SUBSET in (s.in_subset or [])]
    return {slot.name: indicator_entry(view, slot) for slot in sorted(slots, key=lambda s: s.name)}
