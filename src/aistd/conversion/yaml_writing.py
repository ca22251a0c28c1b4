"""YAML as the writers write it: PyYAML's safe dumper, told which plain scalars aistd's loader reads as numbers.

The loader reads YAML 1.2's `1e25` as a number (`aistd.load.yaml_reader.EXPONENT_FLOAT`), where PyYAML's YAML 1.1
rules keep it text: a safe dump of the text "1e5" wrote it plain, and it came back as the number 100000. Giving the
dumper the loader's resolver makes it quote every such text. Import this module only when writing YAML (it
imports PyYAML).
"""

from __future__ import annotations

from typing import Any

import yaml

from aistd.load.yaml_reader import EXPONENT_FLOAT


class TextKeepingDumper(yaml.SafeDumper):
    """A safe dumper that quotes a text the disclosure loader would read as a number."""


TextKeepingDumper.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT_FLOAT, list("-+.0123456789"))


def yaml_text(data: Any, width: int = 110) -> str:
    """Block-style YAML of plain data (keys in the order given, Unicode as itself) that loads back as the same data."""
    return yaml.dump(data, Dumper=TextKeepingDumper, sort_keys=False, allow_unicode=True, width=width)
