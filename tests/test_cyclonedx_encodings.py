"""CycloneDX XML and protobuf, decoded to (and, for XML, encoded from) the JSON-shaped BOM.

The same official BOM in JSON, XML and protobuf text decodes to one dict; what `bom_to_xml` writes is valid
against the official XSD of its version and reads back as the BOM written; hostile XML and protobuf garbage are
refused with a ConversionError (with the line and column for XML), fast. Encoding differences that are not
differences of content are documented in the codecs' module descriptions; the official 1.5 fixtures differ in
content between their encodings (`FIXTURE_DIFFERENCES`).

The official fixtures are read from the shared corpus (skipped when absent, like tests/test_corpus.py) and from
tests/data/convert/cyclonedx_xml/ (see its README). The XSDs are read from AISTD_CYCLONEDX_SCHEMAS or
shared/schemas/cyclonedx/ beside the checkout (each version skipped when its XSD is absent); validation never
touches the network: the SPDX import resolves to spdx.xsd beside them, else to a local stub.
"""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aistd.conversion.formats.cyclonedx import proto_codec, xml_codec
from aistd.conversion.formats.cyclonedx.proto_codec import bom_from_protobuf, bom_from_textproto
from aistd.conversion.formats.cyclonedx.write import write_bom
from aistd.conversion.formats.cyclonedx.xml_codec import PARTS, bom_from_xml, bom_to_xml
from aistd.conversion.journal import ConversionError
from aistd.load import parse_text
from aistd.model.pointer import escape, unescape
from tests.conftest import ROOT
from tests.strategies import disclosures

DATA = ROOT / "tests" / "data" / "convert" / "cyclonedx_xml"
PROTO = ROOT / "src" / "aistd" / "conversion" / "formats" / "cyclonedx" / "proto"
SPDX_NAMESPACE = "http://cyclonedx.org/schema/spdx"
VERSIONS = ("1.5", "1.6", "1.7")

CORPUS_FIXTURES = (
    "valid-machine-learning-1.5",
    "valid-machine-learning-1.6",
    "valid-machine-learning-considerations-env-1.6",
)
LOCAL_FIXTURES = (
    "spec-valid-machine-learning-considerations-env-1.7",
    "pythonlib-enum_Co2MeasureUnit-1.6",
    "pythonlib-enum_EnergyMeasureUnit-1.7",
)
FIXTURE_DIFFERENCES = {
    # The official 1.5 fixtures are not one BOM in three encodings: the XML adds a publisher and shortens a
    # limitation, the protobuf text leaves out the description and the graphics, and the JSON's output format is
    # byte[] where the others say string. Those pointers are compared nowhere; everything else must agree.
    ("valid-machine-learning-1.5", "xml"): (
        "/components/0/publisher",
        "/components/0/modelCard/considerations/technicalLimitations/0",
        "/components/0/modelCard/modelParameters/outputs/0/format",
    ),
    ("valid-machine-learning-1.5", "textproto"): (
        "/components/0/description",
        "/components/0/modelCard/quantitativeAnalysis/graphics",
        "/components/0/modelCard/modelParameters/outputs/0/format",
    ),
}


# --- where the fixtures and schemas are --------------------------------------------------------------------------


def fixture_path(name: str, suffix: str, corpus_dir: Path | None) -> Path:
    if name in LOCAL_FIXTURES:
        return DATA / f"{name}.{suffix}"
    assert corpus_dir is not None
    return corpus_dir / "cyclonedx" / f"{name}.{suffix}"


@pytest.fixture(params=CORPUS_FIXTURES + LOCAL_FIXTURES)
def fixture_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def fixture_folder(fixture_name: str, request: pytest.FixtureRequest) -> Path | None:
    """The corpus folder for a corpus fixture (skips when the corpus is absent); None for a local one."""
    return None if fixture_name in LOCAL_FIXTURES else request.getfixturevalue("corpus_dir")


@pytest.fixture(params=[name for name in CORPUS_FIXTURES + LOCAL_FIXTURES if not name.startswith("pythonlib-")])
def proto_fixture(request: pytest.FixtureRequest) -> tuple[str, Path | None]:
    """A fixture that has a protobuf text form (the specification's; cyclonedx-python-lib's have none), and its
    corpus folder."""
    name = request.param
    return name, None if name in LOCAL_FIXTURES else request.getfixturevalue("corpus_dir")


def json_bom(path: Path) -> dict[str, Any]:
    """The JSON fixture as the codecs give it: without `$schema`, which only JSON has."""
    bom = json.loads(path.read_text(encoding="utf-8"))
    bom.pop("$schema", None)
    return bom


def without(bom: dict[str, Any], pointers: tuple[str, ...]) -> dict[str, Any]:
    """A copy of the BOM without the values at the pointers (a list item blanked)."""
    bom = copy.deepcopy(bom)
    for pointer in pointers:
        *parents, last = [unescape(t) for t in pointer.split("/")[1:]]
        node: Any = bom
        for token in parents:
            node = node[int(token)] if isinstance(node, list) else node.get(token, {})
        if isinstance(node, dict):
            node.pop(last, None)
        elif isinstance(node, list) and int(last) < len(node):
            node[int(last)] = None  # an item is blanked, not removed: the others keep their index
    return bom


def schema_folder() -> Path:
    named = os.environ.get("AISTD_CYCLONEDX_SCHEMAS")
    return Path(named) if named else ROOT.parent / "shared" / "schemas" / "cyclonedx"


VENDORED = ROOT / "tests" / "data" / "schemas" / "cyclonedx"
"""Official XSDs the shared folder lacks, copied unchanged (see the README there)."""


def schema_file(name: str) -> Path:
    """An official XSD: from the shared schemas when there, else the copy kept with the tests."""
    shared = schema_folder() / name
    return shared if shared.is_file() else VENDORED / name


@cache
def _schema(version: str) -> Any:
    xmlschema = pytest.importorskip("xmlschema")
    xsd = schema_file(f"bom-{version}.xsd")
    if not xsd.is_file():
        return None
    spdx = schema_file("spdx.xsd")
    return xmlschema.XMLSchema(str(xsd), locations=[(SPDX_NAMESPACE, str(spdx))], allow="local", defuse="always")


def schema(version: str) -> Any:
    """The official XSD of a version, compiled once; skips when it is not there."""
    compiled = _schema(version)
    if compiled is None:
        pytest.skip(f"bom-{version}.xsd is not in {schema_folder()}")
    return compiled


def assert_valid(text: str, version: str) -> None:
    errors = [str(e).splitlines()[0] + " " + str(getattr(e, "path", "")) for e in schema(version).iter_errors(text)]
    assert errors == [], (errors[:3], text[:2000])


# --- the same BOM in three encodings ------------------------------------------------------------------------------


def test_the_xml_of_each_fixture_decodes_to_its_json(fixture_name: str, fixture_folder: Path | None) -> None:
    expected = json_bom(fixture_path(fixture_name, "json", fixture_folder))
    text = fixture_path(fixture_name, "xml", fixture_folder).read_text(encoding="utf-8")
    bom, positions = bom_from_xml(text)
    skip = FIXTURE_DIFFERENCES.get((fixture_name, "xml"), ())
    assert without(bom, skip) == without(expected, skip)
    assert positions[""] == (2, 1)
    assert all(pointer in positions for pointer in _pointers(bom)), "a value has no position"


def test_the_protobuf_text_of_each_fixture_decodes_to_its_json(proto_fixture: tuple[str, Path | None]) -> None:
    fixture_name, fixture_folder = proto_fixture
    path = fixture_path(fixture_name, "textproto", fixture_folder)
    expected = json_bom(fixture_path(fixture_name, "json", fixture_folder))
    bom = bom_from_textproto(path.read_text(encoding="utf-8"))
    skip = FIXTURE_DIFFERENCES.get((fixture_name, "textproto"), ())
    assert without(bom, skip) == without(expected, skip)


def test_the_binary_protobuf_of_each_fixture_decodes_like_its_text(proto_fixture: tuple[str, Path | None]) -> None:
    from google.protobuf import text_format

    name, folder = proto_fixture
    text = fixture_path(name, "textproto", folder).read_text(encoding="utf-8")
    from_text = bom_from_textproto(text)
    message = proto_codec._bom_types()[from_text["specVersion"]]()
    text_format.Parse(proto_codec._SURROGATE_PAIR.sub(proto_codec._join_surrogates, text), message)
    assert bom_from_protobuf(message.SerializeToString()) == from_text


def test_each_fixture_written_as_xml_is_valid_and_reads_back(fixture_name: str, fixture_folder: Path | None) -> None:
    bom = json_bom(fixture_path(fixture_name, "json", fixture_folder))
    text = bom_to_xml(bom, bom["specVersion"])
    assert_valid(text, bom["specVersion"])
    assert bom_from_xml(text)[0] == bom


def test_positions_point_at_the_elements_that_hold_the_values() -> None:
    path = DATA / "spec-valid-machine-learning-considerations-env-1.7.xml"
    lines = path.read_text(encoding="utf-8").splitlines()
    bom, positions = bom_from_xml("\n".join(lines))
    entry = "/components/0/modelCard/considerations/environmentalConsiderations/energyConsumptions/0"
    line, column = positions[entry + "/activityEnergyCost/value"]
    assert lines[line - 1][column - 1 :].startswith("<value>0.4</value>")
    assert bom["components"][0]["modelCard"]["considerations"]["environmentalConsiderations"]["energyConsumptions"][0][
        "co2CostEquivalent"
    ] == {"value": 31.22, "unit": "tCO2eq"}
    line, column = positions["/components/0/bom-ref"]
    assert lines[line - 1][column - 1 :].startswith("<component ")


def _pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, f"{pointer}/{escape(key)}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _pointers(item, f"{pointer}/{i}")
    return found


# --- what XML cannot hold, and what it reads beyond the table ------------------------------------------------------


def test_the_protobuf_names_and_enums_become_the_json_spellings() -> None:
    text = (DATA / "spec-valid-machine-learning-considerations-env-1.7.textproto").read_text(encoding="utf-8")
    component = bom_from_textproto(text)["components"][0]
    entry = component["modelCard"]["considerations"]["environmentalConsiderations"]["energyConsumptions"][0]
    assert component["type"] == "machine-learning-model" and component["bom-ref"].startswith("huggingface.co")
    assert entry["activity"] == "training"
    assert entry["activityEnergyCost"] == {"value": 0.4, "unit": "kWh"}  # a float32 0.4, read as the decimal 0.4
    assert entry["co2CostOffset"] == {"value": 31.22, "unit": "tCO2eq"}
    assert entry["energyProviders"][0]["energySource"] == "natural-gas"
    assert component["externalReferences"] == [
        {"type": "distribution", "url": "https://huggingface.co/meta-llama/Llama-2-7b"}
    ]


def test_metadata_tools_dependencies_and_properties_read_from_protobuf_text() -> None:
    text = """
spec_version: "1.6"
metadata {
  timestamp { seconds: 1735787045 nanos: 500000000 }
  tools { components { type: CLASSIFICATION_APPLICATION name: "aistd" version: "0.2" } }
  manufacturer { name: "Lab" }
}
components {
  type: CLASSIFICATION_MACHINE_LEARNING_MODEL bom_ref: "m" name: "m"
  hashes { alg: HASH_ALG_SHA_256 value: "ab" }
  properties { name: "aistd:system:id" value: "\\"m\\"" }
}
dependencies { ref: "m" dependencies { ref: "n" } }
"""
    bom = bom_from_textproto(text)
    assert bom["metadata"] == {
        "timestamp": "2025-01-02T03:04:05.5Z",
        "tools": {"components": [{"type": "application", "name": "aistd", "version": "0.2"}]},
        "manufacturer": {"name": "Lab"},
    }
    assert bom["components"][0]["hashes"] == [{"alg": "SHA-256", "content": "ab"}]
    assert bom["components"][0]["properties"] == [{"name": "aistd:system:id", "value": '"m"'}]
    assert bom["dependencies"] == [{"ref": "m", "dependsOn": ["n"]}]
    legacy = bom_from_textproto('spec_version: "1.4" metadata { tools { vendor: "v" name: "t" } }')
    assert legacy["metadata"]["tools"] == [{"vendor": "v", "name": "t"}]


def test_elements_outside_the_table_are_read_structurally_for_the_loss_report() -> None:
    text = """<bom xmlns="http://cyclonedx.org/schema/bom/1.6" xmlns:x="urn:x"
     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="a b" version="1">
  <components>
    <component type="library" x:flag="1"><name>n</name>
      <licenses><license><id>MIT</id></license><license><id>0BSD</id></license></licenses></component>
  </components>
  <services><service><name>s</name></service></services>
  <x:note>kept</x:note>
</bom>"""
    bom, positions = bom_from_xml(text)
    assert bom["components"] == [
        {"type": "library", "name": "n", "{urn:x}flag": "1", "licenses": {"license": [{"id": "MIT"}, {"id": "0BSD"}]}}
    ]
    assert bom["services"] == {"service": {"name": "s"}}
    assert bom["{urn:x}note"] == "kept"
    assert "schemaLocation" not in json.dumps(bom)
    assert positions["/services"] == (7, 3)


def test_xml_bytes_are_decoded_as_their_declaration_says() -> None:
    text = '<?xml version="1.0" encoding="{}"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" serialNumber="é€"/>'
    for encoding in ("UTF-8", "UTF-16", "windows-1252"):
        bom, positions = bom_from_xml(text.format(encoding).encode(encoding))
        assert bom["serialNumber"] == "é€" and positions["/serialNumber"] == (2, 1), encoding
    with pytest.raises(ConversionError, match="malformed XML") as raised:
        bom_from_xml(text.format("UTF-8").encode("latin-1", errors="replace"))
    assert raised.value.line == 2


def test_numbers_keep_int_or_float_and_text_that_is_not_a_number_stays_text() -> None:
    measure = "<activityEnergyCost><value>{}</value><unit>kWh</unit></activityEnergyCost>"
    for written, read in (("1", 1), ("1.0", 1.0), (" 0.25 ", 0.25), ("-3.", -3.0), ("1e3", "1e3"), ("x", "x")):
        entry = f"<energyConsumption><activity>training</activity>{measure.format(written)}</energyConsumption>"
        text = (
            '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="machine-learning-model">'
            "<name>m</name><modelCard><considerations><environmentalConsiderations><energyConsumptions>"
            f"{entry}</energyConsumptions></environmentalConsiderations></considerations></modelCard></component>"
            "</components></bom>"
        )
        env = bom_from_xml(text)[0]["components"][0]["modelCard"]["considerations"]["environmentalConsiderations"]
        value = env["energyConsumptions"][0]["activityEnergyCost"]["value"]
        assert value == read and type(value) is type(read), (written, value)


@pytest.mark.parametrize(
    ("bom", "version", "says"),
    [
        ({"components": [{"type": "library", "name": "a\x01b"}]}, "1.6", "/components/0/name: U+0001"),
        ({"properties": [{"name": "n", "value": "\ufffe"}]}, "1.6", "/properties/0/value: U+FFFE"),
        ({"properties": [{"name": "\x00", "value": "v"}]}, "1.7", "/properties/0/name: U+0000"),
        ({"metadata": {"manufacturer": {"name": "Lab"}}}, "1.5", "CycloneDX 1.5 has no 'manufacturer'"),
        ({"components": [{"type": "library", "name": "n", "licenses": []}]}, "1.6", "no element for 'licenses'"),
        ({"version": 1.5}, "1.6", "/version: expected an integer"),
        ({"version": True}, "1.6", "/version: expected a number"),
        ({"components": {"type": "library"}}, "1.6", "/components: expected an array"),
        ({"serialNumber": None}, "1.6", "/serialNumber: expected text"),
        ({}, "1.4", "CycloneDX 1.4 XML cannot be written"),
    ],
)
def test_what_xml_cannot_carry_is_refused_with_its_pointer(bom: dict[str, Any], version: str, says: str) -> None:
    with pytest.raises(ConversionError) as raised:
        bom_to_xml(bom, version)
    assert says in raised.value.message


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_a_number_that_is_not_finite_is_refused(number: float) -> None:
    measure = {"value": number, "unit": "kWh"}
    entry = {"activity": "training", "activityEnergyCost": measure}
    card = {"considerations": {"environmentalConsiderations": {"energyConsumptions": [entry]}}}
    bom = {"components": [{"type": "machine-learning-model", "name": "m", "modelCard": card}]}
    with pytest.raises(ConversionError, match="activityEnergyCost/value"):
        bom_to_xml(bom, "1.6")


def test_a_key_the_xml_of_the_version_has_no_place_for_is_refused_at_its_pointer() -> None:
    component = {"type": "machine-learning-model", "name": "m", "isExternal": True}
    with pytest.raises(ConversionError) as raised:
        bom_to_xml({"components": [component]}, "1.6")
    assert str(raised.value) == "/components/0/isExternal: CycloneDX 1.6 has no 'isExternal' (it came in 1.7)"
    assert "isExternal" in bom_to_xml({"components": [component]}, "1.7")
    with pytest.raises(ConversionError) as raised:
        bom_to_xml({"components": [{"type": "library", "name": "m", "x~y/z": 1}]}, "1.7")
    assert str(raised.value) == "/components/0/x~0y~1z: CycloneDX XML writing has no element for 'x~y/z'"


# --- round trips ------------------------------------------------------------------------------------------------

XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(0x20) if c not in (9, 10, 13)] + ["\ufffe", "\uffff"],
    )
    | st.sampled_from(list("<&>\"'\r\n\t]]>")),
    max_size=30,
)
"""Text XML 1.0 can carry: all of Unicode but the C0 controls other than tab, line feed and carriage return, the
two non-characters and lone surrogates, with the characters XML must escape drawn often."""
NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _xml_safe(value: Any) -> Any:
    """The value with every character XML 1.0 cannot carry replaced (for BOMs made from arbitrary disclosures)."""
    if isinstance(value, str):
        return xml_codec._NOT_XML.sub("?", value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disclosures(), st.sampled_from(("1.6", "1.7")))
def test_every_bom_the_writer_produces_is_valid_xml_and_reads_back(disclosure: dict, version: str) -> None:
    bom = _xml_safe(json.loads(write_bom(disclosure, spec_version=version).document))
    text = bom_to_xml(bom, version)
    assert_valid(text, version)
    bom.pop("$schema")
    assert bom_from_xml(text)[0] == bom


@pytest.mark.parametrize("version", ["1.6", "1.7"])
def test_every_shipped_example_written_as_cyclonedx_xml_is_valid_and_reads_back(version: str) -> None:
    examples = sorted((ROOT / "examples" / "valid").glob("*.yaml")) + sorted(
        (ROOT / "examples" / "published").glob("*.yaml")
    )
    assert len(examples) > 20
    for path in examples:
        disclosure = parse_text(path.read_text(encoding="utf-8"), path.name).data
        bom = json.loads(write_bom(disclosure, spec_version=version).document)
        text = bom_to_xml(bom, version)
        assert_valid(text, version)
        bom.pop("$schema")
        assert bom_from_xml(text)[0] == bom, path.name


@st.composite
def property_lists(draw: st.DrawFn) -> list[dict[str, str]]:
    """Properties with any names and values XML can carry; a value is never empty (XML cannot tell it from none)."""
    items = []
    for _ in range(draw(st.integers(0, 4))):
        item = {"name": draw(XML_TEXT)}
        if draw(st.booleans()):
            item["value"] = draw(XML_TEXT.filter(bool))
        items.append(item)
    return items


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    property_lists(),
    property_lists(),
    property_lists(),
    NUMBERS,
    st.one_of(st.none(), NUMBERS),
    XML_TEXT.filter(bool),
    st.sampled_from(VERSIONS[1:]),
)
def test_properties_and_figures_round_trip_through_xml(
    bom_properties: list,
    component_properties: list,
    entry_properties: list,
    energy: float | int,
    co2: float | int | None,
    name: str,
    version: str,
) -> None:
    entry: dict[str, Any] = {
        "activity": "training",
        "energyProviders": [
            {
                "organization": {"name": name},
                "energySource": "unknown",
                "energyProvided": {"value": energy, "unit": "kWh"},
            }
        ],
        "activityEnergyCost": {"value": energy, "unit": "kWh"},
    }
    if co2 is not None:
        entry["co2CostEquivalent"] = {"value": co2, "unit": "tCO2eq"}
    if entry_properties:
        entry["properties"] = entry_properties
    component: dict[str, Any] = {
        "type": "machine-learning-model",
        "bom-ref": name,
        "name": name,
        "modelCard": {"considerations": {"environmentalConsiderations": {"energyConsumptions": [entry]}}},
    }
    if component_properties:
        component["properties"] = component_properties
    bom: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": version,
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "timestamp": "2025-01-02T00:00:00Z",
            "tools": {"components": [{"type": "application", "name": "aistd", "version": "0.2.0"}]},
            "manufacturer": {"name": name},
        },
        "components": [component],
    }
    if bom_properties:
        bom["properties"] = bom_properties
    text = bom_to_xml(bom, version)
    assert_valid(text, version)
    assert bom_from_xml(text)[0] == bom


@given(XML_TEXT, st.sampled_from([chr(c) for c in range(0x20) if c not in (9, 10, 13)] + ["\ufffe", "\uffff"]))
def test_a_character_xml_cannot_carry_is_refused_wherever_it_is(text: str, bad: str) -> None:
    bom = {"properties": [{"name": "n", "value": text + bad + text}]}
    with pytest.raises(ConversionError, match=r"/properties/0/value: U\+"):
        bom_to_xml(bom, "1.6")


# --- hostile XML ---------------------------------------------------------------------------------------------------

NS = 'xmlns="http://cyclonedx.org/schema/bom/1.6"'
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10))
    + f"]>\n<bom {NS}><metadata><timestamp>&lol9;</timestamp></metadata></bom>\n"
)
HOSTILE = {
    "billion laughs": (BILLION_LAUGHS, "DOCTYPE", 2),
    "external entity": (
        f'<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<bom {NS}>&x;</bom>',
        "DOCTYPE",
        2,
    ),
    "external DTD": (f'<!DOCTYPE bom SYSTEM "http://example.invalid/bom.dtd">\n<bom {NS}/>', "DOCTYPE", 1),
    "parameter entity": (
        f'<!DOCTYPE bom [<!ENTITY % p SYSTEM "http://example.invalid/p">%p;]>\n<bom {NS}/>',
        "DOCTYPE",
        1,
    ),
    "undeclared entity": (f"<bom {NS}>\n  &x;</bom>", "undefined entity", 2),
    "10 MB of nesting": (f"<bom {NS}>" + "<a>" * 3_500_000, "more than 128 deep", 1),
    "malformed": (f"<bom {NS}>\n  <components>\n</bom>", "mismatched tag", 3),
    "not closed": (f"<bom {NS}>\n  <components>", "no element found", 2),
    "text, not XML": ("{}", "not well-formed", 1),
    "empty": ("", "no element found", 1),
    "another root": ("<bom/>", "not a CycloneDX XML BOM", 1),
    "another namespace": ('<bom xmlns="http://example.org/bom/1.6"/>', "not a CycloneDX XML BOM", 1),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_xml_is_refused_with_its_place_in_bounded_time(case: str) -> None:
    text, says, line = HOSTILE[case]
    start = time.perf_counter()
    with pytest.raises(ConversionError) as raised:
        bom_from_xml(text)
    assert time.perf_counter() - start < 2.0
    assert says in raised.value.message
    assert raised.value.line == line and isinstance(raised.value.column, int) and raised.value.column >= 1


def test_xml_past_the_size_and_count_caps_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xml_codec, "DEFAULT_MAX_BYTES", 100)
    with pytest.raises(ConversionError, match="larger than 100"):
        bom_from_xml(f"<bom {NS}>" + " " * 100 + "</bom>")
    monkeypatch.setattr(xml_codec, "DEFAULT_MAX_BYTES", 10_000)
    monkeypatch.setattr(xml_codec, "MAX_VALUES", 10)
    with pytest.raises(ConversionError, match="more than 10 elements") as raised:
        bom_from_xml(f"<bom {NS}>\n" + "<x/>" * 20 + "</bom>")
    assert raised.value.line == 2


# --- protobuf garbage ------------------------------------------------------------------------------------------------


def _varint(n: int) -> bytes:
    out = b""
    while n > 0x7F:
        out += bytes([n & 0x7F | 0x80])
        n >>= 7
    return out + bytes([n])


def _deeply_nested_components(depth: int) -> bytes:
    inner = b""
    for _ in range(depth):
        inner = bytes([21 << 3 | 2]) + _varint(len(inner)) + inner  # Component.components
    return b"\x0a\x031.6" + bytes([5 << 3 | 2]) + _varint(len(inner)) + inner  # Bom.spec_version, Bom.components


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xff\xff\xff",
        b"\x0a\x02\xff\xfe",
        bytes(range(256)),
        b"PK\x03\x04",
        _deeply_nested_components(20_000),
    ],
    ids=["empty", "bad varint", "bad utf-8", "all bytes", "zip", "20000 deep"],
)
def test_protobuf_garbage_is_refused(data: bytes) -> None:
    with pytest.raises(ConversionError, match="not a CycloneDX protobuf BOM"):
        bom_from_protobuf(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_to_a_bom_or_are_refused(data: bytes) -> None:
    try:
        bom = bom_from_protobuf(data)
    except ConversionError:
        return
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('spec_version: "1.6"\ncomponents { nam: "x" }', 2),
        ('spec_version: "1.6"\ncomponents {\n  type: CLASSIFICATION_NOPE\n}', 3),
        ("components { " * 100_000, 1),
        ("not protobuf text at all", 1),
        ("", 1),
    ],
    ids=["unknown field", "unknown enum value", "100000 deep", "garbage", "empty"],
)
def test_bad_protobuf_text_is_refused_with_its_line(text: str, line: int) -> None:
    start = time.perf_counter()
    with pytest.raises(ConversionError) as raised:
        bom_from_textproto(text)
    assert time.perf_counter() - start < 2.0
    assert raised.value.line == line


def test_protobuf_past_the_size_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proto_codec, "DEFAULT_MAX_BYTES", 10)
    with pytest.raises(ConversionError, match="larger than 10"):
        bom_from_protobuf(b"\x0a\x031.6" * 4)
    with pytest.raises(ConversionError, match="larger than 10"):
        bom_from_textproto('spec_version: "1.6"')


# --- the committed artifacts agree with their sources ---------------------------------------------------------------


def test_the_committed_descriptor_set_is_what_protoc_gives_from_the_proto_files(tmp_path: Path) -> None:
    grpc_tools = pytest.importorskip("grpc_tools")
    from google.protobuf import descriptor_pb2

    out = tmp_path / "cyclonedx.binpb"
    includes = Path(grpc_tools.__file__).parent / "_proto"
    command = [sys.executable, "-m", "grpc_tools.protoc", "-I.", f"-I{includes}", "--include_imports"]
    command += [f"--descriptor_set_out={out}", "bom-1.5.proto", "bom-1.6.proto", "bom-1.7.proto"]
    subprocess.run(command, cwd=PROTO, check=True, capture_output=True, timeout=120)
    regenerated = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    committed = descriptor_pb2.FileDescriptorSet.FromString((PROTO / "cyclonedx.binpb").read_bytes())
    assert regenerated == committed, "regenerate proto/cyclonedx.binpb (see proto/README.md)"


@pytest.mark.parametrize("version", ["1.6", "1.7"])
def test_the_committed_proto_files_are_the_official_ones(version: str) -> None:
    official = schema_folder() / f"bom-{version}.proto"
    if not official.is_file():
        pytest.skip(f"{official} is not there")
    assert (PROTO / f"bom-{version}.proto").read_bytes() == official.read_bytes()


def _xsd_children(xsd_type: Any) -> list[tuple[str, bool, Any]]:
    """The child elements of an XSD type in document order: (name, may repeat, declaration)."""
    from xmlschema.validators import XsdElement, XsdGroup

    found: list[tuple[str, bool, Any]] = []

    def walk(group: Any, repeats: bool) -> None:
        for particle in group:
            if isinstance(particle, XsdGroup):
                walk(particle, repeats or particle.max_occurs != 1)
            elif isinstance(particle, XsdElement):
                found.append((particle.local_name, repeats or particle.max_occurs != 1, particle))

    if xsd_type.is_complex() and isinstance(xsd_type.content, XsdGroup):
        walk(xsd_type.content, xsd_type.content.max_occurs != 1)
    return found


def _simple_kind(xsd_type: Any) -> str:
    """The scalar kind a simple XSD type reads as: bool (xs:boolean), int (xs:integer and its restrictions), num
    (another xs:decimal), else str."""
    primitive = getattr(getattr(xsd_type, "primitive_type", None), "local_name", "")
    if primitive == "boolean":
        return "bool"
    if primitive == "decimal":
        integer = any(getattr(t, "local_name", "") == "integer" for t in _ancestors(xsd_type))
        return "int" if integer else "num"
    return "str"


def _ancestors(xsd_type: Any) -> list[Any]:
    found = []
    while xsd_type is not None and xsd_type not in found:
        found.append(xsd_type)
        xsd_type = getattr(xsd_type, "base_type", None)
    return found


def _check_type(kind: str, element: Any, version: str, seen: set[tuple[str, int]], problems: list[str]) -> None:
    """Check one type of PARTS against the XSD element it is used for, then the types it uses, recursively."""
    if (kind, id(element.type)) in seen:
        return
    seen.add((kind, id(element.type)))
    where = f"{version} {kind} ({element.local_name})"
    children = _xsd_children(element.type)
    names = [name for name, _, _ in children]
    attributes = (
        {a.local_name: a for a in element.type.attributes.values() if a.local_name} if element.type.is_complex() else {}
    )
    last = -1
    for part in PARTS[kind]:
        present = tuple(int(n) for n in part.since.split(".")) <= tuple(int(n) for n in version.split("."))
        if part.shape == xml_codec.TEXT:
            if not element.type.has_simple_content():
                problems.append(f"{where}: {part.key} is text but the element has no text content")
            continue
        if part.shape == xml_codec.ATTR:
            if (part.name in attributes) != present:
                problems.append(f"{where}: attribute {part.name} present={part.name in attributes}, since {part.since}")
            elif present and _simple_kind(attributes[part.name].type) != part.kind:
                problems.append(f"{where}: attribute {part.name} is not of kind {part.kind}")
            continue
        if (part.name in names) != present:
            problems.append(f"{where}: element {part.name} present={part.name in names}, since {part.since}")
            continue
        if not present:
            continue
        index = names.index(part.name)
        if index < last:
            problems.append(f"{where}: {part.name} is out of the XSD's order")
        last = index
        _, repeats, declaration = children[index]
        if repeats != (part.shape == xml_codec.MANY) and not (part.shape == xml_codec.WRAPPED and repeats):
            problems.append(f"{where}: {part.name} repeats={repeats} but the part is {part.shape}")
        if part.shape == xml_codec.WRAPPED:
            inner = {name: (rep, decl) for name, rep, decl in _xsd_children(declaration.type)}
            for item, item_kind, _ in part.items:
                if item not in inner or not (inner[item][0] or len(part.items) > 1):
                    problems.append(f"{where}: {part.name}/{item} is not a repeated item")
                elif item_kind in PARTS:
                    _check_type(item_kind, inner[item][1], version, seen, problems)
        elif part.kind in PARTS:
            _check_type(part.kind, declaration, version, seen, problems)
        elif part.kind in xml_codec.SCALARS and _simple_kind(declaration.type) != part.kind:
            problems.append(f"{where}: {part.name} is not of kind {part.kind}")
        elif part.kind == "ref" and "ref" not in declaration.type.attributes:
            problems.append(f"{where}: {part.name} has no ref attribute")


@pytest.mark.parametrize("version", VERSIONS)
def test_the_xml_table_follows_the_official_xsd(version: str) -> None:
    """Every part of PARTS is where the XSD puts it, in its order, repeated when the XSD repeats it, with the
    right simple type, from the version that brought it; checked from the root through every type it uses."""
    xsd = schema(version)
    problems: list[str] = []
    seen: set[tuple[str, int]] = set()
    _check_type("bom", xsd.elements["bom"], version, seen, problems)
    tools = next(d for n, _, d in _xsd_children(xsd.elements["bom"].type) if n == "metadata")
    tools = next(d for n, _, d in _xsd_children(tools.type) if n == "tools")
    _check_type("tool", next(d for n, _, d in _xsd_children(tools.type) if n == "tool"), version, seen, problems)
    checked = {kind for kind, _ in seen}
    expected = set(PARTS) - (
        {"environmentalConsiderations", "energyConsumption", "energyProvider", "measure", "address"}
        if version == "1.5"
        else set()
    )
    assert problems == [] and checked >= expected, (problems, expected - checked)
