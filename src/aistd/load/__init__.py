"""Load: bytes into a Document with the positions of its values, or a LoadError with a rule id and a place.

YAML (libyaml) and JSON readers refuse hostile input within fixed limits; `detect` tells what a file is;
`rdf` reads RDF for the SHACL path (imported only under --rdf).
"""

from aistd.load.document import Document, LoadError
from aistd.load.files import decode_utf8, load_bytes, load_path, parse_text, read_bytes
from aistd.load.limits import DEFAULT_MAX_BYTES, MAX_DEPTH, MAX_INT_DIGITS, MAX_VALUES
from aistd.load.positions import value_positions

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_VALUES",
    "Document",
    "LoadError",
    "decode_utf8",
    "load_bytes",
    "load_path",
    "parse_text",
    "read_bytes",
    "value_positions",
]
