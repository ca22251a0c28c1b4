"""The procedural checks: rules about periods, references between items, and groups of items or documents.

Each module registers its checks by rule id; the catalogue's `procedural` field says why each is not a
formula.
"""

from aistd.check.rules.procedural import aggregates, cross_document, groups, periods, references

__all__ = ["aggregates", "cross_document", "groups", "periods", "references"]
