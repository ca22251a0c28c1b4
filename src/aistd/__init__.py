"""aistd: a common language and a checker for AI environmental-footprint disclosures.

The package exposes a small Python API; heavy build-time libraries (LinkML, SSSOM, rdflib, pySHACL)
are never imported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
SCHEMA_VERSION = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from aistd.report import Report

__all__ = ["SCHEMA_VERSION", "__version__", "validate"]


def validate(source: str | Path | dict[str, Any]) -> Report:
    """Validate a disclosure given as a file path or as already-parsed data; return its report."""
    from aistd.validation import validate as _validate

    return _validate(source)
