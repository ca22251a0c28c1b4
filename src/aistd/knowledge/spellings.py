"""How people spell units, as the UCUM codes aistd uses: the one alias table every reader and message uses.

A spelling counts only for a code the slot admits, so "t" is tonnes of CO2e in an emissions figure and
nothing in an energy one. `suggestion` turns a label that is no UCUM code ("kWh", "MkWh", "gallons") into
the admitted code it most likely means, for the message that refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from aistd.model.message import says

UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "g{CO2eq}": ("g", "gr", "gram", "grams", "gCO2eq", "gCO2e"),
    "kg{CO2eq}": ("kg", "kgs", "kilogram", "kilograms", "kgCO2eq"),
    "t{CO2eq}": ("t", "ton", "tons", "tonne", "tonnes", "metric ton", "metric tons", "metric tonnes"),
    "W.h": ("Wh",),
    "kW.h": ("kWh", "kwh", "kW.h", "kW h", "kilowatt hours", "kilowatt-hours", "kilowatt hour"),
    "MW.h": ("MWh",),
    "GW.h": ("GWh",),
    "J": ("J", "joules"),
    "kJ": ("kJ",),
    "MJ": ("MJ",),
    "GJ": ("GJ",),
    "W": ("W", "watts"),
    "g{CO2eq}/(kW.h)": ("gCO2eq/kWh", "gCO2e/kWh"),
    "kg{CO2eq}/(kW.h)": ("kgCO2eq/kWh",),
    "s": ("s", "sec", "secs", "second", "seconds"),
    "min": ("min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "d": ("d", "day", "days"),
    "L": ("L", "l", "liter", "liters", "litre", "litres"),
    "mL": ("mL", "ml", "milliliter", "milliliters", "millilitre", "millilitres"),
    "m3": ("m3", "m³", "cubic meter", "cubic meters", "cubic metre", "cubic metres"),
    "[gal_us]": ("gal", "gallon", "gallons", "US gallon", "US gallons"),
    "%": ("percentage",),
}

MULTIPLIERS = {"k": 1e3, "thousand ": 1e3, "M": 1e6, "million ": 1e6, "G": 1e9, "B": 1e9, "billion ": 1e9}
"""Multiplier prefixes people put before a unit that has its own ("MkWh" is a million kWh)."""


@cache
def _codes_by_spelling() -> dict[str, str]:
    return {spelled: code for code, spellings in UNIT_SPELLINGS.items() for spelled in spellings}


def spelled_code(label: str) -> str | None:
    """The code a label spells, exactly as written (case matters: "mWh" is no "MWh"); None when unknown."""
    return _codes_by_spelling().get(label)


def suggestion(label: str, admitted: Mapping[str, float]) -> tuple[str, str] | None:
    """The admitted code a label most likely means, and why; None when nothing fits.

    `admitted` maps each code the slot admits to its factor to the class's reference unit.
    """
    code = spelled_code(label)
    if code in admitted:
        return code, says("{label!r} is written {code!r} in UCUM", label=label, code=code)
    dotted = label.replace("Wh", "W.h")  # "mWh", "TWh": the product of W and h is written W.h
    if dotted != label and dotted in admitted:
        return dotted, says("{label!r} is written {code!r} in UCUM", label=label, code=dotted)
    same_letters = [known for known in admitted if known.casefold() == label.casefold()]
    if len(same_letters) == 1:  # "mw.h" could be mW.h or MW.h: no guess then
        return same_letters[0], says("UCUM codes are case-sensitive: {code!r}", code=same_letters[0])
    for prefix, multiplier in MULTIPLIERS.items():
        if not label.startswith(prefix) or len(label) == len(prefix):
            continue
        rest = label[len(prefix) :]
        base = rest if rest in admitted else spelled_code(rest)
        if base not in admitted:
            continue
        factor = multiplier * admitted[base]
        for candidate, candidate_factor in admitted.items():
            if abs(candidate_factor - factor) <= 1e-9 * factor:
                return candidate, says(
                    "{label!r} is {prefix} x {base}, which is {code!r}",
                    label=label,
                    prefix=prefix.strip(),
                    base=base,
                    code=candidate,
                )
    return None
