"""Several canonical disclosures about one system as one: lists joined, ids kept unique, the account kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from aistd.conversion.disclosure import NOT_STATED, STAGE_NOT_STATED
from aistd.conversion.journal import Conversion, Fill, Journal
from aistd.knowledge.schema import definitions, item_lists
from aistd.model.message import says

SYSTEMS = "ai_systems"
THE_STATED_SYSTEM = says("the one AI system the inputs state")
"""Why an item a reader tied to a system it derived now names the one system the inputs state."""


def _item_lists() -> tuple[str, ...]:
    """The disclosure's lists of items, in schema order (the AI systems first)."""
    return tuple(item_lists())


def _about_a_system(key: str) -> bool:
    """True for a list whose items name the AI system they are about (not a site's or an organisation's)."""
    return "system" in definitions()[item_lists()[key]].get("properties", {})


def _repoint(where: Any, moves: dict[str, str]) -> Any:
    """A canonical pointer after its item moved in the merged lists."""
    if not isinstance(where, str):
        return where
    for old, new in moves.items():
        if where == old or where.startswith(old + "/"):
            return new + where[len(old) :]
    return where


def _merged_period(documents: Sequence[dict[str, Any]]) -> dict[str, str] | None:
    """The span of the inputs' real reporting periods (placeholders of sources that state none are ignored)."""
    real = [
        d["reporting_period"]
        for d in documents
        if isinstance(d.get("reporting_period"), dict) and _is_stated(d["reporting_period"])
    ]
    if not real:
        return None
    return {"start_date": min(p["start_date"] for p in real), "end_date": max(p["end_date"] for p in real)}


def _is_stated(period: dict[str, Any]) -> bool:
    """Whether a reporting period is stated (a source that states none records it as not stated)."""
    return period != NOT_STATED and "start_date" in period and "end_date" in period


def _labelled(name: str | None, text: Any) -> Any:
    """A loss's place, a fill's reason or a warning's message, after the name of its input when there are several."""
    return text if name is None else says("{input}: {text}", input=name, text=text)


def _record(journal: Journal, conversion: Conversion, name: str | None, moves: dict[str, str]) -> None:
    """One input's losses and fills, named by input when there are several, its fills at their new places."""
    for loss in conversion.losses:
        where = loss.where if isinstance(loss.where, str) else str(loss.where)
        journal.lost(_labelled(name, where), loss.value, loss.reason)
    for fill in conversion.fills:
        journal.filled(_repoint(fill.where, moves), fill.value, _labelled(name, fill.reason))
    journal.warnings.extend(replace(w, message=_labelled(name, w.message)) for w in conversion.warnings)


def merge(conversions: Sequence[Conversion], names: Sequence[str] = ()) -> Conversion:
    """Several canonical disclosures about one system as one: lists joined, ids kept unique.

    Fills and losses keep pointing at the right items, and, with several inputs, say which input they
    come from. Source positions are kept for the first input only (they refer to its text).
    """
    first = conversions[0]
    merged: dict[str, Any] = dict(first.document)
    labelled = len(conversions) > 1 and len(names) == len(conversions)
    label: Callable[[int], str | None] = (lambda i: names[i]) if labelled else (lambda i: None)
    stated = _the_one_stated_system(conversions)
    if stated is not None:
        conversions = [_fold_derived(conversion, stated) for conversion in conversions]
        first = conversions[0]
        merged = dict(first.document)
    journal = Journal(origins=dict(first.origins))
    _record(journal, first, label(0), {})
    seen_ids = {item.get("id") for key in _item_lists() for item in merged.get(key, []) if isinstance(item, dict)}
    systems = {s.get("name"): s.get("id") for s in merged.get(SYSTEMS, []) if isinstance(s, dict)}
    for position, other in enumerate(conversions[1:], start=1):
        renamed: dict[Any, Any] = {}
        moves: dict[str, str] = {}
        for index, system in enumerate(other.document.get(SYSTEMS, [])):
            if system.get("name") in systems:
                renamed[system.get("id")] = systems[system.get("name")]
            else:
                merged.setdefault(SYSTEMS, []).append(system)
                systems[system.get("name")] = system.get("id")
                moves[f"/ai_systems/{index}"] = f"/ai_systems/{len(merged[SYSTEMS]) - 1}"
        for key in _item_lists():
            if key == SYSTEMS:
                continue
            for index, item in enumerate(other.document.get(key, [])):
                item = dict(item)
                if item.get("system") in renamed:
                    item["system"] = renamed[item["system"]]
                if item.get("id") in seen_ids:
                    item["id"] = f"{item['id']}-{position + 1}"
                seen_ids.add(item.get("id"))
                merged.setdefault(key, []).append(item)
                moves[f"/{key}/{index}"] = f"/{key}/{len(merged[key]) - 1}"
        _record(journal, other, label(position), moves)
    period = _merged_period([c.document for c in conversions])
    if period is not None and len(conversions) > 1:
        merged["reporting_period"] = period
        journal.withdraw_fills("/reporting_period")
    _attach_to_the_only_system(merged, journal)
    if len(conversions) > 1:
        _stage_of_the_system(merged, journal)
    return journal.conversion(first.source_format, "aistd", merged)


def _derived_systems(conversion: Conversion) -> set[int]:
    """The positions of the AI systems a reader derived rather than read (filled: a log's project, say)."""
    return {
        int(fill.where.rsplit("/", 1)[1])
        for fill in conversion.fills
        if fill.where.startswith(f"/{SYSTEMS}/")
        and fill.where.count("/") == 2
        and fill.where.rsplit("/", 1)[1].isdigit()
    }


def _the_one_stated_system(conversions: Sequence[Conversion]) -> Any:
    """The id of the only AI system the inputs state (not derived), when there is exactly one; else None."""
    stated = [
        system.get("id")
        for conversion in conversions
        for index, system in enumerate(conversion.document.get(SYSTEMS) or [])
        if isinstance(system, dict) and index not in _derived_systems(conversion)
    ]
    return stated[0] if len(stated) == 1 else None


def _fold_derived(conversion: Conversion, stated: Any) -> Conversion:
    """A conversion whose derived AI systems give way to the one system the inputs state: they are left out, and
    what named them names that system (a filled assumption, said as such)."""
    derived = _derived_systems(conversion)
    systems = conversion.document.get(SYSTEMS) or []
    if not derived:
        return conversion
    gone = {systems[i].get("id") for i in derived if isinstance(systems[i], dict)}
    document = dict(conversion.document)
    kept = [system for i, system in enumerate(systems) if i not in derived]
    if kept:
        document[SYSTEMS] = kept
    else:
        document.pop(SYSTEMS, None)
    fills = [fill for fill in conversion.fills if not fill.where.startswith(f"/{SYSTEMS}/")]
    for key in filter(_about_a_system, _item_lists()):
        items = []
        for index, item in enumerate(document.get(key) or []):
            if isinstance(item, dict) and item.get("system") in gone:
                item = {**item, "system": stated}
                fills.append(Fill(f"/{key}/{index}/system", stated, THE_STATED_SYSTEM))
            items.append(item)
        if key in document:
            document[key] = items
    origins = {k: v for k, v in conversion.origins.items() if not k.startswith(f"/{SYSTEMS}/")}
    return replace(conversion, document=document, fills=fills, origins=origins)


def _stage_of_the_system(document: dict[str, Any], journal: Journal) -> None:
    """A footprint whose stage is not stated takes its system's stage when the other inputs state exactly one for
    that system (a training log merged with the card that reports the training)."""
    footprints = [f for f in document.get("footprints") or [] if isinstance(f, dict)]
    stages: dict[Any, set[Any]] = {}
    for footprint in footprints:
        if footprint.get("stage") not in (STAGE_NOT_STATED, None):
            stages.setdefault(footprint.get("system"), set()).add(footprint.get("stage"))
    taken = {}
    for index, footprint in enumerate(document.get("footprints") or []):
        known = stages.get(footprint.get("system")) if isinstance(footprint, dict) else None
        if footprint.get("stage") == STAGE_NOT_STATED and known is not None and len(known) == 1:
            taken[index] = next(iter(known))
    journal.withdraw_fills(*(f"/footprints/{index}/stage" for index in taken))
    for index, stage in taken.items():
        document["footprints"][index]["stage"] = journal.filled(
            f"/footprints/{index}/stage", stage, says("the one stage the other inputs state for this system")
        )


def _attach_to_the_only_system(document: dict[str, Any], journal: Journal) -> None:
    """Items that name no system belong to the one AI system the merged inputs declare (e.g. logs and a card)."""
    systems = document.get(SYSTEMS) or []
    if len(systems) != 1 or not isinstance(systems[0], dict) or "id" not in systems[0]:
        return
    for key in filter(_about_a_system, _item_lists()):
        for index, item in enumerate(document.get(key) or []):
            if isinstance(item, dict) and "system" not in item:
                item["system"] = journal.filled(
                    f"/{key}/{index}/system", systems[0]["id"], says("the only AI system of the inputs")
                )
