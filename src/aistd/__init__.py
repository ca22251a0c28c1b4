"""aistd: a common language and a checker for AI environmental-footprint disclosures.

The public API is two functions: `validate(...)` checks disclosures and returns a `Report`; `convert(...)`
turns footprint data from one format into another and returns a `Conversion` with what could not be
carried. Heavy build-time libraries (LinkML, SSSOM, rdflib, pySHACL) are never imported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aistd.model.versions import PACKAGE_VERSION as __version__
from aistd.model.versions import SCHEMA_VERSION

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from aistd.conversion.journal import Conversion
    from aistd.report import Report

__all__ = ["SCHEMA_VERSION", "__version__", "convert", "validate"]


def validate(source: str | Path | dict[str, Any], profiles: Sequence[str] = ()) -> Report:
    """Validate a disclosure file, a folder of them, or already-parsed data; return the report.

    Every stage runs: loading, JSON Schema conformance, the consistency rules, and the requirements of
    the profiles the disclosure claims in `conforms_to` plus those named in `profiles`. Findings carry
    rule ids, severities, JSON pointers, lines and columns. An unknown profile name raises
    `aistd.knowledge.profiles.UnknownProfileError`.
    """
    from aistd.validation import validate as _validate

    return _validate(source, profiles)


def convert(
    inputs: str | Path | Sequence[str | Path], to: str, source: str | None = None, **options: Any
) -> Conversion:
    """Convert one input, or several about one system (merged), to the format `to`; return the conversion.

    The result holds the written document (text or data), what the target could not carry (`losses`) and
    what had to be filled (`fills`). `source` names the inputs' format (detected when None); `options` go to
    the target's writer (e.g. `spec_version="1.7"` for CycloneDX). An input that cannot be read raises
    `aistd.conversion.ConversionError` with its line and column.
    """
    from pathlib import Path

    from aistd.conversion import convert as _convert

    paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    return _convert(paths, to, source, **options)
