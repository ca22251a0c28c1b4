"""The catalogue of hostile inputs: each case declared once, with the outcome `aistd` must reach.

A case names how to make its input (written at test time into a fresh folder: no large file is committed),
the command it runs, and what must come of it: the exit code, the rule ids of the report (exactly those), or
words of the message for `aistd convert`, and limits on wall time and peak memory. `tests/test_hostile.py`
runs each case in its own process, watched for network use and for files opened beyond the input.

Cases with a `fixed` text failed when the catalogue was first run; it says how, and they stay as regressions.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
DEFAULT_CAP = 50 * MIB  # aistd.load.DEFAULT_MAX_BYTES, restated: the catalogue states what it expects
DEEP = 100_000
WIDE = 1_000_000
VALIDATE, VALIDATE_RDF, CONVERT = "validate", "validate --rdf", "convert"
SECRET = "SECRET-4e1f"
"""Text of the files a case puts beside its input: it must never reach a report."""

Maker = Callable[[Path], Path]


@dataclass(frozen=True)
class Case:
    """One hostile input, one command, and the outcome it must have."""

    name: str
    make: Maker
    command: str  # validate | validate --rdf | convert
    exit_code: int
    rules: frozenset[str] = frozenset()  # every rule id the report holds (validate only)
    says: str = ""  # words the report (validate) or the error message (convert) must hold
    options: tuple[str, ...] = ()
    seconds: float = 10.0
    megabytes: float = 500.0
    fixed: str = ""  # how the case failed before the fix it now guards

    def argv(self, target: Path) -> list[str]:
        """The arguments after `aistd`: a validate command reports as JSON; a convert command writes aistd."""
        if self.command == CONVERT:
            return ["convert", str(target), "--to", "aistd", *self.options]
        return [*self.command.split(), "--format", "json", *self.options, str(target)]


# --- making the inputs ------------------------------------------------------------------------------


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _disclosure(**extra: object) -> dict[str, object]:
    """The smallest valid disclosure, with extra top-level fields."""
    return {
        "id": "urn:example:hostile",
        "schema_version": "0.2.0",
        "reporting_entity": {"name": "Example Org"},
        "reporting_period": {"start_date": "2025-01-01", "end_date": "2025-12-31"},
        **extra,
    }


def _outside(folder: Path, name: str) -> Path:
    """A file beside the input, never to be read: it holds SECRET."""
    return _write(folder / "outside" / name, f"{SECRET}\n")


LAUGHS = "".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)]
)
"""Nine levels of nine YAML aliases: a billion strings if expanded."""


def yaml_billion_laughs(folder: Path) -> Path:
    """Nine levels of nine aliases: a billion strings if expanded."""
    return _write(folder / "laughs.yaml", LAUGHS)


def json_deep(folder: Path) -> Path:
    """100,000 nested lists in a JSON object."""
    return _write(folder / "deep.json", '{"a": ' + "[" * DEEP + "]" * DEEP + "}")


def yaml_deep_flow(folder: Path) -> Path:
    """100,000 nested flow lists in YAML."""
    return _write(folder / "deep-flow.yaml", "a: " + "[" * DEEP + "]" * DEEP + "\n")


def yaml_deep_block(folder: Path) -> Path:
    """100,000 nested block lists in YAML (`- - - ... x`)."""
    return _write(folder / "deep-block.yaml", "a:\n  " + "- " * DEEP + "x\n")


def sparse(name: str, size: int = 200 * MIB) -> Maker:
    """A sparse file of `size` zero bytes: no disk space, no time to write."""

    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as handle:
            handle.truncate(size)
        return path

    make.__doc__ = f"A sparse {size // MIB} MiB file named {name}."
    return make


def small_valid(folder: Path) -> Path:
    """A valid disclosure of a few hundred bytes."""
    return _write(folder / "small.json", json.dumps(_disclosure()))


def latin1_yaml(folder: Path) -> Path:
    """YAML saved as Latin-1: byte 0xe9 is not UTF-8."""
    return _write(folder / "latin1.yaml", b"id: urn:example:caf\xe9\nschema_version: 0.1.0\n")


def encoded_surrogate_json(folder: Path) -> Path:
    """JSON holding the UTF-8-style encoding of a lone surrogate (ED A0 80): not UTF-8."""
    return _write(folder / "surrogate.json", b'{"id": "\xed\xa0\x80"}')


def json_duplicate_keys(folder: Path) -> Path:
    """The same key twice in one JSON object."""
    return _write(folder / "duplicate.json", '{"id": "urn:a", "schema_version": "0.2.0", "id": "urn:b"}')


def yaml_duplicate_keys(folder: Path) -> Path:
    """The same key twice in one YAML mapping."""
    return _write(folder / "duplicate.yaml", "id: urn:a\nschema_version: 0.1.0\nid: urn:b\n")


def json_number(name: str, literal: str) -> Maker:
    """A JSON disclosure whose energy figure is written as `literal`."""

    def make(folder: Path) -> Path:
        footprint = {"id": "f", "stage": "inference", "energy_consumption": {"value": "@", "unit": "kW.h"}}
        text = json.dumps(_disclosure(footprints=[footprint])).replace('"@"', literal)
        return _write(folder / name, text)

    make.__doc__ = f"A JSON disclosure with the number {literal[:20]}."
    return make


def negative_zero(folder: Path) -> Path:
    """A valid disclosure whose figures are -0 and -0.0: finite numbers, accepted."""
    footprint = {
        "id": "idle",
        "stage": "inference",
        "energy_consumption": {"value": "@int", "unit": "kW.h"},
        "energy_boundary": "it-equipment",
        "operational_emissions": {"value": "@float", "unit": "kg{CO2eq}"},
        "emissions_accounting_method": "location-based",
    }
    text = json.dumps(_disclosure(footprints=[footprint]))
    return _write(folder / "negative-zero.json", text.replace('"@int"', "-0").replace('"@float"', "-0.0"))


def huge_integers_accepted(folder: Path) -> Path:
    """4,300-digit integers, the longest the loader accepts, in figures the rules compute with: a finding, since no
    rule can check a figure no double can hold."""
    big = "9" * 4300
    footprint = {
        "id": "run",
        "stage": "training",
        "energy_consumption": {"value": "@", "unit": "kW.h"},
        "energy_boundary": "it-equipment",
        "duration": {"value": 10, "unit": "h"},
        "accelerator_hours": {"value": 5, "unit": "h"},
        "hardware": [{"hardware_type": "gpu", "hardware_count": "@"}],
    }
    text = json.dumps(_disclosure(footprints=[footprint])).replace('"@"', big)
    return _write(folder / "huge-integers.json", text)


def sci_whole_of_zero(folder: Path) -> Path:
    """An SCI assessment with total_resources 0 and resources_reserved 4."""
    assessment = {
        "id": "sci",
        "functional_unit": "request",
        "resources_reserved": 4,
        "total_resources": 0,
    }
    return _write(folder / "zero-artifacts.json", json.dumps(_disclosure(sci_assessments=[assessment])))


def jsonld_remote_context(folder: Path) -> Path:
    """JSON-LD whose contexts are a host name and an address: neither may be looked up or fetched."""
    body = {
        "@context": ["https://context.example.invalid/aistd.jsonld", "http://127.0.0.1:9/context.jsonld"],
        "@type": "Disclosure",
        "id": "urn:example:hostile",
    }
    return _write(folder / "remote-context.jsonld", json.dumps(body))


def jsonld_file_context(folder: Path) -> Path:
    """JSON-LD whose context is a file:// URL of a file beside it: the file may not be read."""
    context = _outside(folder, "context.jsonld")
    body = {"@context": context.as_uri(), "@type": "Disclosure", "id": "urn:example:hostile"}
    return _write(folder / "file-context.jsonld", json.dumps(body))


def turtle_owl_imports(folder: Path) -> Path:
    """A valid Turtle disclosure that imports a remote ontology and a local file: neither may be read."""
    imported = _outside(folder, "shapes.ttl")
    text = f"""@prefix aistd: <https://w3id.org/aistd/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:example:ontology> a owl:Ontology ;
    owl:imports <http://ontology.example.invalid/shapes.ttl> , <{imported.as_uri()}> .
<urn:example:hostile> a aistd:Disclosure ;
    aistd:schema_version "0.2.0" ;
    aistd:reporting_entity [ a aistd:Organization ; schema:name "Example Org" ] ;
    aistd:reporting_period [ a aistd:Period ;
        aistd:start_date "2025-01-01"^^xsd:date ; aistd:end_date "2025-12-31"^^xsd:date ] .
"""
    return _write(folder / "imports.ttl", text)


RDF_XML = (
    '<?xml version="1.0"?><!DOCTYPE rdf:RDF [{entities}]>'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:a="https://w3id.org/aistd/">'
    '<a:Disclosure rdf:about="urn:example:hostile"><a:title>{title}</a:title></a:Disclosure></rdf:RDF>'
)


def rdfxml_external_entity(folder: Path) -> Path:
    """RDF/XML with an external (SYSTEM) entity naming a file beside it: the file may not be read."""
    secret = _outside(folder, "secret.txt")
    entities = f'<!ENTITY s SYSTEM "{secret.as_uri()}">'
    return _write(folder / "external-entity.rdf", RDF_XML.format(entities=entities, title="&s;"))


def rdfxml_billion_laughs(folder: Path) -> Path:
    """RDF/XML with nine levels of ten nested internal entities: 3 GB of text if expanded."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return _write(folder / "laughs.rdf", RDF_XML.format(entities="".join(entities), title="&lol9;"))


def _wide_csv(path: Path, header: Iterator[str], row: Iterator[str]) -> Path:
    """A two-line CSV written a cell at a time."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(header) + "\n")
        handle.write(",".join(row) + "\n")
    return path


def csv_million_columns(folder: Path) -> Path:
    """A CodeCarbon header followed by a million more columns."""
    core = ["timestamp", "duration", "emissions", "energy_consumed"]
    header = iter([*core, *(f"extra_{i}" for i in range(WIDE - len(core)))])
    row = iter(["2025-01-01T00:00:00", "10", "0.1", "0.2", *("1" for _ in range(WIDE - len(core)))])
    return _wide_csv(folder / "emissions.csv", header, row)


def csv_million_columns_unknown(folder: Path) -> Path:
    """A CSV of a million unnamed columns: no format recognises it."""
    return _wide_csv(folder / "wide.csv", (f"c{i}" for i in range(WIDE)), ("1" for _ in range(WIDE)))


def card(name: str, front: bytes, title: bytes = b"# Hostile model\n") -> Maker:
    """A model card README.md with the given front matter text between its --- lines."""

    def make(folder: Path) -> Path:
        return _write(folder / name / "README.md", b"---\n" + front + b"---\n" + title)

    make.__doc__ = f"A model card ({name}) whose front matter is {front[:30]!r}."
    return make


def card_unclosed(folder: Path) -> Path:
    """A model card whose front matter is opened by --- and never closed."""
    text = "---\nco2_eq_emissions: 10\nlicense: mit\n\n# Hostile model\n\nText.\n"
    return _write(folder / "unclosed" / "README.md", text)


def empty(name: str) -> Maker:
    """An empty file named `name`."""

    def make(folder: Path) -> Path:
        return _write(folder / name, b"")

    make.__doc__ = f"An empty file named {name}."
    return make


def folder_named(name: str) -> Maker:
    """An empty folder named like a file."""

    def make(folder: Path) -> Path:
        path = folder / name
        path.mkdir()
        return path

    make.__doc__ = f"An empty folder named {name}."
    return make


def fifo(name: str) -> Maker:
    """A named pipe with no writer: reading it would wait for ever."""

    def make(folder: Path) -> Path:
        path = folder / name
        os.mkfifo(path)
        return path

    make.__doc__ = f"A named pipe named {name}, with no writer."
    return make


# --- the catalogue -----------------------------------------------------------------------------------


def _cases() -> Iterator[Case]:
    def one(name: str, make: Maker, command: str, exit_code: int, *rules: str, **more: object) -> Case:
        return Case(name, make, command, exit_code, frozenset(rules), **more)  # type: ignore[arg-type]

    yield one("yaml-billion-laughs", yaml_billion_laughs, VALIDATE, 1, "load.alias")
    yield one("json-100k-deep", json_deep, VALIDATE, 1, "load.too-deep")
    yield one("yaml-100k-deep-flow", yaml_deep_flow, VALIDATE, 1, "load.too-deep")
    yield one("yaml-100k-deep-block", yaml_deep_block, VALIDATE, 1, "load.too-deep")
    big = f"{200 * MIB} bytes, over the {DEFAULT_CAP}-byte limit"
    yield one("200mb-default-cap", sparse("big.yaml"), VALIDATE, 1, "load.too-large", says=big, seconds=3.0)
    yield one(
        "200mb-raised-cap", sparse("big.yaml"), VALIDATE, 1, "load.encoding", says="NUL byte",
        options=("--max-bytes", str(300 * MIB)),
    )  # fmt: skip
    yield one("200mb-convert", sparse("emissions.csv"), CONVERT, 1, says=big, seconds=3.0)
    yield one(
        "max-bytes-below-size", small_valid, VALIDATE, 1, "load.too-large", says="over the 100-byte limit",
        options=("--max-bytes", "100"),
    )  # fmt: skip
    yield one(
        "max-bytes-rdf", turtle_owl_imports, VALIDATE_RDF, 1, "load.too-large",
        says="over the 100-byte limit", options=("--max-bytes", "100"),
        fixed="--rdf ignored --max-bytes (RDF files were read with the default cap): exit 0",
    )  # fmt: skip
    yield one("invalid-utf8-latin1", latin1_yaml, VALIDATE, 1, "load.encoding", says="byte 0xe9")
    yield one("invalid-utf8-surrogate", encoded_surrogate_json, VALIDATE, 1, "load.encoding", says="not UTF-8")
    yield one("json-duplicate-keys", json_duplicate_keys, VALIDATE, 1, "load.duplicate-key", says="'id'")
    yield one("yaml-duplicate-keys", yaml_duplicate_keys, VALIDATE, 1, "load.duplicate-key", says="'id'")
    yield one("json-1e400", json_number("overflow.json", "1e400"), VALIDATE, 1, "load.non-finite", says="1e400")
    yield one("json-nan", json_number("nan.json", "NaN"), VALIDATE, 1, "load.non-finite", says="NaN")
    yield one("json-infinity", json_number("inf.json", "-Infinity"), VALIDATE, 1, "load.non-finite")
    yield one("json-negative-zero", negative_zero, VALIDATE, 0)
    yield one(
        "json-huge-integer", json_number("huge.json", "7" * 100_000), VALIDATE, 1, "load.number-too-large",
        says="at most 4300 digits",
    )  # fmt: skip
    yield one(
        "json-4300-digit-integers",
        huge_integers_accepted,
        VALIDATE,
        1,
        "schema.out-of-range",
        says="a number too large to hold as a figure",
        fixed="float() overflowed in quantities.magnitude and footprint.accelerator-hours: internal error, exit 2; "
        "then passed with the rules switched off in silence",
    )
    yield one(
        "sci-whole-of-zero", sci_whole_of_zero, VALIDATE, 1, "sci.shares-within-one", "schema.required",
        says="resources_reserved (4) exceeds total_resources (0)",
        fixed="sci.shares-within-one divided by zero: internal error, exit 2",
    )  # fmt: skip
    yield one("jsonld-remote-context", jsonld_remote_context, VALIDATE_RDF, 1, "rdf.remote-context")
    yield one("jsonld-file-context", jsonld_file_context, VALIDATE_RDF, 1, "rdf.remote-context", says="no file context")
    yield one("turtle-owl-imports", turtle_owl_imports, VALIDATE_RDF, 0, "rdf.imports-ignored", says="not followed")
    yield one("rdfxml-external-entity", rdfxml_external_entity, VALIDATE_RDF, 1, "load.malformed")
    yield one(
        "rdfxml-billion-laughs", rdfxml_billion_laughs, VALIDATE_RDF, 1, "load.too-large",
        says="XML entities", fixed="the SHACL engine expanded the entities: 2.7 s and 950 MB at this size",
    )  # fmt: skip
    too_wide = f"the header has {WIDE:,} columns"
    quadratic = "reading the header was quadratic in its columns: still running after 60 s"
    yield one("csv-1m-columns", csv_million_columns, VALIDATE, 1, "convert.unreadable", says=too_wide, fixed=quadratic)
    yield one("csv-1m-columns-convert", csv_million_columns, CONVERT, 1, says=too_wide, fixed=quadratic)
    unknown = "cannot tell which format"
    yield one("csv-1m-unknown-columns", csv_million_columns_unknown, VALIDATE, 1, "convert.unreadable", says=unknown)
    yield one("csv-1m-unknown-columns-convert", csv_million_columns_unknown, CONVERT, 1, says=unknown)
    yield one("card-unclosed-front-matter", card_unclosed, VALIDATE, 1, "convert.unreadable", says=unknown)
    yield one(
        "card-unclosed-front-matter-convert", card_unclosed, CONVERT, 1, says="never closed",
        options=("--from", "hf-card"),
    )  # fmt: skip
    tabs = card("tabs", b"co2_eq_emissions:\n\temissions: 10\n")
    yield one("card-tab-indent", tabs, VALIDATE, 1, "convert.unreadable", says="cannot start any token")
    yield one("card-tab-indent-convert", tabs, CONVERT, 1, says="cannot start any token")
    bomb = card("bomb", b"co2_eq_emissions: 10\n" + LAUGHS.encode())
    yield one("card-yaml-bomb", bomb, VALIDATE, 1, "convert.unreadable", says="aliases")
    yield one("card-yaml-bomb-convert", bomb, CONVERT, 1, says="aliases")
    binary = card("binary", b"co2_eq_emissions: 10\nx: \x00\x01\xff\xfe\n")
    yield one("card-binary-nul", binary, VALIDATE, 1, "load.encoding", says="NUL byte")
    yield one("card-binary-nul-convert", binary, CONVERT, 1, says="NUL byte")
    control = card("control", b"co2_eq_emissions: 10\nx: \x01\x1b[31m\n")
    yield one("card-control-characters", control, VALIDATE, 1, "convert.unreadable", says="U+0001")
    yield one("empty-yaml", empty("empty.yaml"), VALIDATE, 1, "load.empty")
    yield one("empty-turtle", empty("empty.ttl"), VALIDATE_RDF, 1, "load.empty")
    yield one("empty-csv-convert", empty("empty.csv"), CONVERT, 1, says=unknown)
    silent = "a folder holding nothing to validate was walked in silence: '0 files', exit 0"
    for name, command in (("folder.yaml", VALIDATE), ("folder.ttl", VALIDATE_RDF)):
        says = "the folder holds no file to validate"
        yield one(
            f"folder-named-{name[7:]}", folder_named(name), command, 1, "load.unreadable", says=says, fixed=silent
        )
    yield one("folder-named-csv-convert", folder_named("folder.csv"), CONVERT, 1, says="it is a folder")
    yield one("fifo-yaml", fifo("pipe.yaml"), VALIDATE, 1, "load.unreadable", says="not a regular file")
    yield one("fifo-jsonld", fifo("pipe.jsonld"), VALIDATE_RDF, 1, "load.unreadable", says="not a regular file")
    yield one("fifo-md", fifo("pipe.md"), VALIDATE, 1, "load.unreadable", says="not a regular file")
    yield one("fifo-csv-convert", fifo("pipe.csv"), CONVERT, 1, says="not a regular file")


def _more_cases() -> Iterator[Case]:
    """The cases of every `cases_*.py` module beside this one (each exposes `cases()`), by module name."""
    import importlib

    for path in sorted(Path(__file__).parent.glob("cases_*.py")):
        yield from importlib.import_module(f"tests.hostile.{path.stem}").cases()


CASES: tuple[Case, ...] = (*_cases(), *_more_cases())
