"""The formats aistd converts, by name; which one a text is in is told by `aistd.load.detect`."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from aistd.conversion.formats import Format
from aistd.conversion.journal import ConversionError
from aistd.load.detect import UnknownFormatError, detect_format
from aistd.model.message import says

# name -> "module:FORMAT"; modules are imported only when their format is used
FORMATS = {
    "aistd": "aistd.conversion.formats.aistd_format:FORMAT",
    "cyclonedx": "aistd.conversion.formats.cyclonedx:FORMAT",
    "spdx3": "aistd.conversion.formats.spdx3:FORMAT",
    "hf-card": "aistd.conversion.formats.hf_card:FORMAT",
    "codecarbon": "aistd.conversion.formats.codecarbon:FORMAT",
    "impact-framework": "aistd.conversion.formats.impact_framework:FORMAT",
    "boamps": "aistd.conversion.formats.boamps:FORMAT",
    "eco2ai": "aistd.conversion.formats.eco2ai:FORMAT",
    "ml-energy": "aistd.conversion.formats.ml_energy:FORMAT",
    "mlperf-power": "aistd.conversion.formats.mlperf_power:FORMAT",
}
FORMAT_NAMES = tuple(FORMATS)
READ_ONLY = ("ml-energy", "mlperf-power")
"""Formats aistd reads but never writes: their files publish their authors' own measurements."""
TARGET_NAMES = tuple(name for name in FORMAT_NAMES if name not in READ_ONLY)
"""The formats aistd writes."""


@cache
def format_named(name: str) -> Format:
    """The format object of that name."""
    target = FORMATS.get(name)
    if target is None:
        raise ConversionError(says("unknown format {name!r}; known: {known}", name=name, known=", ".join(FORMAT_NAMES)))
    module_name, attribute = target.split(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as error:
        raise ConversionError(
            says("the {name} format is not available in this build ({module})", name=name, module=error.name)
        ) from None
    found: Format = getattr(module, attribute)
    return found


def detect(path: str, text: str) -> str:
    """The name of the format the text is in, or ConversionError when none recognises it."""
    try:
        return detect_format(path, text)
    except UnknownFormatError as error:
        raise ConversionError(error.message) from None
