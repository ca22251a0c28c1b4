"""Where CycloneDX keeps what aistd carries, as the `cyclonedx` crosswalk names it, and how CycloneDX spells it."""

from __future__ import annotations

from aistd.conversion.fields import FieldRule, field_rules, slot_fields

VOCABULARY = "cyclonedx"
PREFIX = "cdx:"
ML_TYPE = "machine-learning-model"
ENVIRONMENT = ("modelCard", "considerations", "environmentalConsiderations")
SPEC_VERSIONS = ("1.6", "1.7")
# The one unit spelling each CycloneDX measure admits (energyMeasure, co2Measure), by the UCUM unit the
# crosswalk gives the field. This is CycloneDX's closed enum, written as well as read, not an alias table
# (aistd.conversion.units): the JSON spelling is syntax, its meaning comes from the mapping row.
SPELLED_UNITS = {"kW.h": "kWh", "t{CO2eq}": "tCO2eq"}
PLACEHOLDER_SOURCE = "unknown"


def field_rule(definition: str, key: str) -> FieldRule | None:
    """The rule of the CycloneDX field `key` of a schema definition (component, energyConsumption...)."""
    return field_rules(VOCABULARY).get(f"{PREFIX}{definition}.{key}")


def slot_field(slot: str) -> tuple[str, str] | None:
    """The (definition, key) of the CycloneDX field that carries an aistd slot when writing."""
    rule = slot_fields(VOCABULARY).get(slot)
    if rule is None:
        return None
    definition, _, key = rule.field.removeprefix(PREFIX).partition(".")
    return definition, key
