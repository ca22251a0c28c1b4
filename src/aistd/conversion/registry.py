"""The formats aistd knows, and how an input's format is recognised."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import PurePath

from aistd.conversion.journal import ConversionError

# name -> "module:Class"; modules are imported only when their format is used
FORMATS = {
    "aistd": "aistd.conversion.formats.aistd_format:AistdFormat",
    "cyclonedx": "aistd.conversion.formats.cyclonedx:CycloneDXFormat",
    "spdx3": "aistd.conversion.formats.spdx3:SPDX3Format",
    "hf-card": "aistd.conversion.formats.hf_card:HFCardFormat",
    "codecarbon": "aistd.conversion.formats.codecarbon:CodeCarbonFormat",
    "impact-framework": "aistd.conversion.formats.impact_framework:ImpactFrameworkFormat",
    "boamps": "aistd.conversion.formats.boamps:BoAmpsFormat",
}
FORMAT_NAMES = tuple(FORMATS)
# the order in which detection asks each format whether a text is its own
DETECTION_ORDER = ("cyclonedx", "spdx3", "boamps", "impact-framework", "codecarbon", "hf-card", "aistd")


@cache
def format_named(name: str):  # type: ignore[no-untyped-def]
    """The format object of that name."""
    target = FORMATS.get(name)
    if target is None:
        raise ConversionError(f"unknown format {name!r}; known: {', '.join(FORMAT_NAMES)}")
    module_name, class_name = target.split(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as error:
        raise ConversionError(f"the {name} format is not available in this build ({error.name})") from None
    return getattr(module, class_name)()


def detect(path: str, text: str) -> str:
    """The name of the format the text is in, or ConversionError when none recognises it."""
    for name in DETECTION_ORDER:
        try:
            candidate = format_named(name)
        except ConversionError:
            continue
        if candidate.sniff(path, text):
            return name
    suffix = PurePath(path).suffix or "no suffix"
    raise ConversionError(f"cannot tell which format this is ({suffix}); name it with --from")
