"""Where CycloneDX XML keeps each JSON key of each type aistd reads and writes: `PARTS`, in the order of the XSD
sequence (the order XML must keep when written). `xml_codec` reads and writes XML with it; tests check it against
the official XSDs of 1.5, 1.6 and 1.7."""

from __future__ import annotations

from dataclasses import dataclass, field

from aistd.model.pointer import escape

ATTR, ONE, MANY, WRAPPED, TEXT = "attribute", "element", "elements", "wrapped", "text"
SCALARS = ("str", "num", "int", "bool")


@dataclass(frozen=True)
class Part:
    """One JSON key of a CycloneDX type and where XML keeps it.

    shape: ATTR (an attribute), ONE (a child element), MANY (a repeated child element, a JSON array), WRAPPED (a
    wrapper element whose `items` children are the array's items) or TEXT (the element's own text).
    kind: a scalar kind (str, num, int, bool) or the name of a type in PARTS.
    items: for WRAPPED, (item element name, kind, JSON key the item is wrapped in or "") — more than one when
    the array mixes two kinds of item (a model card's datasets: a dataset, or a reference to one).
    """

    key: str
    shape: str
    kind: str = "str"
    xml: str = ""
    items: tuple[tuple[str, str, str], ...] = ()
    since: str = "1.5"
    name: str = field(init=False)
    """The element or attribute name in XML (`xml`, else the key)."""
    token: str = field(init=False)
    """The key as a JSON pointer token."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.xml or self.key)
        object.__setattr__(self, "token", escape(self.key))


def _a(key: str, kind: str = "str", xml: str = "", since: str = "1.5") -> Part:
    return Part(key, ATTR, kind, xml, since=since)


def _e(key: str, kind: str = "str", since: str = "1.5") -> Part:
    return Part(key, ONE, kind, since=since)


def _m(key: str, kind: str = "str", since: str = "1.5") -> Part:
    return Part(key, MANY, kind, since=since)


def _w(key: str, item: str, kind: str = "str", since: str = "1.5") -> Part:
    return Part(key, WRAPPED, kind, items=((item, kind, ""),), since=since)


PROPERTIES = _w("properties", "property", "property")
EXTERNAL_REFERENCES = _w("externalReferences", "reference", "externalReference")
HASHES = _w("hashes", "hash", "hash")

PARTS: dict[str, tuple[Part, ...]] = {
    "bom": (
        _a("serialNumber"),
        _a("version", "int"),
        _e("metadata", "metadata"),
        _w("components", "component", "component"),
        EXTERNAL_REFERENCES,
        _w("dependencies", "dependency", "dependency"),
        PROPERTIES,
    ),
    "metadata": (
        _e("timestamp"),
        _w("lifecycles", "lifecycle", "lifecycle"),
        _e("tools", "tools"),
        _w("authors", "author", "contact"),
        _e("component", "component"),
        _e("manufacturer", "organization", since="1.6"),
        _e("manufacture", "organization"),
        _e("supplier", "organization"),
        PROPERTIES,
    ),
    "lifecycle": (_e("phase"), _e("name"), _e("description")),
    # The object form of tools (1.5 on); the legacy form, a list of `tool`, is read and written by _tools.
    "tools": (_w("components", "component", "component"),),
    "tool": (_e("vendor"), _e("name"), _e("version"), HASHES, EXTERNAL_REFERENCES),
    "component": (
        _a("type"),
        _a("mime-type"),
        _a("bom-ref"),
        _a("isExternal", "bool", since="1.7"),
        _e("supplier", "organization"),
        _e("manufacturer", "organization", since="1.6"),
        _w("authors", "author", "contact", since="1.6"),
        _e("author"),
        _e("publisher"),
        _e("group"),
        _e("name"),
        _e("version"),
        _e("versionRange", since="1.7"),
        _e("description"),
        _e("scope"),
        HASHES,
        _e("copyright"),
        _e("cpe"),
        _e("purl"),
        _m("omniborId", since="1.6"),
        _m("swhid", since="1.6"),
        _e("modified", "bool"),
        EXTERNAL_REFERENCES,
        PROPERTIES,
        _w("components", "component", "component"),
        _e("modelCard", "modelCard"),
        _w("tags", "tag", since="1.6"),
    ),
    "organization": (
        _a("bom-ref"),
        _e("name"),
        _e("address", "address", since="1.6"),
        _m("url"),
        _m("contact", "contact"),
    ),
    "contact": (_a("bom-ref"), _e("name"), _e("email"), _e("phone")),
    "address": (
        _a("bom-ref"),
        _e("country"),
        _e("region"),
        _e("locality"),
        _e("postOfficeBoxNumber"),
        _e("postalCode"),
        _e("streetAddress"),
    ),
    "hash": (_a("alg"), Part("content", TEXT)),
    "externalReference": (
        _a("type"),
        _e("url"),
        _e("comment"),
        HASHES,
        Part("properties", WRAPPED, "property", items=(("property", "property", ""),), since="1.7"),
    ),
    "dependency": (_a("ref"), Part("dependsOn", MANY, "ref", "dependency")),
    "property": (_a("name"), Part("value", TEXT)),
    "attachment": (_a("contentType", xml="content-type"), _a("encoding"), Part("content", TEXT)),
    "modelCard": (
        _a("bom-ref"),
        _e("modelParameters", "modelParameters"),
        _e("quantitativeAnalysis", "quantitativeAnalysis"),
        _e("considerations", "considerations"),
        PROPERTIES,
    ),
    "modelParameters": (
        _e("approach", "approach"),
        _e("task"),
        _e("architectureFamily"),
        _e("modelArchitecture"),
        Part("datasets", WRAPPED, items=(("dataset", "componentData", ""), ("ref", "str", "ref"))),
        _w("inputs", "input", "format"),
        _w("outputs", "output", "format"),
    ),
    "approach": (_e("type"),),
    "format": (_e("format"),),
    "componentData": (
        _a("bom-ref"),
        _e("type"),
        _e("name"),
        _e("contents", "dataContents"),
        _e("classification"),
        _m("sensitiveData"),
        _e("graphics", "graphics"),
        _e("description"),
    ),
    "dataContents": (_e("attachment", "attachment"), _e("url"), PROPERTIES),
    "quantitativeAnalysis": (
        _w("performanceMetrics", "performanceMetric", "performanceMetric"),
        _e("graphics", "graphics"),
    ),
    "performanceMetric": (
        _e("type"),
        _e("value"),
        _e("slice"),
        _e("confidenceInterval", "confidenceInterval"),
    ),
    "confidenceInterval": (_e("lowerBound"), _e("upperBound")),
    "graphics": (_e("description"), _w("collection", "graphic", "graphic")),
    "graphic": (_e("name"), _e("image", "attachment")),
    "considerations": (
        _w("users", "user"),
        _w("useCases", "useCase"),
        _w("technicalLimitations", "technicalLimitation"),
        _w("performanceTradeoffs", "performanceTradeoff"),
        _w("ethicalConsiderations", "ethicalConsideration", "risk"),
        _e("environmentalConsiderations", "environmentalConsiderations", since="1.6"),
        _w("fairnessAssessments", "fairnessAssessment", "fairnessAssessment"),
    ),
    "risk": (_e("name"), _e("mitigationStrategy")),
    "fairnessAssessment": (_e("groupAtRisk"), _e("benefits"), _e("harms"), _e("mitigationStrategy")),
    "environmentalConsiderations": (
        _w("energyConsumptions", "energyConsumption", "energyConsumption"),
        PROPERTIES,
    ),
    "energyConsumption": (
        _e("activity"),
        _m("energyProviders", "energyProvider"),
        _e("activityEnergyCost", "measure"),
        _e("co2CostEquivalent", "measure"),
        _e("co2CostOffset", "measure"),
        PROPERTIES,
    ),
    "energyProvider": (
        _a("bom-ref"),
        _e("description"),
        _e("organization", "organization"),
        _e("energySource"),
        _e("energyProvided", "measure"),
        EXTERNAL_REFERENCES,
    ),
    "measure": (_e("value", "num"), _e("unit")),
}
"""Every CycloneDX type aistd reads and writes as XML: its JSON keys in the order of the XSD sequence."""
