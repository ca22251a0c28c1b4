"""Several canonical disclosures about one system as one: lists joined, ids kept unique, the account kept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aistd.conversion.disclosure import NOT_STATED
from aistd.conversion.journal import Conversion, Journal
from aistd.knowledge.schema import definitions, item_lists

SYSTEMS = "ai_systems"


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


def _record(journal: Journal, conversion: Conversion, label: str, moves: dict[str, str]) -> None:
    """One input's losses and fills, named by input when there are several, its fills at their new places."""
    for loss in conversion.losses:
        journal.lost(label + str(loss.where), loss.value, loss.reason)
    for fill in conversion.fills:
        journal.filled(_repoint(fill.where, moves), fill.value, label + fill.reason)


def merge(conversions: Sequence[Conversion], names: Sequence[str] = ()) -> Conversion:
    """Several canonical disclosures about one system as one: lists joined, ids kept unique.

    Fills and losses keep pointing at the right items, and, with several inputs, say which input they
    come from. Source positions are kept for the first input only (they refer to its text).
    """
    first = conversions[0]
    merged: dict[str, Any] = dict(first.document)
    labelled = len(conversions) > 1 and len(names) == len(conversions)
    label: Callable[[int], str] = (lambda i: f"{names[i]}: ") if labelled else (lambda i: "")
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
    return journal.conversion(first.source_format, "aistd", merged)


def _attach_to_the_only_system(document: dict[str, Any], journal: Journal) -> None:
    """Items that name no system belong to the one AI system the merged inputs declare (e.g. logs and a card)."""
    systems = document.get(SYSTEMS) or []
    if len(systems) != 1 or not isinstance(systems[0], dict) or "id" not in systems[0]:
        return
    for key in filter(_about_a_system, _item_lists()):
        for index, item in enumerate(document.get(key) or []):
            if isinstance(item, dict) and "system" not in item:
                item["system"] = journal.filled(
                    f"/{key}/{index}/system", systems[0]["id"], "the only AI system of the inputs"
                )
