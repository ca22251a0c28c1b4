"""The canonical format itself: aistd YAML or JSON. Reading checks nothing; validation does that."""

from __future__ import annotations

import json
from typing import Any

from aistd.conversion.formats import Format
from aistd.conversion.journal import Conversion, ConversionError
from aistd.load import LoadError, parse_text, value_positions


def read_disclosure(text: str, path: str) -> Conversion:
    """Parse the disclosure; positions come from the text itself."""
    try:
        document = parse_text(text, path)
    except LoadError as error:
        raise ConversionError(error.message, error.line, error.column) from None
    return Conversion("aistd", "aistd", document.data, origins=value_positions(text))


def write_disclosure(disclosure: dict[str, Any], *, syntax: str = "yaml") -> Conversion:
    """YAML (block style, keys in schema order as given) or JSON."""
    if syntax == "json":
        text = json.dumps(disclosure, indent=2, ensure_ascii=False) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(disclosure, sort_keys=False, allow_unicode=True, width=110)
    return Conversion("aistd", "aistd", text)


FORMAT = Format("aistd", None, read_disclosure, write_disclosure)
