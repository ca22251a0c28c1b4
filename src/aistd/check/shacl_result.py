"""One SHACL validation result, the same whichever engine produced it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShaclResult:
    """One validation result, the same whichever engine produced it.

    Terms are in N-Triples syntax (`<iri>`, `_:b0`, `"text"`); `value` is the offending value's lexical
    form or IRI; `shape_class` is the IRI of the node shape the result comes from (its target class).
    """

    focus: str
    path: str | None
    component: str
    severity: str
    value: str | None
    value_term: str | None
    shape_class: str | None

    def key(self) -> tuple[str, str, str, str]:
        """What two engines must agree on: component, path, focus (blank nodes alike), and value."""
        focus = "_:" if self.focus.startswith("_:") else self.focus
        value = "_:" if (self.value_term or "").startswith("_:") else (self.value or "")
        return (self.component, self.path or "", focus, value)
