"""Where the package's committed artifacts live, and where the hand-edited sources live in a checkout."""

from __future__ import annotations

from pathlib import Path

ARTIFACT_DIR = Path(__file__).parents[1] / "schemas"
JSON_SCHEMA = ARTIFACT_DIR / "aistd.schema.json"
SHACL_SHAPES = ARTIFACT_DIR / "aistd.shacl.ttl"
JSONLD_CONTEXT = ARTIFACT_DIR / "aistd.context.jsonld"
OWL_ONTOLOGY = ARTIFACT_DIR / "aistd.owl.ttl"
LABELS = ARTIFACT_DIR / "aistd.labels.jsonld"
"""Every class, slot and value's labels and definitions, tagged @en and @fr (JSON-LD)."""
UNIT_TABLE = ARTIFACT_DIR / "aistd.units.json"
INDICATOR_TABLE = ARTIFACT_DIR / "aistd.indicators.json"
MAPPING_TABLE = ARTIFACT_DIR / "aistd.mappings.json"
MERGED_SCHEMA = ARTIFACT_DIR / "aistd.yaml"
RULE_TABLE = ARTIFACT_DIR / "aistd.rules.json"
PROFILE_TABLE = ARTIFACT_DIR / "aistd.profiles.json"
DOCUMENT_TABLE = ARTIFACT_DIR / "aistd.documents.json"
FRENCH_MESSAGES = ARTIFACT_DIR / "aistd.messages.fr.json"
"""Every message template of the code in French, compiled from `locale/fr.po`."""


def checkout_root() -> Path | None:
    """The root of a source checkout holding this package, or None when installed from a wheel."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "schema" / "aistd.yaml").is_file() else None
