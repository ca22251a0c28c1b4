"""Reading an IF manifest: each leaf component as a stage footprint (and an SCI assessment where it has SCI
scores); the plugin pipeline, run records and anything without an aistd home are reported."""

from __future__ import annotations

from typing import Any

from aistd.conversion.disclosure import disclosure_shell, slug
from aistd.conversion.formats.impact_framework.component import Component
from aistd.conversion.formats.impact_framework.terms import TOOL_NAME, labels, parameter_rules
from aistd.conversion.formats.impact_framework.tree import (
    ROOT,
    Leaf,
    component_ids,
    declared_units,
    functional_unit,
    observations,
    plugins,
    walk,
)
from aistd.conversion.journal import Conversion, ConversionError, Journal
from aistd.conversion.units import unit_code
from aistd.knowledge.units import admitted_units, slot_classes
from aistd.load import LoadError, parse_text
from aistd.model.message import says
from aistd.model.pointer import escape

MANIFEST_KEYS = ("name", "description", "tree", "initialize", "execution")


def _unit_notes(journal: Journal, declared: dict[str, tuple[str, str]]) -> None:
    """Declared units that contradict IF's convention for a mapped parameter (e.g. a TDP declared in kWh)."""
    for name, (unit, pointer) in declared.items():
        rules = parameter_rules().get(labels().get(name, ""), ())
        for rule in rules[:1]:
            code = unit_code(unit)
            if slot_classes().get(rule.slot) and code and code not in admitted_units(rule.slot):
                reason = says(
                    "{name}: the declared unit {unit} is not a unit of this quantity (a known IF mislabel); "
                    "read in IF's convention, {convention}",
                    name=name,
                    unit=unit,
                    convention=rule.unit,
                )
                journal.lost(pointer, unit, reason)


def _manifest_losses(journal: Journal, manifest: dict[str, Any], declared: dict[str, tuple[str, str]]) -> None:
    """What the manifest says beyond the tree: configuration and run records."""
    for key, value in manifest.items():
        if key in MANIFEST_KEYS or value is None:
            continue
        journal.lost(f"/{escape(str(key))}", value, says("manifest {key!r}: no aistd slot", key=key))
    found = plugins(manifest)
    if found:
        summary = {pid: p.get("method") if isinstance(p, dict) else p for pid, p in found.items()}
        reason = says("the plugin pipeline that computes the figures: aistd keeps results only")
        journal.lost("/initialize/plugins", summary, reason)
    _unit_notes(journal, declared)


def _execution(journal: Journal, manifest: dict[str, Any], disclosure: dict[str, Any]) -> None:
    """The IF version that computed the outputs becomes the methodology's tool; the rest is reported."""
    execution = manifest.get("execution")
    if not isinstance(execution, dict):
        return
    environment = execution.get("environment") if isinstance(execution.get("environment"), dict) else {}
    version = environment.get("if-version")
    if isinstance(version, str | int | float) and not isinstance(version, bool):
        disclosure["methodology"] = {"tool": {"name": TOOL_NAME, "version": str(version)}}
        journal.carried_near("/methodology/tool/version", "/execution/environment/if-version")
    for key, value in execution.items():
        if key == "environment" or value is None:
            continue
        shown = "(a command line with local paths, not copied)" if key == "command" else value
        reason = says("execution {key!r}: a run record, no aistd slot", key=key)
        journal.lost(f"/execution/{escape(str(key))}", shown, reason)
    for key, value in environment.items():
        if key != "if-version" and value is not None:
            journal.lost(f"/execution/environment/{escape(str(key))}", value, says("run environment: no aistd slot"))


def _reporting_period(records: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    periods = [r["period"] for r in records if isinstance(r.get("period"), dict)]
    if not periods:
        return None, None
    return min(p["start_date"] for p in periods), max(p["end_date"] for p in periods)


def _resolve_ids(journal: Journal, footprints: list[dict[str, Any]], sci: list[dict[str, Any]]) -> None:
    """Fills name records by id while reading (`/footprints/{id}/...`); turn those into JSON pointers."""
    index = {fp["id"]: f"/footprints/{i}" for i, fp in enumerate(footprints)}
    index.update({s["id"]: f"/sci_assessments/{i}" for i, s in enumerate(sci)})

    def resolve(where: str) -> str:
        """The JSON pointer of a place named by record id (`/footprints/{id}/rest`: the rest, written by this
        reader, holds no brace, so the id ends at the last one; string operations, linear in the place's length)."""
        head = next((h for h in ("/footprints/{", "/sci_assessments/{") if where.startswith(h)), None)
        close = where.rfind("}")
        rest = where[close + 1 :]
        if head is None or close < len(head) or (rest and not rest.startswith("/")):
            return where
        record = where[len(head) : close]
        return index[record] + rest if record in index else where

    journal.repoint_fills(resolve)


def _origins(journal: Journal, component: Component, footprint_at: str, sci_at: str | None) -> None:
    """Source positions of the carried values."""
    journal.carried_near(footprint_at, component.leaf.pointer)
    hardware = component.footprint.get("hardware", [])
    kinds = [item.get("hardware_type") for item in hardware]
    for (record, slot), pointer in component.sources.items():
        if record == "sci" and sci_at is None:
            continue
        if record in ("footprint", "sci"):
            target = component.footprint if record == "footprint" else component.sci
            base = f"{footprint_at if record == 'footprint' else sci_at}/{slot}"
        elif record == "location":
            target, base = component.footprint.get("location", {}), f"{footprint_at}/location/{slot}"
        else:
            position = kinds.index("cpu" if record.endswith("cpu") else "other")
            target, base = hardware[position], f"{footprint_at}/hardware/{position}/{slot}"
        places = [base]
        if sci_at is not None and (record == "location" or (record, slot) == ("footprint", "period")):
            places.append(base.replace(footprint_at, sci_at, 1))
        value = target.get(slot)
        if isinstance(value, dict):
            places += [f"{place}/{'start_date' if slot == 'period' else 'value'}" for place in places]
        for place in places:
            journal.carried_near(place, pointer)


def _shell(journal: Journal, manifest: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, Any]:
    """The disclosure's top: id from the manifest's name, title, description and the observed period."""
    name = manifest.get("name") if isinstance(manifest.get("name"), str) else None
    identifier = f"urn:aistd:impact-framework:{slug(name or 'manifest', 'manifest')}"
    journal.filled("/id", identifier, says("an IF manifest has no identifier: made from its name"))
    start, end = _reporting_period(records)
    disclosure = disclosure_shell(journal, identifier, start, end)
    if name:
        disclosure["title"] = name
        journal.carried_near("/title", "/name")
    if isinstance(manifest.get("description"), str) and manifest["description"].strip():
        disclosure["description"] = manifest["description"]
        journal.carried_near("/description", "/description")
    return disclosure


def read_manifest(text: str, path: str) -> Conversion:
    """An IF manifest as a canonical disclosure."""
    try:
        document = parse_text(text, path)
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    manifest = document.data
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tree"), dict):
        raise ConversionError(says("not an Impact Framework manifest: no `tree` mapping at the top"), 1, 1)
    journal = Journal(document.positions)  # from the parse just made: the text is not parsed again
    journal.warnings.extend(document.warnings)
    declared = declared_units(manifest)
    leaves: list[Leaf] = []
    walk(manifest["tree"], (), "/tree", ROOT, journal, leaves)
    footprints, assessments, components = [], [], []
    reported: set[tuple[str, str, Any]] = set()
    for leaf, component_id in zip(leaves, component_ids(leaves), strict=True):
        component = Component(leaf, component_id, journal, functional_unit(manifest, leaf), declared, reported)
        component.convert()
        if observations(leaf)[1]:
            footprints.append(component.footprint)
            components.append((component, len(footprints) - 1, len(assessments) if component.sci else None))
            if component.sci:
                assessments.append(component.sci)
    disclosure = _shell(journal, manifest, footprints + assessments)
    if footprints:
        disclosure["footprints"] = footprints
    if assessments:
        disclosure["sci_assessments"] = assessments
    _execution(journal, manifest, disclosure)
    _manifest_losses(journal, manifest, declared)
    _resolve_ids(journal, footprints, assessments)
    for component, fp_index, sci_index in components:
        sci_at = None if sci_index is None else f"/sci_assessments/{sci_index}"
        _origins(journal, component, f"/footprints/{fp_index}", sci_at)
    return journal.conversion("impact-framework", "aistd", disclosure)
