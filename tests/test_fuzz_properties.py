"""Hostile input never breaks the contract: a result, a `LoadError` / `ConversionError`, or findings.

Property-based fuzzing with hypothesis of every entry point that reads untrusted input: the loaders
(`parse_text`, `load_bytes`, YAML and JSON), every converter's reader, the validator (`check_data`) and
`aistd validate` on a file. Inputs are random bytes and text, and mutations of real files (the valid
examples and a few corpus files): characters flipped, inserted, deleted, lines swapped; values swapped
for other JSON types, huge, negative or non-finite numbers, deep nesting, odd Unicode. No other
exception may escape, and each input is answered within a deadline (a CPU-time alarm catches a hang).
The coverage-guided counterpart is `fuzz/` (atheris); crashes either finds are pinned in
`tests/test_fuzz_regressions.py`.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import importlib.util
import io
import json
import math
import os
import re
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aistd.check import check_data
from aistd.cli import EXIT_FINDINGS, EXIT_OK, main
from aistd.conversion.journal import Conversion, ConversionError
from aistd.conversion.registry import FORMAT_NAMES, TARGET_NAMES, format_named
from aistd.knowledge import profiles
from aistd.load import MAX_DEPTH, Document, LoadError, load_bytes, parse_text
from aistd.load.detect import looks_like
from aistd.model.finding import Finding, Severity
from tests.conftest import EXAMPLES, ROOT

CORPUS = Path(os.environ.get("AISTD_CORPUS") or ROOT.parent / "shared" / "corpus")
CORPUS_PICKS = {
    "cyclonedx": ["cyclonedx/valid-machine-learning-considerations-env-1.6.json"],
    "spdx3": [
        "spdx3/spdx-ai-wg-site/minimal-aipackage.spdx3.json",
        "spdx3/spdx-examples/dataset/example01/spdx3.0/example01.spdx3.json",
    ],
    "hf-card": [
        "hf-modelcards/Nkluge-correa__Aira/Cards__models__Aira-2-124M.md",
        "hf-modelcards/indexed/TextMood__TAED2__model_card.md",
        "hf-modelcards/env-impact-sections/idx47315726231__protein-go-azure-v100.md",
    ],
    "codecarbon": [
        "codecarbon/real/HayatoKanee__Green-LLM__emissions.csv",
        "codecarbon/real/CrystalGazers__TAED2_CrystalGazers__emissions.csv",
        "codecarbon/real/Nkluge-correa__TeenyTinyLlama/emissions-160m.csv",
    ],
    "impact-framework": [
        "impact-framework/gsf-if/manifests/outputs/builtins/sum/success.yaml",
        "impact-framework/gsf-if/manifests/outputs/builtins/sci-embodied/scenario-1.yaml",
    ],
    "boamps": ["boamps/examples_energy-report-llm-inference.json", "boamps/examples_energy-report-llm-inference.csv"],
}
"""A few real files per converter, mutated below (when the shared corpus is beside the checkout)."""

PATHS = {"cyclonedx": "bom.json", "spdx3": "d.spdx.json", "hf-card": "README.md", "codecarbon": "emissions.csv"}
PATHS |= {"impact-framework": "manifest.yaml", "boamps": "report.json", "aistd": "d.yaml"}
PATHS |= {"eco2ai": "emission.csv", "ml-energy": "model.json", "mlperf-power": "summary.csv"}
SECONDS = 5.0
"""The CPU time any one input may take before it counts as a hang (each takes milliseconds)."""
DEADLINE = timedelta(seconds=SECONDS)
FIXED = os.environ.get("CI") == "true"
"""In CI the examples are the same every run, so CI fails for a change, never by chance; elsewhere they vary."""
FAST = settings(max_examples=200, deadline=DEADLINE, derandomize=FIXED, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=DEADLINE, derandomize=FIXED, suppress_health_check=[HealthCheck.too_slow])


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


VALID = {path.name: _read(path) for path in sorted((EXAMPLES / "valid").iterdir())}
PICKED = {
    form: [(name, _read(CORPUS / name)) for name in names if (CORPUS / name).is_file()]
    for form, names in CORPUS_PICKS.items()
}
EXAMPLE_SEEDS = [(name, text) for name, text in VALID.items()]
ALL_SEEDS = EXAMPLE_SEEDS + [seed for seeds in PICKED.values() for seed in seeds]


def seeds_for(form: str) -> list[tuple[str, str]]:
    """The real files a converter is fuzzed from: its corpus picks, or the examples without a corpus."""
    return PICKED.get(form) or EXAMPLE_SEEDS


# --- deadlines ------------------------------------------------------------------------------------


class Hang(Exception):
    """An input that ran past its deadline."""


@contextlib.contextmanager
def deadline(seconds: float = SECONDS) -> Iterator[None]:
    """Raise Hang inside the code under test once it has used `seconds` of CPU time."""

    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# --- contract checks ------------------------------------------------------------------------------


def depth_of(value: Any) -> int:
    """How many containers deep a value nests (a scalar is 0, the top-level mapping 1)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def assert_json_data(value: Any) -> None:
    """Plain JSON data: str keys, finite numbers, Unicode text, at most MAX_DEPTH levels."""
    assert depth_of(value) <= MAX_DEPTH
    json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            assert all(isinstance(key, str) for key in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def assert_placed(line: int | None, column: int | None) -> None:
    assert line is None or line >= 1
    assert column is None or column >= 1


def load_or_refuse(load: Callable[[], Document]) -> Document | None:
    """The document, or None when loading raised a well-formed LoadError; any other exception fails."""
    try:
        with deadline():
            document = load()
    except LoadError as error:
        assert error.rule.startswith("load.") and error.message
        assert_placed(error.line, error.column)
        return None
    assert isinstance(document.data, dict)
    assert_json_data(document.data)
    return document


def read_or_refuse(form: str, text: str, path: str | None = None) -> Conversion | None:
    """A format's reading of the text, or None after a well-formed ConversionError."""
    reader = format_named(form)
    path = path or PATHS[form]
    try:
        with deadline():
            assert looks_like(form, path, text) in (True, False)
            conversion = reader.read(text, path)
    except ConversionError as error:
        assert type(error) is ConversionError and error.message
        assert_placed(error.line, error.column)
        return None
    assert isinstance(conversion, Conversion)
    assert isinstance(conversion.document, dict)
    assert_json_data(conversion.document)
    for line, column in conversion.origins.values():
        assert_placed(line, column)
    return conversion


def assert_findings(findings: list[Finding]) -> None:
    assert all(isinstance(f, Finding) and f.rule and isinstance(f.message, str) for f in findings)


# --- strategies: text ----------------------------------------------------------------------------

ODD = (
    "\ufeff\u2028\u2029\u0085\u200b\u200d\u202e\u2066\x00\x07\x1b\x7f\u00a0\u3000\ufffd\uffff\U0001f525"
    "e\u0301\ufb01\u0130\U0001d7d9\u0663\u00b2\u212a"
)
"""Unicode oddities: byte-order mark, line and paragraph separators, NEL, zero-width and bidi controls,
NUL and other controls, odd spaces, replacement and non-characters, astral and combining characters,
ligatures, digits and letters that case-fold or normalise into ASCII."""
SNIPPETS = [
    *"{}[]:,-\"'\\#&*!|>?%@`~=\t\n\r",
    ": ", "- ", "\r\n", "&a ", "*a", "<<: *a", "!!binary ", "!!python/object/apply:os.system ", "!custom ",
    "!!float ", "? ", "%YAML 1.2\n", "---\n", "...\n", "null", "true", "yes", "off", "0x1F", "0o17", "1_000",
    "1e999", "-1e999", "1e-999", ".nan", ".inf", "-.inf", "NaN", "Infinity", "-0", "9" * 5000, "1" * 40,
    "-1", "0", "2025-13-45", "2025-02-29", "\\ud800", "\\udc00", "\\u0000", "\\x00", '""', '"""', ",,,",
    "nan", "inf", "kW.h", "g{CO2eq}", "{value: 1, unit: J}", '{"value": -1e308, "unit": "MW.h"}',
    "[" * 70, "]" * 70, "{a: " * 70, "- " * 70, "schema_version: 0.1.0\n", "reporting_entity: {name: x}\n",
    "co2_eq_emissions:\n  emissions: 1\n", "run_id,timestamp,emissions,energy_consumed\n",
    '{"bomFormat": "CycloneDX", "components": [{"type": "machine-learning-model"}]}',
    '"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"', "tree:\n  children: {}\n", '"measures": []',
    *ODD,
]  # fmt: skip
"""Pieces of syntax, numbers and Unicode that hostile or broken files are made of."""

odd_text = st.text(st.characters(exclude_categories=["Cs"]) | st.sampled_from(ODD), max_size=40)
snippets = st.sampled_from(SNIPPETS) | odd_text
hostile_text = st.lists(st.characters(exclude_categories=["Cs"]) | st.sampled_from(SNIPPETS), max_size=80).map("".join)
"""Random text of characters and pieces of syntax."""


@st.composite
def mutated(draw: st.DrawFn, seeds: list[tuple[str, str]]) -> str:
    """A real file with characters flipped, inserted, deleted, copied or cut, and lines swapped."""
    _, text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["flip", "insert", "delete", "copy", "cut", "swap-lines"]))
        size = len(text)
        at = draw(st.integers(0, size))
        if operation == "flip" and size:
            text = text[:at] + draw(st.sampled_from(SNIPPETS[:30]) | st.sampled_from(ODD)) + text[at + 1 :]
        elif operation == "insert":
            text = text[:at] + draw(snippets) + text[at:]
        elif operation == "delete":
            end = draw(st.integers(at, min(size, at + 80)))
            text = text[:at] + text[end:]
        elif operation == "copy":
            end = draw(st.integers(at, min(size, at + 200)))
            where = draw(st.integers(0, size))
            text = text[:where] + text[at:end] + text[where:]
        elif operation == "cut":
            text = text[:at]
        else:
            lines = text.split("\n")
            first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[first], lines[second] = lines[second], lines[first]
            text = "\n".join(lines)
    return text


# --- strategies: data -----------------------------------------------------------------------------

KEYS = sorted({key for text in VALID.values() for key in re.findall(r"^\s*-?\s*\"?([a-z_0-9]+)\"?\s*:", text, re.M)})
"""The field names the examples use: a mutation adds known fields in odd places, not only random ones."""
NUMBERS = [0, -1, -0.0, 1, 2**63, -(2**63) - 1, 10**20, -(10**20), 10**300, 10**4000, 1e308, -1e308, 5e-324]
STRINGS = ["", " ", "\n", "null", "2025-02-30", "2025-01-01T00:00:00Z", "kW.h", "g{CO2eq}", "%", "urn:x", "1e25"]
STRINGS += ["training", "inference", "it-equipment", "location-based", "1.2 kg", "NaN", "TBD", "\u202eevil", "e\u0301"]

finite_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(NUMBERS),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(STRINGS),
    odd_text,
)
scalars = finite_scalars | st.sampled_from([math.nan, math.inf, -math.inf])
keys = st.sampled_from(KEYS) | odd_text


def values(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """JSON values built from `leaves`: scalars, and small lists and mappings of them."""
    return st.recursive(
        leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3), max_leaves=8
    )


def _slots(data: Any) -> list[tuple[Any, Any, int]]:
    """Every (container, key or index, depth of the container) in the data."""
    found, stack = [], [(data, 1)]
    while stack:
        node, level = stack.pop()
        pairs = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in pairs:
            found.append((node, key, level))
            stack.append((child, level + 1))
    return found


@st.composite
def mutated_data(draw: st.DrawFn, documents: list[Any], finite: bool = True, deep: bool = False) -> Any:
    """A parsed real file with values swapped for other types or odd numbers, fields added or removed,
    and values wrapped in lists or mappings or nested deeply (within MAX_DEPTH unless `deep`)."""
    data = copy.deepcopy(draw(st.sampled_from(documents)))
    leaves = finite_scalars if finite else scalars
    for _ in range(draw(st.integers(1, 5))):
        slots = _slots(data)
        if not slots:
            break
        node, key, level = draw(st.sampled_from(slots))
        operation = draw(st.sampled_from(["replace", "replace", "retype", "remove", "add", "wrap", "nest"]))
        if operation == "replace":
            node[key] = draw(values(leaves))
        elif operation == "retype":
            node[key] = _retyped(node[key], draw(st.integers(0, 4)))
        elif operation == "remove":
            del node[key]
        elif operation == "add":
            target = node[key] if isinstance(node[key], dict) else node
            if isinstance(target, dict):
                target[draw(keys)] = draw(values(leaves))
            else:
                target.append(draw(values(leaves)))
        elif operation == "wrap":
            twice = [node[key], copy.deepcopy(node[key])]  # a copy: one object twice would dump as a YAML alias
            node[key] = draw(st.sampled_from([[node[key]], {"value": node[key]}, twice]))
        else:
            room = MAX_DEPTH - level - depth_of(node[key]) + (40 if deep else 0)
            if room < 1:
                continue
            levels = draw(st.integers(1, room))
            for index in range(levels):
                node[key] = [node[key]] if index % 2 else {"x": node[key]}
    return data


def _retyped(value: Any, choice: int) -> Any:
    """The same value as another JSON type: text for a number, a number for text, a list for a mapping..."""
    if choice == 0:
        return json.dumps(value, default=str) if not isinstance(value, str) else value
    if choice == 1:
        return [value] if not isinstance(value, list) else {str(index): item for index, item in enumerate(value)}
    if choice == 2:
        return list(value.values()) if isinstance(value, dict) else len(str(value))
    if choice == 3:
        return bool(value) if not isinstance(value, bool) else str(value).lower()
    return None


def _parsed(seeds: list[tuple[str, str]]) -> list[Any]:
    documents = []
    for name, text in seeds:
        if Path(name).suffix in (".yaml", ".yml", ".json"):
            documents.append(parse_text(text, name).data)
    return documents


EXAMPLE_DATA = _parsed(EXAMPLE_SEEDS)


@st.composite
def mutated_csv(draw: st.DrawFn, seeds: list[tuple[str, str]]) -> str:
    """A real CSV with cells replaced by odd numbers or text, columns or rows dropped or repeated."""
    _, text = draw(st.sampled_from(seeds))
    rows = list(csv.reader(io.StringIO(text)))
    assume(rows)
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["cell", "cell", "cell", "drop-column", "drop-row", "repeat-row"]))
        cells = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]
        if operation == "cell" and cells:
            r, c = draw(st.sampled_from(cells))
            rows[r][c] = draw(st.sampled_from(["nan", "inf", "-inf", "1e999", "-5", "", "x", "0"]) | odd_text)
        elif operation == "drop-column" and rows and rows[0]:
            column = draw(st.integers(0, len(rows[0]) - 1))
            rows = [row[:column] + row[column + 1 :] for row in rows]
        elif operation == "drop-row" and len(rows) > 1:
            del rows[draw(st.integers(0, len(rows) - 1))]
        elif operation == "repeat-row" and rows:
            rows.append(list(draw(st.sampled_from(rows))))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@st.composite
def mutated_front_matter(draw: st.DrawFn, seeds: list[tuple[str, str]]) -> str:
    """A model card whose YAML front matter had its values mutated."""
    cards = [(name, text) for name, text in seeds if text.startswith("---\n") and text.count("\n---") >= 1]
    assume(cards)
    _, text = draw(st.sampled_from(cards))
    front, body = text[4:].split("\n---", 1)
    data = yaml.safe_load(front)
    assume(isinstance(data, dict))
    data = draw(mutated_data([data], finite=draw(st.booleans())))
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---" + body


def dumped(data: Any, syntax: str) -> str:
    """Data as JSON (NaN and infinities written as JS constants) or block YAML."""
    if syntax == "json":
        return json.dumps(data, ensure_ascii=False, indent=1)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80)


# --- warm-up: first use compiles the schema and reads the tables; no input should pay for that -----


@pytest.fixture(scope="module", autouse=True)
def warmed() -> None:
    for name, text in EXAMPLE_SEEDS:
        check_data(parse_text(text, name).data, sorted(profiles.profiles()))
    for form in FORMAT_NAMES:
        for name, text in seeds_for(form)[:1]:
            read_or_refuse(form, text, name)


def test_every_converter_is_fuzzed_by_the_atheris_targets_too() -> None:
    from tests.test_fuzz_regressions import fuzz_targets

    module = fuzz_targets()
    assert module.FORMATS == FORMAT_NAMES
    assert {f"convert-{name}" for name in FORMAT_NAMES} <= set(module.TARGETS)


def test_every_writer_is_fuzzed_by_the_atheris_targets_too() -> None:
    """A write-FORMAT target per format aistd writes (write, read back, no figure added), each with its seeds."""
    from tests.test_fuzz_regressions import fuzz_targets

    module = fuzz_targets()
    assert module.WRITABLE == TARGET_NAMES
    assert {f"write-{name}" for name in TARGET_NAMES} <= set(module.TARGETS)
    spec = importlib.util.spec_from_file_location("fuzz_run", ROOT / "fuzz" / "run.py")
    assert spec is not None and spec.loader is not None
    runner = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_run"] = runner  # its dataclasses look their module up
    spec.loader.exec_module(runner)
    assert set(runner.SEEDS) == set(module.TARGETS)  # fuzz/run.py knows where every target's seeds come from


# --- loaders --------------------------------------------------------------------------------------

NAMES = ["d.yaml", "d.yml", "d.json", "d.jsonld", "d", "-"]


@FAST
@given(st.binary(max_size=3000), st.sampled_from(NAMES))
def test_random_bytes_load_or_are_refused(raw: bytes, name: str) -> None:
    load_or_refuse(lambda: load_bytes(raw, name))


@FAST
@given(hostile_text, st.sampled_from(NAMES))
def test_random_text_loads_or_is_refused(text: str, name: str) -> None:
    load_or_refuse(lambda: parse_text(text, name))
    load_or_refuse(lambda: load_bytes(text.encode("utf-8"), name))


@FAST
@given(st.lists(st.characters(categories=["Cs"]) | st.sampled_from(SNIPPETS[:40]), min_size=1).map("".join))
def test_text_with_unpaired_surrogates_is_refused_as_not_unicode(text: str) -> None:
    """A str no file decodes to (surrogateescape, say) is refused, whether read as YAML or as JSON."""
    assume(any(0xD800 <= ord(c) <= 0xDFFF for c in text) and not text.isspace())
    raw = text.encode("utf-8", "surrogatepass")
    for name in ("d.yaml", "d.json"):
        for load, source in ((parse_text, text), (load_bytes, raw)):
            with pytest.raises(LoadError) as refused, deadline():
                load(source, name)  # type: ignore[operator]
            assert refused.value.rule == "load.encoding" and refused.value.line is not None


@FAST
@given(mutated(ALL_SEEDS), st.sampled_from(NAMES))
def test_mutated_real_files_load_or_are_refused(text: str, name: str) -> None:
    load_or_refuse(lambda: parse_text(text, name))


@FAST
@given(mutated_data(EXAMPLE_DATA, finite=False, deep=True), st.sampled_from(["json", "yaml"]))
def test_mutated_data_round_trips_or_is_refused_for_a_stated_reason(data: Any, syntax: str) -> None:
    """What json/yaml.safe_dump wrote loads back equal, unless it is too deep or not finite (then refused)."""
    text = dumped(data, syntax)
    document = load_or_refuse(lambda: parse_text(text, f"d.{syntax}"))
    if syntax == "yaml" and any(isinstance(v, str) and _EXPONENT.match(v) for v in _leaves(data)):
        return  # the loader reads a plain 1e25 as a number (YAML 1.2); safe_dump (YAML 1.1) leaves that text plain
    finite = all(not isinstance(v, float) or math.isfinite(v) for v in _leaves(data))
    if finite and depth_of(data) <= MAX_DEPTH:
        if syntax == "yaml" and yaml.safe_load(text) != data:
            return  # PyYAML cannot read back what it wrote either (it folds a NEL, U+0085, in a quoted scalar)
        assert document is not None
        assert document.data == data
    else:
        with pytest.raises(LoadError) as refused:
            parse_text(text, f"d.{syntax}")
        assert refused.value.rule in ("load.non-finite", "load.too-deep")


_EXPONENT = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")


def _leaves(data: Any) -> Iterator[Any]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
            yield from item  # keys too
        elif isinstance(item, list):
            stack.extend(item)
        else:
            yield item


# --- converters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMAT_NAMES)
@SLOW
@given(data=st.data())
def test_converters_read_hostile_text_or_refuse_it(form: str, data: st.DataObject) -> None:
    text = data.draw(
        st.one_of(
            mutated(seeds_for(form)),
            mutated(ALL_SEEDS),
            hostile_text,
            st.binary(max_size=600).map(lambda raw: raw.decode("utf-8", errors="replace")),
        ),
        label="text",
    )
    read_or_refuse(form, text)


STRUCTURED = [form for form in FORMAT_NAMES if form not in ("codecarbon", "hf-card", "eco2ai", "mlperf-power")]
"""Formats written as JSON or YAML documents (the others are CSV or Markdown)."""


@pytest.mark.parametrize("form", STRUCTURED)
@SLOW
@given(data=st.data())
def test_converters_read_mutated_documents_or_refuse_them(form: str, data: st.DataObject) -> None:
    documents = _parsed(seeds_for(form)) or EXAMPLE_DATA
    mutation = data.draw(mutated_data(documents, finite=data.draw(st.booleans(), label="finite")), label="data")
    syntax = "yaml" if PATHS[form].endswith(".yaml") else "json"
    read_or_refuse(form, dumped(mutation, syntax))


@SLOW
@given(mutated_csv(seeds_for("codecarbon")))
def test_codecarbon_reads_mutated_csv_or_refuses_it(text: str) -> None:
    read_or_refuse("codecarbon", text)


@SLOW
@given(mutated_csv([seed for seed in seeds_for("boamps") if seed[0].endswith(".csv")] or seeds_for("codecarbon")))
def test_boamps_reads_mutated_flat_csv_or_refuses_it(text: str) -> None:
    read_or_refuse("boamps", text, "report.csv")


@SLOW
@given(mutated_front_matter(seeds_for("hf-card")))
def test_model_cards_read_mutated_front_matter_or_refuse_it(text: str) -> None:
    read_or_refuse("hf-card", text)


# --- validator ------------------------------------------------------------------------------------

PROFILES = sorted(profiles.profiles())


@FAST
@given(mutated_data(EXAMPLE_DATA, finite=False), st.lists(st.sampled_from(PROFILES), max_size=3, unique=True))
def test_check_data_answers_mutated_data_with_findings(data: Any, chosen: list[str]) -> None:
    with deadline():
        findings = check_data(data, chosen)
    assert_findings(findings)


@FAST
@given(values(scalars))
def test_check_data_answers_any_value_with_findings(data: Any) -> None:
    with deadline():
        findings = check_data(data)
    assert_findings(findings)
    assert findings, "an arbitrary value is never a valid disclosure"


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A hostile file: a name (its suffix picks the path through the validator) and its bytes."""
    name, _ = draw(st.sampled_from(ALL_SEEDS))
    suffix = draw(st.sampled_from([Path(name).suffix or ".yaml", ".yaml", ".json", ".csv", ".md", ".txt"]))
    content = draw(
        st.one_of(
            mutated(ALL_SEEDS).map(lambda text: text.encode("utf-8")),
            mutated_data(EXAMPLE_DATA, finite=False).map(lambda data: dumped(data, "yaml").encode("utf-8")),
            mutated_csv(seeds_for("codecarbon")).map(str.encode),
            st.binary(max_size=800),
        )
    )
    return f"input{suffix}", content


@SLOW
@given(files(), st.sampled_from(["text", "json", "sarif", "junit"]))
def test_validate_command_reports_findings_for_hostile_files(file: tuple[str, bytes], form: str) -> None:
    name, content = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        with deadline(2 * SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate", "--format", form, str(path)])
    assert code in (EXIT_OK, EXIT_FINDINGS), err.getvalue()
    assert "internal error" not in err.getvalue() and "Traceback" not in err.getvalue()
    if form == "json":
        report = json.loads(out.getvalue())
        errors = [f for f in report["files"][0]["findings"] if f["severity"] == Severity.ERROR.value]
        assert (code == EXIT_FINDINGS) == bool(errors)
