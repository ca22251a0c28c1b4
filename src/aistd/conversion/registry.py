"""The formats aistd converts, by name; which one a text is in is told by `aistd.load.detect`."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from aistd.conversion.formats import Format
from aistd.conversion.journal import ConversionError
from aistd.load.detect import UnknownFormatError, detect_format

# name -> "module:FORMAT"; modules are imported only when their format is used
FORMATS = {
    "aistd": "aistd.conversion.formats.aistd_format:FORMAT",
    "cyclonedx": "aistd.conversion.formats.cyclonedx:FORMAT",
    "spdx3": "aistd.conversion.formats.spdx3:FORMAT",
    "hf-card": "aistd.conversion.formats.hf_card:FORMAT",
    "codecarbon": "aistd.conversion.formats.codecarbon:FORMAT",
    "impact-framework": "aistd.conversion.formats.impact_framework:FORMAT",
    "boamps": "aistd.conversion.formats.boamps:FORMAT",
}
FORMAT_NAMES = tuple(FORMATS)


@cache
def format_named(name: str) -> Format:
    """The format object of that name."""
    target = FORMATS.get(name)
    if target is None:
        raise ConversionError(f"unknown format {name!r}; known: {', '.join(FORMAT_NAMES)}")
    module_name, attribute = target.split(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as error:
        raise ConversionError(f"the {name} format is not available in this build ({error.name})") from None
    found: Format = getattr(module, attribute)
    return found


def detect(path: str, text: str) -> str:
    """The name of the format the text is in, or ConversionError when none recognises it."""
    try:
        return detect_format(path, text)
    except UnknownFormatError as error:
        raise ConversionError(error.message) from None
