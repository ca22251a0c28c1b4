"""The body of a card: the Environmental Impact section's bullets, carried where the front matter is silent
and compared where it is not, and figures stated elsewhere in the body, compared and never read."""

from __future__ import annotations

import re
from typing import Any, Protocol

from aistd.conversion.fields import FieldRule
from aistd.conversion.formats.hf_card.card import Bullet, Card
from aistd.conversion.formats.hf_card.descriptions import parse_hardware
from aistd.conversion.formats.hf_card.quantities import Quantity, agrees, disagreement, parse_quantity, plain
from aistd.conversion.formats.hf_card.terms import UNFILLED, section_fields
from aistd.conversion.journal import Journal
from aistd.conversion.units import reference_unit
from aistd.knowledge.units import admitted_units, magnitude, slot_classes

NOT_A_CLOUD = re.compile(r"^\s*(private infrastructure|private|on[- ]?prem(ise|ises)?|local|none|n/?a)\s*$", re.I)
FIGURE_LABEL = re.compile(r"emission|co2|co\u2082|carbon|energy", re.I)


class CardReading(Protocol):
    """What reading the body needs of the card's reader: the card, the journal, and how a figure is read."""

    card: Card
    journal: Journal
    rules: dict[str, FieldRule]

    def value(self, rule: FieldRule, raw: Any, where: str, unit_fill: str | None = None) -> Any:
        """A raw value as its slot holds it, or None after reporting why it cannot be carried."""
        ...


def read_section(reader: CardReading, fp: dict[str, Any], pointer: str) -> None:
    """The Environmental Impact bullets: carried where the front matter is silent, compared where not."""
    labels = section_fields()
    card, journal = reader.card, reader.journal
    for bullet in card.bullets:
        if not (bullet.in_section or not card.has_section):
            continue
        object_id = labels.get(bullet.label.casefold())
        if object_id is not None:
            _section_bullet(reader, fp, pointer, bullet, object_id)
        elif bullet.in_section and not (FIGURE_LABEL.search(bullet.label) and re.search(r"\d", bullet.value)):
            reason = "a bullet the template does not have: not read"
            journal.lost(f"Environmental Impact: {bullet.label}", bullet.value, reason)
    for line, text in card.prose:
        journal.lost(f"Environmental Impact (line {line})", text, "prose: not read")


def _section_bullet(reader: CardReading, fp: dict[str, Any], pointer: str, bullet: Bullet, object_id: str) -> None:
    if UNFILLED.match(plain(bullet.value)):
        return
    rule, where = reader.rules[object_id], f"Environmental Impact: {bullet.label}"
    if rule.slot == "hardware":
        _section_hardware(reader, fp, pointer, bullet, where)
        return
    if rule.slot == "cloud_provider" and NOT_A_CLOUD.match(plain(bullet.value)):
        reader.journal.lost(where, bullet.value, "says no public cloud was used; aistd names providers only")
        return
    home, inner = (fp.setdefault("location", {}), "/location") if rule.slot.startswith("cloud_") else (fp, "")
    slot_pointer = f"{pointer}{inner}/{rule.slot}"
    fill = f"{slot_pointer}/unit" if slot_classes().get(rule.slot) == "CO2eMassQuantity" else None
    value = reader.value(rule, plain(bullet.value), where, fill)
    if value is None:
        return
    if rule.slot in home:
        _compare(reader, home[rule.slot], value, rule.slot, where, bullet.value)
        return
    home[rule.slot] = value
    reader.journal.carried_at(slot_pointer, (bullet.line, bullet.column))


def _section_hardware(reader: CardReading, fp: dict[str, Any], pointer: str, bullet: Bullet, where: str) -> None:
    items = parse_hardware(plain(bullet.value))
    if "hardware" not in fp:
        fp["hardware"] = items
        reader.journal.carried_at(f"{pointer}/hardware", (bullet.line, bullet.column))
    elif items != fp["hardware"]:
        reader.journal.lost(where, bullet.value, "differs from the front matter's hardware_used, which is kept")


def _compare(reader: CardReading, kept: Any, other: Any, slot: str, where: str, raw: str) -> None:
    unit = reference_unit(slot)
    first, second = magnitude({slot: kept}, slot, unit), magnitude({slot: other}, slot, unit)
    if kept != other and not (first is not None and second is not None and agrees(first, second, raw, other)):
        reader.journal.lost(where, raw, disagreement(first, second, slot))


def cross_check(reader: CardReading, fp: dict[str, Any] | None) -> None:
    """Figures stated in bullets outside the section (or unknown to the template): compared, never read."""
    labels = section_fields()
    for bullet in reader.card.bullets:
        templated = bullet.label.casefold() in labels and (bullet.in_section or not reader.card.has_section)
        if templated or not FIGURE_LABEL.search(bullet.label) or not re.search(r"\d", bullet.value):
            continue
        slot = "energy_consumption" if re.search(r"energy|kwh", bullet.label + bullet.value, re.I) else None
        _cross_check(reader, fp, bullet, slot or "operational_emissions")


def _cross_check(reader: CardReading, fp: dict[str, Any] | None, bullet: Bullet, slot: str) -> None:
    where = f"line {bullet.line}: {bullet.label}"
    unit = reference_unit(slot)
    stated = magnitude(fp, slot, unit) if fp else None
    units = tuple(admitted_units(slot))
    hint = re.search(r"\(in ([^)]+)\)", bullet.label)
    label_unit = parse_quantity(f"1 {hint.group(1)}", units, None) if hint else None
    parsed = parse_quantity(bullet.value, units, label_unit.unit if isinstance(label_unit, Quantity) else None)
    if stated is None or isinstance(parsed, str):
        reason = f"a figure ({slot}) in the card's prose, not in a field aistd reads: not read"
        reader.journal.lost(where, bullet.value, reason)
        return
    written = {"value": parsed.value, "unit": parsed.unit}
    body = parsed.value * admitted_units(slot)[parsed.unit]  # in the reference unit, as `stated`
    if not agrees(stated, body, bullet.value, written):
        reason = disagreement(stated, body, slot) + " (the front matter is kept)"
        reader.journal.lost(where, bullet.value, reason)
