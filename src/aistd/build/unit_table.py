"""Derive the unit table from the schema's quantity classes, with a UCUM parser (build time only)."""

from __future__ import annotations

from typing import Any

QUANTITY_UNIT_SLOT = "unit"


class UnitTableError(ValueError):
    """A unit code of the schema that UCUM cannot read, or whose dimension differs from its class's."""


def _annotation(element: Any, tag: str) -> str | None:
    annotation = (element.annotations or {}).get(tag)
    return None if annotation is None else str(annotation.value)


def quantity_classes(view: Any) -> dict[str, tuple[str, str]]:
    """Map each quantity class name to (its unit enum, its canonical unit code)."""
    found: dict[str, tuple[str, str]] = {}
    for name in sorted(view.all_classes()):
        canonical = _annotation(view.get_class(name), "canonical_unit")
        if canonical is None:
            continue
        unit_slot = view.induced_slot(QUANTITY_UNIT_SLOT, name)
        found[name] = (str(unit_slot.range), canonical)
    return found


def _base_dimensions(quantity: Any) -> dict[str, int]:
    """The quantity's dimension as base dimension -> power, e.g. {"mass": 1, "length": 2, "time": -2}."""
    return {str(base).strip("[]"): int(power) for base, power in quantity.dimensionality.items()}


def _si_factor(quantity: Any) -> float | None:
    """The factor from a unit to SI base units; None for an affine unit (degrees Celsius), which has none."""
    if not quantity._is_multiplicative:
        return None
    return float(f"{float(quantity.to_base_units().magnitude):.15g}")


def build_unit_table(view: Any) -> dict[str, Any]:
    """Per quantity class: reference (canonical) unit, quantity kind, dimension, the reference unit's factor to SI
    base units, and the factor of each admitted code to the reference unit."""
    from ucumvert import PintUcumRegistry

    registry = PintUcumRegistry()
    table: dict[str, Any] = {}
    for class_name, (enum_name, canonical) in quantity_classes(view).items():
        canonical_quantity = registry.from_ucum(canonical)
        enum = view.get_enum(enum_name)
        codes = list(enum.permissible_values)
        if canonical not in codes:
            raise UnitTableError(f"{class_name}: canonical unit {canonical!r} is not among {enum_name}")
        units: dict[str, Any] = {}
        for code in codes:
            quantity = registry.from_ucum(code)
            if quantity.dimensionality != canonical_quantity.dimensionality:
                raise UnitTableError(
                    f"{enum_name}: {code!r} has dimension {quantity.dimensionality}, "
                    f"but {class_name} is {canonical_quantity.dimensionality}"
                )
            factor = float(quantity.to(canonical_quantity.units).magnitude) / float(canonical_quantity.magnitude)
            units[code] = {"factor_to_canonical": float(f"{factor:.15g}")}
        table[class_name] = {
            "unit_enum": enum_name,
            "canonical_unit": canonical,
            "quantity_kind": _annotation(view.get_class(class_name), "quantity_kind"),
            "dimension": str(canonical_quantity.dimensionality),
            "base_dimensions": _base_dimensions(canonical_quantity),
            "si_factor": _si_factor(canonical_quantity),
            "units": units,
        }
    return table
