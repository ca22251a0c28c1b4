"""The command line explains itself: examples that run in every help, choices listed before any error, terms found
however they are typed, usage errors reported in the format asked for, reports in the user's language."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aistd.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parser
from aistd.cli.base import default_language
from tests.conftest import EXAMPLES, ROOT
from tests.test_report_formats import check_sarif, sarif_schema  # noqa: F401  (a fixture)

ENGLISH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", **ENGLISH, **(env or {})}
    command = [sys.executable, "-m", "aistd", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=300)


def commands() -> dict[str, argparse.ArgumentParser]:
    """Every parser of the command line by its program name (`aistd`, `aistd validate`, `aistd mappings stats`)."""
    found: dict[str, argparse.ArgumentParser] = {}
    pending = [parser()]
    while pending:
        current = pending.pop()
        found[current.prog] = current
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())
    return found


def examples(help_text: str) -> list[str]:
    """The command lines under `examples:` at the end of a help."""
    _, marker, tail = help_text.partition("\nexamples:\n")
    assert marker, help_text
    return [line.strip() for line in tail.splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------- examples


def test_every_help_ends_with_two_to_four_examples_of_its_own_command() -> None:
    found = commands()
    assert {"aistd", "aistd validate", "aistd convert", "aistd crosswalk", "aistd batch convert"} <= set(found)
    for prog, command in found.items():
        lines = examples(command.format_help())
        assert 2 <= len(lines) <= 4, prog
        assert all(f"{line} ".startswith(f"{prog} ") or prog == "aistd" for line in lines), (prog, lines)
        assert all(line.startswith("aistd ") for line in lines), (prog, lines)


def test_examples_keep_their_lines_under_any_formatter() -> None:
    """The docs render help with their own formatter: the examples stay one command line each."""
    command = commands()["aistd convert"]
    kept = command.formatter_class
    command.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=40)  # type: ignore[assignment]
    try:
        narrow = command.format_help()
    finally:
        command.formatter_class = kept
    assert examples(narrow) == examples(command.format_help())


RUNNABLE = ("aistd", "aistd validate", "aistd convert", "aistd crosswalk", "aistd terms", "aistd rules",
            "aistd migrate", "aistd diff", "aistd mappings", "aistd mappings stats")  # fmt: skip


@pytest.mark.parametrize("prog", RUNNABLE)
def test_help_examples_run_on_the_shipped_examples(prog: str, tmp_path: Path) -> None:
    """Each example, run in order in a folder holding `examples/`, exits 0 or 1 (findings), never 2."""
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    for line in examples(commands()[prog].format_help()):
        argv = shlex.split(line)
        assert argv[0] == "aistd"
        done = run(*argv[1:], cwd=tmp_path)
        assert done.returncode in (EXIT_OK, EXIT_FINDINGS), (line, done.stderr)
        assert "Traceback" not in done.stderr


# ----------------------------------------------------------------------------------------------- choices


def test_choices_are_listed_in_help_before_any_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from aistd.conversion import FORMAT_NAMES, TARGET_NAMES
    from aistd.knowledge.crosswalks import vocabularies
    from aistd.knowledge.profiles import profiles

    monkeypatch.setenv("COLUMNS", "2000")  # one line per option: what it lists is read whole
    found = commands()

    def option_help(prog: str, option: str) -> str:
        """The help of one option: its line, and the next when the option's names fill the first."""
        lines = found[prog].format_help().splitlines()
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(option))
        return lines[index] + (lines[index + 1] if lines[index + 1].startswith(" " * 8) else "")

    validate = found["aistd validate"].format_help()
    assert "--format {text,json,sarif,junit}" in validate and "--lang {en,fr}" in validate
    assert all(profile in option_help("aistd validate", "--profile") for profile in profiles())
    assert all(name in option_help("aistd convert", "--from") for name in FORMAT_NAMES)
    writes = option_help("aistd convert", "--to").split(": ", 1)[1].split(", ")
    assert writes == list(TARGET_NAMES)
    assert all(name in option_help("aistd batch convert", "--from") for name in FORMAT_NAMES)
    for prog, option in (("aistd crosswalk", "--from"), ("aistd terms", "--vocabulary")):
        assert all(vocabulary in option_help(prog, option) for vocabulary in vocabularies()), prog
    assert "0.1.0, 0.2.0" in option_help("aistd migrate", "--to")
    assert "{cyclonedx" not in found["aistd batch convert"].format_usage()  # long lists: a metavar in the usage


def test_choices_are_checked_and_a_read_only_format_is_said_to_be() -> None:
    done = run("convert", str(EXAMPLES / "valid" / "Disclosure-fine-tune.json"), "--to", "nope")
    assert done.returncode == EXIT_USAGE and "invalid choice: 'nope'" in done.stderr and "cyclonedx" in done.stderr
    done = run("convert", str(EXAMPLES / "valid" / "Disclosure-fine-tune.json"), "--to", "ml-energy")
    assert done.returncode == EXIT_USAGE and "read-only" in done.stderr
    assert run("terms", "-V", "CodeCarbon", "--format", "json").returncode == EXIT_OK  # names ignore case


# ------------------------------------------------------------------------------------------ term lookup


@pytest.mark.parametrize(
    "typed", ["pue", "PUE", "Pue", "aistd:pue", "Power Usage Effectiveness", "power_usage-effectiveness"]
)
def test_crosswalk_finds_a_term_however_it_is_typed(typed: str) -> None:
    done = run("crosswalk", typed, "--format", "json")
    assert done.returncode == EXIT_OK, done.stderr
    assert json.loads(done.stdout)["term"] == "pue"


def test_crosswalk_and_terms_find_words_joined_any_way() -> None:
    done = run("crosswalk", "Operational Emissions", "--format", "json")
    assert json.loads(done.stdout)["term"] == "operational_emissions"
    terms = json.loads(run("terms", "PUE", "operational-emissions", "--format", "json").stdout)
    assert [t["term"] for t in terms] == ["pue", "operational_emissions"]


def test_an_unknown_term_gets_the_closest_names_and_exit_2() -> None:
    for argv in (("crosswalk", "puee"), ("terms", "puee")):
        done = run(*argv)
        assert done.returncode == EXIT_USAGE and done.stdout == ""
        assert "did you mean" in done.stderr and "pue" in done.stderr.split("did you mean", 1)[1], done.stderr
        suggested = done.stderr.split("did you mean", 1)[1].strip(" ?\n").split(", ")
        assert 1 <= len(suggested) <= 3


def test_titles_aliases_and_french_labels_of_the_schema_find_their_term(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LinkML `title`, `aliases` and `structured_aliases` (French ones too) of slots and values are names of them."""
    from aistd.cli import lookup
    from aistd.knowledge import artifacts

    schema = tmp_path / "aistd.yaml"
    schema.write_text(
        "name: aistd\nslots:\n  pue:\n    name: pue\n    title: Power usage effectiveness\n"
        "    aliases: [PUE, power-usage ratio]\n    structured_aliases:\n"
        "    - literal_form: Indicateur d'efficacité énergétique\n      in_language: fr\n"
        "  wue:\n    title: Water usage effectiveness\n"
        "enums:\n  LifecycleStage:\n    permissible_values:\n      training:\n"
        "        structured_aliases:\n        - literal_form: Entraînement\n          in_language: fr\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(artifacts, "MERGED_SCHEMA", schema)
    lookup.labels.cache_clear()
    try:
        assert lookup.find_term("indicateur d'efficacité énergétique") == "pue"
        assert lookup.find_term("POWER USAGE RATIO") == "pue"
        assert lookup.find_term("water_usage_effectiveness") == "wue"
        assert lookup.find_term("entraînement") == "LifecycleStage.training"
        with pytest.raises(lookup.TermNotFound, match="did you mean"):
            lookup.find_term("water usage efectiveness")
    finally:
        lookup.labels.cache_clear()


def test_the_shipped_schema_titles_and_french_labels_find_their_term() -> None:
    """The schema's own title of `pue` finds it, and so does each of its French labels, in any case."""
    from aistd.cli import lookup

    labels = [label for label, term in lookup._schema_labels() if term == "pue"]
    if not labels:
        pytest.skip("the shipped schema gives pue no title or alias yet")
    assert lookup.find_term("power usage effectiveness") == "pue"
    assert all(lookup.find_term(label.upper()) == "pue" for label in labels), labels
    done = run("crosswalk", "Power_Usage_Effectiveness", "--format", "json")
    assert json.loads(done.stdout)["term"] == "pue"


# ----------------------------------------------------------------------------- usage errors as SARIF


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--format", "sarif", "--no-such-option", "examples/valid"],
        ["validate", "--format=sarif"],
        ["validate", "--format", "sarif", "--profile", "nope", "examples/valid"],
        ["validate", "--form", "sarif", "no/such/file.yaml"],
        ["validate", "--format", "sarif", "--lang", "de", "examples/valid"],
    ],
)
def test_a_usage_error_with_format_sarif_is_a_sarif_log(argv: list[str], sarif_schema: dict[str, Any]) -> None:  # noqa: F811
    done = run(*argv)
    assert done.returncode == EXIT_USAGE
    assert done.stderr.strip() and "Traceback" not in done.stderr
    log = json.loads(done.stdout)
    check_sarif(log, sarif_schema)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == EXIT_USAGE
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and notification["message"]["text"].startswith("aistd")
    assert notification["message"]["text"].split(": ", 1)[1] in done.stderr
    assert log["runs"][0]["results"] == []


def test_without_format_sarif_a_usage_error_writes_nothing_to_stdout() -> None:
    done = run("validate", "--no-such-option", "examples/valid")
    assert done.returncode == EXIT_USAGE and done.stdout == ""
    assert done.stderr.startswith("usage: aistd") and "error: unrecognized arguments: --no-such-option" in done.stderr


# ------------------------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LC_ALL": "", "LANG": "fr_BE"}, "fr"),
    ],
)
def test_the_default_language_follows_the_locale(env: dict[str, str], expected: str) -> None:
    assert default_language(env) == expected


def test_summary_words_agree_with_their_counts_in_both_languages() -> None:
    from aistd.report.language import counted, summary_line

    assert counted(1, "warnings") == "1 warning" and counted(0, "errors") == "0 errors"
    assert counted(2, "files") == "2 files" and counted(1, "files") == "1 file"
    assert counted(0, "errors", "fr") == "0 erreur" and counted(2, "warnings", "fr") == "2 avertissements"
    summary = {"files": 2, "valid": 1, "errors": 1, "warnings": 0, "skipped": 1}
    assert summary_line(summary) == "2 files, 1 valid, 1 error, 0 warnings, 1 skipped"
    assert summary_line(summary, "fr") == "2 fichiers, 1 valide, 1 erreur, 0 avertissement, 1 ignoré"


def test_the_text_summary_is_french_with_lang_fr_or_a_french_locale() -> None:
    target = str(EXAMPLES / "valid" / "Disclosure-fine-tune.json")
    assert run("validate", target).stdout.splitlines()[-1] == "1 file, 1 valid, 0 errors, 0 warnings"
    assert run("validate", "--lang", "fr", target).stdout.splitlines()[-1] == (
        "1 fichier, 1 valide, 0 erreur, 0 avertissement"
    )
    assert run("validate", target, env={"LANG": "fr_FR.UTF-8"}).stdout.splitlines()[-1].startswith("1 fichier,")
    assert run("validate", "--lang", "en", target, env={"LANG": "fr_FR.UTF-8"}).stdout.endswith("0 warnings\n")


def test_messages_are_french_in_every_report_with_lang_fr(sarif_schema: dict[str, Any]) -> None:  # noqa: F811
    target = str(EXAMPLES / "invalid" / "DataCentreReport-pue-below-one.yaml")
    english = json.loads(run("validate", "--format", "json", target).stdout)["files"][0]["findings"]
    french = json.loads(run("validate", "--format", "json", "--lang", "fr", target).stdout)["files"][0]["findings"]
    assert [f["rule"] for f in english] == [f["rule"] for f in french]
    expected = [f["message"] for f in french]
    for said_in_english, said_in_french in zip(english, french, strict=True):
        assert said_in_french["message"] != said_in_english["message"]
        assert "détail" not in said_in_french["message"], "said wholly in French, not a lead before the English"
    pue = next(f["message"] for f in french if f["rule"] == "dc.pue-identity")
    assert pue == (
        "pue vaut 0.95, mais facility_energy / it_equipment_energy = 1.26 "
        "(avec facility_energy = 6300 MW.h, it_equipment_energy = 5000 MW.h)"
    )
    text = run("validate", "--lang", "fr", target).stdout
    assert all(message in text for message in expected)
    sarif = json.loads(run("validate", "--format", "sarif", "--lang", "fr", target).stdout)
    check_sarif(sarif, sarif_schema)
    assert sarif["runs"][0]["language"] == "fr"
    assert {r["message"]["text"] for r in sarif["runs"][0]["results"]} == set(expected)
