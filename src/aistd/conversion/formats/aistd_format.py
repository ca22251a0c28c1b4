"""The canonical format itself: aistd YAML or JSON. Reading checks nothing; validation does that."""

from __future__ import annotations

import json
from typing import Any

from aistd.conversion.journal import Conversion, ConversionError
from aistd.load import LoadError, parse_text, value_positions


class AistdFormat:
    """aistd disclosures in YAML or JSON."""

    name = "aistd"
    vocabulary = None
    suffixes = (".yaml", ".yml", ".json")

    def sniff(self, path: str, text: str) -> bool:
        """A mapping with `schema_version` and `reporting_entity` at the top."""
        head = text[:4096]
        return "schema_version" in head and "reporting_entity" in text

    def read(self, text: str, path: str) -> Conversion:
        """Parse the disclosure; positions come from the text itself."""
        try:
            document = parse_text(text, path)
        except LoadError as error:
            raise ConversionError(error.message, error.line, error.column) from None
        return Conversion(self.name, self.name, document.data, origins=value_positions(text))

    def write(self, disclosure: dict[str, Any], *, syntax: str = "yaml") -> Conversion:
        """YAML (block style, keys in schema order as given) or JSON."""
        if syntax == "json":
            text = json.dumps(disclosure, indent=2, ensure_ascii=False) + "\n"
        else:
            import yaml

            text = yaml.safe_dump(disclosure, sort_keys=False, allow_unicode=True, width=110)
        return Conversion(self.name, self.name, text)
