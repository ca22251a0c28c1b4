"""Every crash the fuzzers found, with the exact input that found it: now a result, a refusal or findings.

Inputs the coverage-guided fuzzer (fuzz/) saved are under tests/data/fuzz/, named `TARGET--ID.ext`, and
replayed through that fuzz target, which checks the whole contract. Crashes hypothesis found
(tests/test_fuzz_properties.py) are written inline as a valid example and the one change that broke it.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from aistd.check import check_data
from aistd.check.rules import run_cross_document_rules
from aistd.cli import EXIT_FINDINGS, main
from aistd.conversion.journal import ConversionError
from aistd.conversion.registry import format_named
from aistd.load import LoadError, parse_text
from tests.conftest import EXAMPLES, ROOT

SAVED = ROOT / "tests" / "data" / "fuzz"


def fuzz_targets() -> ModuleType:
    """fuzz/fuzz_targets.py, imported from its file (it imports aistd only inside its targets)."""
    spec = importlib.util.spec_from_file_location("fuzz_targets", ROOT / "fuzz" / "fuzz_targets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


# --- inputs the atheris fuzzer saved --------------------------------------------------------------


OPEN: dict[str, str] = {}
"""Saved inputs whose crash is not fixed yet: expected to fail, strictly (a fix makes the test say so)."""


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(path, marks=pytest.mark.xfail(reason=OPEN[path.name], strict=True)) if path.name in OPEN else path
        for path in sorted(SAVED.iterdir())
    ],
    ids=lambda p: p.name,
)
def test_a_saved_fuzz_input_keeps_its_targets_contract(path: Path) -> None:
    target = fuzz_targets().TARGETS[path.name.split("--")[0]]
    target(path.read_bytes())


def test_an_impact_framework_input_without_timestamps_converts_without_a_period() -> None:
    """Found by convert-impact-framework (04e3fa262edb): durations but no timestamp made zip(strict) fail
    in `_Component._period`; durations alone place nothing in time, so the footprint has no period."""
    path = SAVED / "convert-impact-framework--04e3fa262edb.yaml"
    conversion = format_named("impact-framework").read(path.read_text(encoding="utf-8"), str(path))
    (footprint,) = conversion.document["footprints"]
    assert "period" not in footprint
    assert footprint["duration"] == {"value": 3600, "unit": "s"}


def test_validating_that_manifest_reports_findings_not_an_internal_error() -> None:
    """Found by validate (208ee298732f): the same crash reached through `aistd validate` was an internal error."""
    code, out, err = run_cli("validate", "--format", "json", str(SAVED / "validate--208ee298732f.yaml"))
    assert code in (0, EXIT_FINDINGS) and err == "", err
    assert json.loads(out)["files"][0]["format"] == "impact-framework"


def test_a_flattened_boamps_csv_with_a_bare_carriage_return_is_refused_with_its_line() -> None:
    """Found by convert-boamps (51665c51769b): csv.Error escaped `_unflatten`; now a ConversionError."""
    text = (SAVED / "convert-boamps--51665c51769b.csv").read_bytes().decode("utf-8", errors="replace")  # as fuzzed
    with pytest.raises(ConversionError) as refused:
        format_named("boamps").read(text, "report.csv")
    assert refused.value.message.startswith("unreadable CSV: new-line character seen in unquoted field")
    assert refused.value.line == 1


def test_a_duration_that_ends_after_the_year_9999_leaves_the_period_out_not_a_crash() -> None:
    """Found by validate (7f222019fa43) and convert-boamps (b77c58e5fab9): timedelta(seconds=huge) raised
    OverflowError in the Impact Framework and BoAmps readers' `_period`."""
    manifest = (SAVED / "validate--7f222019fa43.yaml").read_text(encoding="utf-8")
    conversion = format_named("impact-framework").read(manifest, "manifest.yaml")
    (loss,) = [loss for loss in conversion.losses if "9999" in loss.reason]
    assert loss.where == "/tree/children/my-app/inputs/0/duration"
    report = (SAVED / "convert-boamps--b77c58e5fab9.json").read_bytes().decode("utf-8", errors="replace")
    (footprint,) = format_named("boamps").read(report, "report.json").document["footprints"]
    assert "period" not in footprint and footprint["duration"]["value"] > 10**15


@pytest.mark.parametrize("form", ["boamps", "impact-framework"])
def test_writing_a_duration_that_ends_after_the_year_9999_reports_the_period_lost(form: str) -> None:
    """Found while fixing the readers above (same cause, in the writers): `aistd convert --to boamps` or
    `--to impact-framework` of a disclosure with a 1e300 s duration was an internal error."""
    disclosure = changed("Disclosure-llm-pretraining.yaml", ("/footprints/0/duration", {"value": 1e300, "unit": "s"}))
    written = format_named(form).write(disclosure)
    assert any(loss.where == "/footprints/0/period/end_date" for loss in written.losses)


# --- crashes hypothesis found: a valid example with one value swapped for another JSON type ------------


def example(name: str) -> dict[str, Any]:
    path = EXAMPLES / "valid" / name
    return parse_text(path.read_text(encoding="utf-8"), name).data  # type: ignore[no-any-return]


def changed(name: str, *edits: tuple[str, Any]) -> dict[str, Any]:
    """The example with the value at each JSON pointer replaced."""
    data = example(name)
    for pointer, value in edits:
        *path, last = pointer.strip("/").split("/")
        node: Any = data
        for part in path:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value
    return data


SINGLE = [
    # (where it crashed, example, the change): each raised TypeError: unhashable type
    ("quantities.magnitude (a unit that is a list)", "Disclosure-data-centre-annual-kpi.yaml",
     ("/data_centre_reports/0/computer_room_floor_area/unit", ["m2"])),
    ("quantities.magnitude (a unit that is a mapping)", "Disclosure-llm-pretraining.yaml",
     ("/footprints/0/energy_consumption/unit", {"u": "MW.h"})),
    ("checks_footprint.stages_within_total", "Disclosure-llm-pretraining.yaml",
     ("/footprints/0/energy_boundary", ["it-equipment"])),
    ("checks_document._same_stage_groups", "Disclosure-llm-pretraining.yaml",
     ("/footprints/0/training_scope", ["final-run"])),
    ("checks_inventory.phase_sum", "Disclosure-organisation-lca-frugality.yaml",
     ("/life_cycle_impacts/0/system", ["x"])),
    ("checks_document.known_system", "Disclosure-llm-pretraining.yaml", ("/ai_systems/0/id", ["x"])),
    ("checks_footprint.accelerator_hours", "Disclosure-llm-pretraining.yaml",
     ("/footprints/0/hardware/0/hardware_type", ["gpu"])),
    ("checks_footprint.systemic_risk_compute (stage)", "Disclosure-gpai-annex-xi.yaml",
     ("/footprints/0/compute_operations", 3e25), ("/footprints/0/stage", ["training"])),
    ("checks_footprint.systemic_risk_compute (system)", "Disclosure-gpai-annex-xi.yaml",
     ("/footprints/0/compute_operations", 3e25), ("/footprints/0/system", ["x"])),
]  # fmt: skip


@pytest.mark.parametrize(("where", "name", "edits"), [(c[0], c[1], c[2:]) for c in SINGLE], ids=[c[0] for c in SINGLE])
def test_a_value_of_the_wrong_type_is_a_schema_finding_not_a_crash_in_the_rules(
    where: str, name: str, edits: tuple[tuple[str, Any], ...]
) -> None:
    findings = check_data(changed(name, *edits))
    pointer = edits[-1][0]
    assert any(f.rule.startswith("schema.") and pointer.startswith(f.pointer or "/") for f in findings), findings


CROSS = [
    ("checks_document.narrower_within_broader", ("/footprints/0/energy_boundary", ["facility"])),
    ("checks_document._same_stage_groups and _by_stage", ("/footprints/0/stage", ["training"])),
]


@pytest.mark.parametrize(("where", "edit"), CROSS, ids=[c[0] for c in CROSS])
def test_documents_compared_with_a_value_of_the_wrong_type_give_findings_not_a_crash(
    where: str, edit: tuple[str, Any]
) -> None:
    name = "Disclosure-llm-pretraining.yaml"
    documents = [changed(name, edit), copy.deepcopy(example(name))]
    assert isinstance(list(run_cross_document_rules(documents)), list)


def test_validate_reports_a_unit_that_is_a_list_where_it_stands() -> None:
    """The exact file hypothesis gave `aistd validate` (an internal error then: unhashable type: 'list')."""
    path = SAVED / "validate--computer-room-floor-area-unit-is-a-list.yaml"
    code, out, err = run_cli("validate", "--format", "json", str(path))
    assert code == EXIT_FINDINGS and err == ""
    findings = json.loads(out)["files"][0]["findings"]
    here = [f for f in findings if f["pointer"] == "/data_centre_reports/0/computer_room_floor_area/unit"]
    assert {f["rule"] for f in here} == {"schema.type", "units.dimension"} and all(f["line"] == 111 for f in here)


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [("a: \ud800", "d.yaml", (1, 4)), ('{"a": "\ud800"}', "d.json", (1, 8)), ("x: 1\ny: ab\udcff\n", "d.yaml", (2, 6))],
)
def test_a_str_with_an_unpaired_surrogate_is_refused_at_it(text: str, name: str, place: tuple[int, int]) -> None:
    """Found by hypothesis (surrogate characters in parse_text's text): YAML raised UnicodeEncodeError from
    libyaml, and JSON returned a string that cannot be written as UTF-8."""
    with pytest.raises(LoadError) as refused:
        parse_text(text, name)
    assert (refused.value.rule, refused.value.line, refused.value.column) == ("load.encoding", *place)


EMPTY_TAGS = [("!!float ", (1, 1)), ("!!int ", (1, 1)), ("a: !!float", (1, 4)), ("x: 1\nb: !!int ''", (2, 4))]


@pytest.mark.parametrize(("text", "place"), [*EMPTY_TAGS, ("a: !!int _", (1, 4))])
def test_an_empty_int_or_float_tag_is_malformed_not_a_crash(text: str, place: tuple[int, int]) -> None:
    """Found by hypothesis (text '!!float '): PyYAML's int and float constructors raise IndexError on an
    empty scalar, which escaped `DisclosureLoader.construct_yaml_int` / `construct_yaml_float`."""
    with pytest.raises(LoadError) as refused:
        parse_text(text, "d.yaml")
    assert (refused.value.rule, refused.value.line, refused.value.column) == ("load.malformed", *place)


# --- crashes of the write-FORMAT targets: written, read back, a figure added or an exception ------------------


def test_a_card_title_holding_a_line_separator_and_a_bullet_adds_no_emissions() -> None:
    """Made for write-hf-card (7b4250721786, found in 28 random inputs against the writer before the fix): a
    system name with U+2028 and `- **Emissions:** 5 kg` was written into the card's title, whose reader splits
    lines at U+2028 too, and read back as an emissions figure of 5 kg. Body text is now escaped
    (`hf_card.inline`): the name reads back as it was, and no figure with it."""
    data = (SAVED / "write-hf-card--7b4250721786.bin").read_bytes()
    module = fuzz_targets()
    disclosure = module.hostile_disclosure(module.Draw(data))
    back = module.write_and_read("hf-card", disclosure)
    assert back.document["ai_systems"][0]["name"] == disclosure["ai_systems"][0]["name"]  # the card's system
    assert "footprints" not in back.document  # the one footprint is not the card's system's: nothing to write


def test_a_codecarbon_row_dated_on_the_last_day_of_9999_has_no_period_not_a_crash() -> None:
    """Found by write-codecarbon (6814d9f8e11a): `measurement_period` took the end of a day as the next midnight,
    which 9999-12-31 has none of (OverflowError); the CodeCarbon reader and writer both reached it."""
    disclosure = changed("Disclosure-llm-pretraining.yaml")
    footprint = disclosure["footprints"][0]
    footprint["measurement_period"] = {"start_date": "9999-12-30", "end_date": "9999-12-31"}
    written = format_named("codecarbon").write(disclosure)
    assert any(loss.where == "/footprints/0/measurement_period/start_date" for loss in written.losses)
    assert ",9999-12-31," not in written.document and written.document.splitlines()[1].startswith("9999-12-31,")
    back = format_named("codecarbon").read(written.document, "emissions.csv")
    assert all("measurement_period" not in fp for fp in back.document["footprints"])


def test_a_codecarbon_model_that_starts_with_a_count_is_not_read_back_as_that_many_devices() -> None:
    """Found by write-codecarbon (6689500dba4d): a cpu_model of "8 x H100" with no cpu_count read back as eight
    devices (CodeCarbon writes "2 x Tesla V100" itself). The writer now reports such a model lost."""
    disclosure = changed("Disclosure-llm-pretraining.yaml")
    disclosure["footprints"][0]["hardware"] = [{"hardware_type": "cpu", "hardware_model": "8 x H100"}]
    written = format_named("codecarbon").write(disclosure)
    (loss,) = [loss for loss in written.losses if loss.where == "/footprints/0/hardware/0/hardware_model"]
    assert "would read back as 8 devices" in loss.reason
    back = format_named("codecarbon").read(written.document, "emissions.csv")
    assert all("hardware" not in fp for fp in back.document["footprints"])
