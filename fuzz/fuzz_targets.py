"""Coverage-guided fuzz targets for aistd (atheris), one entry point per target, selected by name.

    python fuzz/fuzz_targets.py TARGET [libFuzzer options] CORPUS_DIR...   # fuzz one target
    python fuzz/fuzz_targets.py --repro TARGET FILE...                     # replay inputs, raising
    python fuzz/fuzz_targets.py --list                                     # the target names

Each target feeds one input (bytes) to one entry point and checks its contract: a loader returns a
JSON-compatible mapping or raises `LoadError`; a converter's reader returns a `Conversion` holding a
JSON-compatible canonical mapping or raises `ConversionError`; the validator returns findings and
renders every report format, never raising. Any other exception, and any input that runs longer than
`HANG_SECONDS` of CPU time, is a crash. Crashes do not stop the run: each one is recorded once per
stack (its type and the aistd frames it passed through), its input saved, in the state file named by
`AISTD_FUZZ_STATE`, so one run finds every distinct crash. `fuzz/run.py` drives the targets.
Set `AISTD_FUZZ_RAISE=1` to let crashes propagate to libFuzzer instead (it then stops at the first).

aistd is imported only inside `main`, under atheris's instrumentation, so its code is coverage-guided.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import signal
import struct
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMATS = (
    "aistd", "cyclonedx", "spdx3", "hf-card", "codecarbon", "impact-framework", "boamps", "eco2ai", "ml-energy",
    "mlperf-power",
)  # fmt: skip
"""The converter formats (`aistd.conversion.registry.FORMAT_NAMES`; a test keeps the two equal)."""

HANG_SECONDS = 10.0
"""CPU seconds one input may take before it counts as a hang (a real load takes milliseconds)."""

_STATE_INTERVAL = 0.5
_PATHS = {"cyclonedx": "bom.json", "spdx3": "document.spdx.json", "hf-card": "README.md", "boamps": "report.json"}
_PATHS |= {"codecarbon": "emissions.csv", "impact-framework": "manifest.yaml"}
_PATHS |= {"eco2ai": "emission.csv", "ml-energy": "model.json", "mlperf-power": "summary.csv"}
_RENDERINGS = ("text", "json", "sarif", "junit")


class Hang(BaseException):
    """Raised by the CPU-time alarm inside an input that runs too long (a BaseException: nothing swallows it)."""


# --- contract checks ------------------------------------------------------------------------------


def _check_json_value(value: Any, max_depth: int = 64) -> None:
    """Assert that a value is JSON data: str-keyed dicts, lists, text, finite numbers, booleans, null."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            assert depth <= max_depth, f"nested {depth} levels deep"
            if isinstance(item, dict):
                assert all(isinstance(key, str) for key in item), f"a non-string key in {list(item)[:5]!r}"
                for key in item:
                    key.encode("utf-8")  # an unpaired surrogate is not text
                children = list(item.values())
            else:
                children = item
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(item, str):
            item.encode("utf-8")
        elif isinstance(item, float):
            assert math.isfinite(item), f"a non-finite number {item!r}"
        else:
            assert item is None or isinstance(item, bool | int), f"{type(item).__name__} is not a JSON value"


def _check_place(line: Any, column: Any) -> None:
    assert line is None or (isinstance(line, int) and line >= 1), f"line {line!r}"
    assert column is None or (isinstance(column, int) and column >= 1), f"column {column!r}"


def _check_load_error(error: Any) -> None:
    assert isinstance(error.rule, str) and error.rule.startswith("load."), error.rule
    assert isinstance(error.message, str) and error.message, "an empty message"
    _check_place(error.line, error.column)


def _check_conversion_error(error: Any) -> None:
    assert isinstance(error.message, str) and error.message, "an empty message"
    _check_place(error.line, error.column)


# --- the targets ----------------------------------------------------------------------------------


def _load(data: bytes, name: str) -> Any:
    """Load bytes as a file called `name`; the document, or None after a well-formed LoadError."""
    from aistd.load import LoadError, load_bytes, value_positions

    try:
        document = load_bytes(data, name)
    except LoadError as error:
        _check_load_error(error)
        return None
    assert isinstance(document.data, dict), type(document.data).__name__
    _check_json_value(document.data)
    positions = value_positions(document.text)
    for pointer in list(positions)[:8]:
        _check_place(*document.position(pointer.removesuffix("#key")))
    return document


def load_yaml(data: bytes) -> None:
    """The YAML loader (`load_bytes` of a .yaml file)."""
    _load(data, "fuzz.yaml")


def load_json(data: bytes) -> None:
    """The JSON loader (`load_bytes` of a .json file)."""
    _load(data, "fuzz.json")


def _converter(name: str) -> Callable[[bytes], None]:
    def convert(data: bytes) -> None:
        from aistd.conversion.journal import Conversion, ConversionError, Fill, Loss
        from aistd.conversion.registry import format_named
        from aistd.load.detect import looks_like

        text = data.decode("utf-8", errors="replace")
        path = _PATHS.get(name) or ("fuzz.json" if text.lstrip()[:1] in ("{", "[") else "fuzz.yaml")
        form = format_named(name)
        assert looks_like(name, path, text) in (True, False)
        try:
            conversion = form.read(text, path)
        except ConversionError as error:
            _check_conversion_error(error)
            return
        assert isinstance(conversion, Conversion)
        if name != "aistd":  # the aistd reader returns what it parsed; validation judges it
            assert isinstance(conversion.document, dict), type(conversion.document).__name__
        _check_json_value(conversion.document)
        assert all(isinstance(loss, Loss) for loss in conversion.losses)
        assert all(isinstance(fill, Fill) for fill in conversion.fills)
        for line, column in conversion.origins.values():
            _check_place(line, column)

    convert.__name__ = f"convert_{name.replace('-', '_')}"
    convert.__doc__ = f"The {name} reader (`format_named({name!r}).read`)."
    return convert


# --- writers: a disclosure decoded from the bytes, written, read back -------------------------------

WRITABLE = ("aistd", "cyclonedx", "spdx3", "hf-card", "codecarbon", "impact-framework", "boamps", "eco2ai")
"""The formats aistd writes (`aistd.conversion.registry.TARGET_NAMES`; a test keeps the two equal)."""

HOSTILE_TEXTS = (
    "", " ", "A100\n- **Carbon Emitted:** 999999 kg", "x\n---\nco2_eq_emissions: 5\n---\n", "\n---\n",
    "| Energy | 77 kWh |\n|---|---|\n| Emissions | 5 kg |", "a | b", "**Energy consumed:** 123 kWh",
    "- **Hours used:** 88", "Carbon Emitted: 149 kg CO2eq", "=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x",
    "'=x", "''", "'", "-5", "8 x H100", "A; 999 x H100", "A + 7 x B", "x/7 device(s), TDP:999", "v4 (TPU)",
    "\u2028- **Emissions:** 5 kg", "\x85Energy: 9 kWh", "\x00", "\x1b[31m", "\u202eevil", "\ufeff", "#", "C#",
    "&#10;", "\\", "*_`<>[]&~", "<!--", "```", "key: value", "{a: 1}", "[1, 2]", "!!python/object:x", "&a *a",
    "A/3 device(s)", "/9 device(s)", "A, TDP:250", "A 5 device(s) method:x", "1e5", ".5e3", "-2E-3",
    *(f"x\r{','.join(['7777'] * cells)}\rz" for cells in (13, 16, 38)),
    *(f"x\n{','.join(['7777'] * cells)}\nz" for cells in (13, 16, 38)),
    "null", "true", "1e999", "NaN", '"', "\\u0000", "e\u0301", "\U0001f525", "2025-01-01", "2025-13-45",
)  # fmt: skip
"""Free text a hostile disclosure holds: Markdown, front matter, table and label syntax with figures, spreadsheet
formulas, hardware text that names counts, YAML and JSON syntax, controls and odd Unicode."""
SPECIAL_NUMBERS = (0, -1, 1, 0.5, -0.0, 1e-9, 5e-324, 1e308, -1e308, 2**53 + 1, 2**63, 10**20, 10**300, 1e15)
COUNTRIES = ("FR", "US", "DE", "SG", "XX", "fr")
DATES = ("2025-01-01", "2025-12-31", "2024-02-29", "2025", "2025-06", "9999-12-31", "0001-01-01")


class Draw:
    """Choices decoded from the fuzzer's bytes, one at a time (zeros once the bytes run out): the same bytes give
    the same disclosure, with or without atheris."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def byte(self) -> int:
        """The next byte (0 past the end)."""
        value = self.data[self.at] if self.at < len(self.data) else 0
        self.at += 1
        return value

    def below(self, count: int) -> int:
        """A whole number in [0, count)."""
        return (self.byte() << 8 | self.byte()) % count if count > 256 else self.byte() % count

    def pick(self, options: Any) -> Any:
        """One of the options."""
        return options[self.below(len(options))]

    def chance(self) -> bool:
        """Yes or no."""
        return bool(self.byte() & 1)

    def raw(self, size: int) -> bytes:
        """The next `size` bytes (fewer at the end)."""
        chunk = self.data[self.at : self.at + size]
        self.at += size
        return chunk

    def number(self) -> int | float:
        """A figure: small or huge, whole or not, an odd one, or eight bytes as a double (finite)."""
        kind = self.below(6)
        if kind == 0:
            return self.byte()
        if kind == 1:
            return self.pick(SPECIAL_NUMBERS)
        if kind == 2:
            return int.from_bytes(self.raw(8).ljust(8, b"\0"), "little", signed=True)
        if kind == 3:
            value = struct.unpack("<d", self.raw(8).ljust(8, b"\0"))[0]
            return value if math.isfinite(value) else 1.5
        if kind == 4:
            return round(self.byte() / (1 + self.byte()), self.below(12))
        return self.byte() * 10 ** self.below(16) + 0.25

    def text(self) -> str:
        """Free text: a hostile piece, bytes as UTF-8, or two of them together."""
        kind = self.below(4)
        if kind == 0:
            return str(self.pick(HOSTILE_TEXTS))
        if kind == 1:
            return self.raw(self.below(48)).decode("utf-8", errors="replace")
        if kind == 2:
            return self.text() + self.text() if self.at < len(self.data) else "x"
        return "".join(chr(self.pick((10, 13, 35, 42, 45, 61, 95, 96, 124, 0x85, 0x2028))) if self.chance()
                       else chr(self.below(128)) for _ in range(self.below(12)))  # fmt: skip


def _tables() -> dict[str, Any]:
    """What a disclosure's footprints can hold: quantity slots with their units, number and enumeration slots."""
    from aistd.conversion.slots import slot_homes
    from aistd.knowledge.schema import definitions
    from aistd.knowledge.units import slot_classes, unit_table

    table = unit_table()
    classes = slot_classes()
    homes = slot_homes()
    quantities = {
        slot: sorted(table[kind]["units"])
        for slot, kind in sorted(classes.items())
        if kind and homes.get(slot) == "StageFootprint" and kind in table
    }
    enums = {name: list(definitions()[name]["enum"]) for name in ("LifecycleStage", "EnergyBoundary", "HardwareType")}
    enums["EmissionsAccountingMethod"] = list(definitions()["EmissionsAccountingMethod"]["enum"])
    return {"quantities": quantities, "enums": enums}


_TABLES: dict[str, Any] = {}


def hostile_disclosure(draw: Draw) -> dict[str, Any]:
    """A small canonical disclosure whose free text and figures come from the bytes."""
    if not _TABLES:
        _TABLES.update(_tables())
    quantities, enums = _TABLES["quantities"], _TABLES["enums"]
    systems = []
    for index in range(1 + draw.below(2)):
        system: dict[str, Any] = {"id": draw.pick((f"s{index}", draw.text())), "name": draw.text()}
        if draw.chance():
            system["description"] = draw.text()
        if draw.chance():
            system["parameter_count"] = draw.number()
        systems.append(system)
    ids = [system["id"] for system in systems]
    footprints = []
    for index in range(draw.below(4)):
        fp: dict[str, Any] = {"id": draw.pick((f"f{index}", draw.text())), "system": draw.pick(ids)}
        fp["stage"] = draw.pick(enums["LifecycleStage"])
        for _ in range(draw.below(7)):
            slot = draw.pick(sorted(quantities))
            fp[slot] = {"value": draw.number(), "unit": draw.pick(quantities[slot])}
            if draw.below(4) == 0:
                fp[slot]["as_published"] = draw.text()
        for slot in ("pue_applied", "carbon_free_energy_share", "batch_size"):
            if draw.below(4) == 0:
                fp[slot] = draw.number()
        if draw.chance():
            fp["energy_boundary"] = draw.pick(enums["EnergyBoundary"])
        if draw.chance():
            fp["emissions_accounting_method"] = draw.pick(enums["EmissionsAccountingMethod"])
        for slot in ("method", "description"):
            if draw.below(3) == 0:
                fp[slot] = draw.text()
        if draw.chance():
            fp["hardware"] = [_hardware(draw, enums["HardwareType"]) for _ in range(1 + draw.below(3))]
        if draw.chance():
            fp["location"] = _location(draw)
        if draw.below(3) == 0:
            fp["tool"] = {"name": draw.pick(("CodeCarbon", "eco2AI", draw.text())), "version": draw.text()}
        if draw.below(3) == 0:
            fp[draw.pick(("period", "measurement_period"))] = {
                "start_date": draw.pick(DATES), "end_date": draw.pick((*DATES, draw.text()))
            }  # fmt: skip
        footprints.append(fp)
    document: dict[str, Any] = {
        "id": draw.pick(("urn:example:d", draw.text())),
        "schema_version": "0.2.0",
        "reporting_entity": {"name": draw.text()},
        "reporting_period": {"not_stated": True},
        "ai_systems": systems,
    }
    if footprints:
        document["footprints"] = footprints
    return document


def _hardware(draw: Draw, kinds: list[str]) -> dict[str, Any]:
    item: dict[str, Any] = {"hardware_type": draw.pick(kinds)}
    if draw.below(4):
        item["hardware_model"] = draw.text()
    if draw.chance():
        item["hardware_count"] = draw.pick((1 + draw.byte(), draw.number()))
    return item


def _location(draw: Draw) -> dict[str, Any]:
    location: dict[str, Any] = {}
    for slot in ("country", "region", "cloud_provider", "cloud_region"):
        if draw.chance():
            location[slot] = draw.pick(COUNTRIES) if slot == "country" and draw.below(4) else draw.text()
    return location


def _numbers(holder: dict[str, Any], key: str, value: Any, path: str) -> list[tuple[str, Any, float | None]]:
    from aistd.knowledge.units import magnitude

    def is_number(item: Any) -> bool:
        return isinstance(item, int | float) and not isinstance(item, bool)

    if isinstance(value, dict) and is_number(value.get("value")):
        return [(path, value["value"], magnitude(holder, key))]
    if is_number(value):
        return [(path, value, magnitude(holder, key))]
    return []


def figures(document: Any) -> list[tuple[str, Any, float | None]]:
    """Every figure of a disclosure's footprints and their hardware: (slot, number as written, magnitude in the
    slot's unit when it has one)."""
    found: list[tuple[str, Any, float | None]] = []
    items = document.get("footprints") if isinstance(document, dict) else None
    for fp in items if isinstance(items, list) else []:
        if not isinstance(fp, dict):
            continue
        for key, value in fp.items():
            found += _numbers(fp, key, value, key)
        hardware = fp.get("hardware")
        for item in hardware if isinstance(hardware, list) else []:
            if isinstance(item, dict):
                for key, value in item.items():
                    found += _numbers(item, key, value, f"hardware/{key}")
    return found


def _filled_numbers(fills: Any) -> list[Any]:
    """Every number in the values a writer filled in (and reported as fills)."""
    found, stack = [], [fill.value for fill in fills]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            stack.extend(item.values() if isinstance(item, dict) else item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            found.append(item)
    return found


def added_figures(source: Any, back: Any, fills: Any = ()) -> list[tuple[str, Any]]:
    """The figures of `back` (a disclosure read back from what a writer wrote of `source`) that `source` does not
    hold: none, unless the writer let a text be read as a figure (or invented one). A figure is held when the
    source has the same slot with the same magnitude (units converted) or the same number, or when it is a number
    the writer reported filling in (`fills`: what the target requires and the source lacked, e.g. IF's duration)."""
    held = figures(source)
    filled = _filled_numbers(fills)
    added = []
    for path, number, size in figures(back):
        if any(_same_number(number, other) for other in filled):
            continue
        if not any(
            path == other_path
            and (
                (size is not None and other_size is not None and math.isclose(size, other_size, rel_tol=1e-6))
                or _same_number(number, other)
            )
            for other_path, other, other_size in held
        ):
            added.append((path, number))
    return added


def _same_number(first: Any, second: Any) -> bool:
    try:
        return bool(first == second) or math.isclose(float(first), float(second), rel_tol=1e-9)
    except OverflowError:
        return False


def write_and_read(name: str, disclosure: dict[str, Any], **options: Any) -> Any:
    """Write a disclosure in a format and read it back: the conversion read back, or None when the writer or the
    reader refused with a well-formed ConversionError. Checks the contract: only ConversionError escapes, a
    writer writes text, and reading it back adds no figure."""
    from aistd.conversion.journal import Conversion, ConversionError
    from aistd.conversion.registry import format_named

    form = format_named(name)
    try:
        written = form.write(disclosure, **options)
    except ConversionError as error:
        _check_conversion_error(error)
        return None
    assert isinstance(written, Conversion)
    assert isinstance(written.document, str), type(written.document).__name__
    written.document.encode("utf-8")
    path = "disclosure.xml" if options.get("encoding") == "xml" else _WRITTEN_PATHS.get(name, "disclosure.yaml")
    if options.get("syntax") == "json":
        path = "disclosure.json"
    if name == "aistd":
        _same_disclosure(disclosure, written.document, path)
    try:
        back = form.read(written.document, path)
    except ConversionError as error:
        _check_conversion_error(error)
        return None
    _check_json_value(back.document)
    added = added_figures(disclosure, back.document, written.fills)
    assert not added, f"{name}: reading back what was written adds figures {added}"
    return back


def _same_disclosure(disclosure: dict[str, Any], text: str, path: str) -> None:
    """aistd's own writer writes the disclosure exactly: its text loads back as the same data (the aistd reader
    refuses what does not conform to the schema, so this is checked on the loaded data), unless the loader
    refuses it for a stated reason, or PyYAML cannot read back what it wrote either (it folds U+0085 in a
    quoted scalar)."""
    import yaml

    from aistd.load import LoadError, parse_text

    try:
        loaded = parse_text(text, path).data
    except LoadError as error:
        _check_load_error(error)
        return
    if loaded != disclosure and (path.endswith(".json") or yaml.safe_load(text) == disclosure):
        raise AssertionError(f"aistd: the written disclosure loads back as other data: {text[:300]!r}")


_WRITTEN_PATHS = {**_PATHS, "cyclonedx": "bom.json", "aistd": "disclosure.yaml"}


def _writer(name: str) -> Callable[[bytes], None]:
    def write(data: bytes) -> None:
        draw = Draw(data)
        options: dict[str, Any] = {}
        if name == "cyclonedx":
            options = {"spec_version": draw.pick(("1.6", "1.7")), "encoding": draw.pick(("json", "xml"))}
        elif name == "aistd":
            options = {"syntax": draw.pick(("yaml", "json"))}
        write_and_read(name, hostile_disclosure(draw), **options)

    write.__name__ = f"write_{name.replace('-', '_')}"
    write.__doc__ = f"The {name} writer on a disclosure decoded from the bytes, then its reader: no added figure."
    return write


def check_data(data: bytes) -> None:
    """`validation.check_data` with every profile, on whatever the loader accepts."""
    from aistd.check import check_data as check
    from aistd.knowledge import profiles
    from aistd.model.finding import Finding

    document = _load(data, "fuzz.json" if data.lstrip()[:1] in (b"{", b"[") else "fuzz.yaml")
    if document is None:
        return
    findings = check(document.data, sorted(profiles.profiles()))
    assert all(isinstance(finding, Finding) for finding in findings)


_WORKDIR: Path | None = None


def _suffix(data: bytes) -> str:
    """The suffix a user would give the file, and now and then another one (by the input's length)."""
    head = data.lstrip()[:64]
    if head[:1] in (b"{", b"["):
        natural = ".json"
    elif head.startswith((b"---", b"#")):
        natural = ".md"
    elif b"," in head.split(b"\n", 1)[0] and b":" not in head.split(b"\n", 1)[0]:
        natural = ".csv"
    else:
        natural = ".yaml"
    others = (".yaml", ".json", ".csv", ".md", ".yml")
    return others[len(data) % 5] if len(data) % 7 == 0 else natural


def validate(data: bytes) -> None:
    """`validation.check_file` on the bytes as a file, then every report format the CLI renders."""
    global _WORKDIR
    from aistd.cli.validate import render as _render
    from aistd.report import Report
    from aistd.validation import Options, check_file

    if _WORKDIR is None:
        _WORKDIR = Path(tempfile.mkdtemp(prefix="aistd-fuzz-validate-"))
    path = _WORKDIR / f"input{_suffix(data)}"
    path.write_bytes(data)
    try:
        checked = check_file(path, Options())
    finally:
        path.unlink()
    report = Report([checked.result])
    for form in _RENDERINGS:
        rendered = _render(report, form)
        assert isinstance(rendered, str)
        rendered.encode("utf-8")
        if form in ("json", "sarif"):
            json.loads(rendered)


_RDF_SUFFIXES = (".ttl", ".nt", ".rdf", ".jsonld")


def validate_rdf(data: bytes) -> None:
    """`check.shacl.validate_rdf` on the bytes as an RDF file (Turtle, N-Triples, RDF/XML or JSON-LD, by the
    input's length): findings only, each placed inside the text when placed at all."""
    global _WORKDIR
    from aistd.check.shacl import validate_rdf as shacl_validate

    if _WORKDIR is None:
        _WORKDIR = Path(tempfile.mkdtemp(prefix="aistd-fuzz-validate-"))
    path = _WORKDIR / f"input{_RDF_SUFFIXES[len(data) % len(_RDF_SUFFIXES)]}"
    path.write_bytes(data)
    try:
        findings = shacl_validate(path)
    finally:
        path.unlink()
    unified = data.replace(b"\r\n", b"\n")
    lines = unified.count(b"\n") + unified.count(b"\r") + 1  # a lone CR ends a line too
    for found in findings:
        assert found.line is None or 1 <= found.line <= lines, (found.rule, found.line, lines)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "load-yaml": load_yaml,
    "load-json": load_json,
    **{f"convert-{name}": _converter(name) for name in FORMATS},
    **{f"write-{name}": _writer(name) for name in WRITABLE},
    "check-data": check_data,
    "validate": validate,
    "validate-rdf": validate_rdf,
}
"""Every fuzz target by name."""


# --- crash bookkeeping ----------------------------------------------------------------------------


def signature(error: BaseException) -> tuple[str, list[str]]:
    """A crash's identity: its type and the aistd frames (module:function) it passed through, innermost last.

    Line numbers are left out so that one bug stays one crash however the code around it moves.
    """
    frames = traceback.extract_tb(error.__traceback__)
    mine = [f for f in frames if "/aistd/" in f.filename.replace(os.sep, "/")]
    chosen = (mine or frames)[-6:]
    if frames and frames[-1] not in chosen:  # where it was raised, even outside aistd (e.g. in json)
        chosen.append(frames[-1])
    names = [f"{Path(f.filename).stem}:{f.name}" for f in chosen]
    digest = hashlib.sha1("|".join([type(error).__name__, *names]).encode()).hexdigest()[:12]
    return digest, names


class Recorder:
    """Counts inputs and keeps one record (and the input) per distinct crash, in a JSON state file."""

    def __init__(self, target: str, state: Path | None) -> None:
        self.target = target
        self.path = state
        self.state: dict[str, Any] = {"target": target, "inputs": 0, "crashes": {}}
        if state is not None and state.is_file():
            self.state = json.loads(state.read_text(encoding="utf-8"))
        self.saved_at = 0.0

    def crash(self, data: bytes, error: BaseException, kind: str, seconds: float) -> None:
        """Record a crash; a new signature saves its input beside the state file."""
        digest, frames = signature(error)
        known = self.state["crashes"].get(digest)
        if known is not None:
            known["count"] += 1
            return
        record: dict[str, Any] = {
            "kind": kind,
            "type": type(error).__name__,
            "message": str(error)[:500],
            "frames": frames,
            "traceback": "".join(traceback.format_exception(error))[-4000:],
            "count": 1,
            "seconds": round(seconds, 3),
        }
        if self.path is not None:
            saved = self.path.parent / f"input-{self.target}-{digest}"
            saved.write_bytes(data)
            record["input"] = str(saved)
        self.state["crashes"][digest] = record
        print(f"\n=== aistd fuzz: new {kind} {digest} in {self.target}: {record['type']}: {error}", file=sys.stderr)
        self.save()

    def tick(self) -> None:
        """Count one input; save the state now and then."""
        self.state["inputs"] += 1
        now = time.monotonic()
        if now - self.saved_at > _STATE_INTERVAL:
            self.save()
            self.saved_at = now

    def save(self) -> None:
        """Write the state file atomically."""
        if self.path is None:
            return
        scratch = self.path.with_suffix(".tmp")
        scratch.write_text(json.dumps(self.state, indent=1), encoding="utf-8")
        scratch.replace(self.path)


def _alarm(signum: int, frame: Any) -> None:
    raise Hang(f"the input ran longer than {HANG_SECONDS} s of CPU time")


def guarded(name: str, recorder: Recorder, raise_crashes: bool = False) -> Callable[[bytes], None]:
    """The target wrapped for fuzzing: a CPU-time alarm per input, crashes recorded (or raised)."""
    target = TARGETS[name]
    signal.signal(signal.SIGPROF, _alarm)

    def one_input(data: bytes) -> None:
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)
        try:
            target(data)
        except Hang as error:
            signal.setitimer(signal.ITIMER_PROF, 0)
            recorder.crash(data, error, "hang", time.perf_counter() - start)
            if raise_crashes:
                raise
        except Exception as error:
            signal.setitimer(signal.ITIMER_PROF, 0)
            recorder.crash(data, error, "crash", time.perf_counter() - start)
            if raise_crashes:
                raise
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            recorder.tick()

    return one_input


def prepare() -> None:
    """Import everything the targets reach (lazy imports included), so that instrumentation covers it."""
    import aistd.cli
    import aistd.conversion
    import aistd.knowledge.profiles
    import aistd.report
    import aistd.report.junit
    import aistd.report.sarif
    import aistd.validation
    from aistd.conversion.registry import format_named

    for name in FORMATS:
        format_named(name)
    for target in TARGETS.values():  # runs the imports done on first use
        for sample in (b"id: x\nschema_version: 0.1.0\nreporting_entity: {name: n}\n", b'{"a": [1, 2.5, null]}'):
            target(sample)
    del aistd


def main(argv: list[str]) -> int:
    """Fuzz one target under libFuzzer, or replay files through it with --repro."""
    if argv[1:2] == ["--list"]:
        print("\n".join(TARGETS))
        return 0
    if argv[1:2] == ["--repro"]:
        name, files = argv[2], argv[3:]
        for file in files:
            print(f"{name}: {file}", file=sys.stderr)
            TARGETS[name](Path(file).read_bytes())
        return 0
    if len(argv) < 2 or argv[1] not in TARGETS:
        print(f"usage: {argv[0]} TARGET [libFuzzer options] CORPUS... ; targets: {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    import atheris

    name = argv[1]
    state = os.environ.get("AISTD_FUZZ_STATE")
    recorder = Recorder(name, Path(state) if state else None)
    with atheris.instrument_imports(include=["aistd"]):
        prepare()
    atheris.Setup([argv[0], *argv[2:]], guarded(name, recorder, os.environ.get("AISTD_FUZZ_RAISE") == "1"))
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
