"""What a SHACL shape expected, in words: the wording of `aistd validate --rdf` findings, one template per
constraint component, so that a report can say each in French."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aistd.check.shacl_result import ShaclResult
from aistd.load.rdf.vocabulary import AISTD, NODE_BASE
from aistd.model.message import Message, says

SH = "http://www.w3.org/ns/shacl#"
MAX_LISTED = 12


def short_name(iri: str | None) -> str:
    """A compact name for an IRI: the aistd local name, or xsd:/sh: prefixed."""
    if iri is None:
        return "?"
    for prefix, name in ((AISTD, ""), (SH, "sh:"), ("http://www.w3.org/2001/XMLSchema#", "xsd:")):
        if iri.startswith(prefix):
            return name + iri.removeprefix(prefix)
    return iri


NODE_KINDS = {
    "IRI": says("an IRI (an absolute URI)"),
    "Literal": says("a plain value, not an object"),
    "BlankNodeOrIRI": says("an object, not a plain value"),
    "BlankNode": says("an object without an id"),
}
BOUNDS = {"MinInclusive": ">=", "MaxInclusive": "<=", "MinExclusive": ">", "MaxExclusive": "<"}


def expectation(result: ShaclResult, params: Mapping[str, Any]) -> str:
    """What the shape expected, in words, from the component and the shape's parameters (`params`), with the
    value found when it is a literal or a named node."""
    literal = result.value is not None and not (result.value_term or "").startswith(("<", "_:"))
    named = (result.value_term or "").startswith("<") and not (result.value_term or "").startswith(f"<{NODE_BASE}")
    expected = _expected(result, params)
    if (literal or named) and result.component not in ("MinCountConstraintComponent",):
        return says("{expectation} (found {value!r})", expectation=expected, value=result.value)
    return expected


def _expected(result: ShaclResult, params: Mapping[str, Any]) -> Message:
    component = result.component.removesuffix("ConstraintComponent")
    if component == "MinCount":
        count = params.get("minCount", 1)
        return says("is required") if count == 1 else says("needs at least {count} values", count=count)
    if component == "MaxCount":
        count = params.get("maxCount", 1)
        if count != 1:
            return says("takes at most {count} values", count=count)
        return says("takes at most {count} value", count=count)
    if component == "Datatype":
        return says("must be a {datatype} literal", datatype=short_name(params.get("datatype")))
    if component == "Or":  # the one disjunction of the shapes: a period's end is a date, a month or a year
        return says("must be an xsd:date, xsd:gYearMonth or xsd:gYear literal")
    if component == "In":
        values = params.get("in", [])
        listed = ", ".join(values[:MAX_LISTED]) + (", ..." if len(values) > MAX_LISTED else "")
        return says("must be one of {values}", values=listed)
    if component in BOUNDS:
        bound = params.get(component[0].lower() + component[1:])
        return says("must be {operator} {bound}", operator=BOUNDS[component], bound=bound)
    if component == "Pattern":
        return says("must match {pattern}", pattern=params.get("pattern"))
    if component == "NodeKind":
        kind = short_name(params.get("nodeKind")).removeprefix("sh:")
        if kind == "IRI" and "class" in params:
            return says("must be named by an IRI (give each item an `id`)")
        return says("must be {kind}", kind=NODE_KINDS.get(kind, kind))
    if component == "Class":
        return says("must be of class {class_name}", class_name=short_name(params.get("class")))
    if component == "Closed":
        return says("is not a property of this class")
    return says("fails {component}", component=result.component)
