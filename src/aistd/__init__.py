"""aistd: a common language and a checker for AI environmental-footprint disclosures.

The package exposes a small Python API; heavy build-time libraries (LinkML, SSSOM, rdflib, pySHACL)
are never imported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
SCHEMA_VERSION = "0.1.0"

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from aistd.report import Report

__all__ = ["SCHEMA_VERSION", "__version__", "validate"]


def validate(source: str | Path | dict[str, Any], profiles: Sequence[str] = ()) -> Report:
    """Validate a disclosure file, a folder of them, or already-parsed data; return the report.

    Every stage runs: loading, JSON Schema conformance, the consistency rules, and the requirements of
    the profiles the disclosure claims in `conforms_to` plus those named in `profiles`. Findings carry
    rule ids, severities, JSON pointers, lines and columns. An unknown profile name raises
    `aistd.knowledge.profiles.UnknownProfileError`.
    """
    from aistd.validation import validate as _validate

    return _validate(source, profiles)
