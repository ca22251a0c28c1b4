"""Countries by ISO 3166-1 code or by name, through pycountry when it is installed (it is optional)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _pycountry() -> Any:
    try:
        import pycountry
    except ImportError:
        return None
    return pycountry


def has_pycountry() -> bool:
    """True when pycountry, which converts country codes and names, is installed."""
    return _pycountry() is not None


def country_record(code: str) -> Any:
    """The pycountry record of an ISO 3166-1 alpha-2 or alpha-3 code (None when unknown or no pycountry)."""
    module = _pycountry()
    text = code.strip().upper()
    if module is None or len(text) not in (2, 3) or not text.isalpha():
        return None
    return module.countries.get(**{"alpha_2" if len(text) == 2 else "alpha_3": text})


def country_named(name: str) -> Any:
    """The pycountry record whose name, official or common name is `name` (case-insensitive), else None."""
    module = _pycountry()
    wanted = name.strip().casefold()
    if module is None or not wanted:
        return None
    for country in module.countries:
        names = (country.name, getattr(country, "official_name", ""), getattr(country, "common_name", ""))
        if wanted in (n.casefold() for n in names if n):
            return country
    return None


def alpha_2(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country name or code, when it can be told (without pycountry: a
    text that is already two letters)."""
    module = _pycountry()
    if module is None:
        code = text.strip().upper()
        return code if len(code) == 2 and code.isascii() and code.isalpha() else None
    try:
        return str(module.countries.lookup(text.strip()).alpha_2)
    except LookupError:
        return None
