"""How people spell units, as the UCUM codes aistd uses: one alias table for every format.

Structured fields (a BoAmps measure's `unit`, an IF plugin's parameter-metadata) are looked up as written,
so `mWh` never reads as `MWh`; free text (a model card's "16,714 kgs") is matched without regard to case.
Either way a spelling counts only for a code the slot admits, so "t" is tonnes of CO2e in an emissions
figure and nothing in an energy one.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from aistd.knowledge.spellings import UNIT_SPELLINGS
from aistd.knowledge.units import admitted_units


@cache
def _codes_by_spelling() -> dict[str, str]:
    return {spelled: code for code, spellings in UNIT_SPELLINGS.items() for spelled in spellings}


def unit_code(spelled: str, admitted: Collection[str] | None = None) -> str | None:
    """The UCUM code a unit written in a structured field stands for (exactly as spelled), or None when the
    spelling is unknown or names a unit `admitted` does not hold."""
    code = _codes_by_spelling().get(spelled)
    return code if code is not None and (admitted is None or code in admitted) else None


def slot_unit_code(spelled: str, slot: str) -> str | None:
    """The UCUM code of a spelled unit, when it is one the slot admits."""
    return unit_code(spelled, admitted_units(slot))


@cache
def text_spellings(code: str) -> tuple[str, ...]:
    """How free text may spell a unit code, in lower case (free text is matched without regard to case)."""
    return tuple(dict.fromkeys(spelled.casefold() for spelled in UNIT_SPELLINGS.get(code, ())))


def reference_unit(slot: str) -> str | None:
    """The reference unit of a quantity slot's class (kg, kWh, s, L...: its factor is 1), in which figures stated
    in different units are compared; None for plain numbers."""
    return next((code for code, factor in admitted_units(slot).items() if factor == 1), None)
