"""Finding messages are said wholly in French with `--lang fr`: every template the code says has a French
translation in `locale/fr.po`, the compiled catalogue is current, and the findings aistd gives on the shipped
examples, every rule's failing example and the shared corpus are each said from translated templates."""

from __future__ import annotations

import ast
import json
import pickle
import string
from pathlib import Path
from typing import Any

import pytest

from aistd.build.translations import extracted_templates, fields, messages_json_text, read_catalogue
from aistd.check import check_data
from aistd.check.conformance import check_conformance
from aistd.check.rules import run_cross_document_rules, run_rules
from aistd.knowledge import artifacts
from aistd.knowledge import profiles as profile_catalogue
from aistd.knowledge.translations import french_templates, said_in
from aistd.model.finding import Finding, Severity
from aistd.model.message import listing, says
from aistd.report.language import message
from aistd.validation import Options, validate_paths
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "fr.po"
PACKAGE = ROOT / "src" / "aistd"


def test_every_template_the_code_says_has_a_french_translation_with_the_same_fields() -> None:
    templates = extracted_templates()
    assert len(templates) >= 11
    assert set(templates) <= set(french_templates()), "the compiled catalogue lags the code"
    translated = {entry.id: entry for entry in read_catalogue(CATALOGUE) if entry.id}
    missing = sorted(t for t in templates if t not in translated or not translated[t].string)
    assert not missing, f"{len(missing)} templates without French (python -m aistd.build.translations): {missing[:5]}"
    fuzzy = sorted(t for t in templates if translated[t].fuzzy)
    assert not fuzzy, f"marked fuzzy, to review: {fuzzy[:5]}"
    for template in templates:
        french = str(translated[template].string)
        assert fields(french) == fields(template), f"{template!r} -> {french!r}"
        assert _specs(french) == _specs(template), f"conversions or format specs differ: {template!r} -> {french!r}"
        words = "".join(literal for literal, *_ in string.Formatter().parse(template))
        assert french != template or not any(c.isalpha() for c in words), f"not translated: {template!r}"
    obsolete = sorted(set(translated) - set(templates))
    assert not obsolete, f"the code no longer says: {obsolete[:5]}"


def _specs(template: str) -> set[tuple[str, str | None, str | None]]:
    return {(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(template) if name}


def test_the_compiled_catalogue_is_the_translators_file() -> None:
    assert artifacts.FRENCH_MESSAGES.read_text(encoding="utf-8") == messages_json_text(CATALOGUE)


def _says_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "says"
    ]


def test_every_template_is_a_literal_the_extractor_can_read() -> None:
    calls = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        for call in _says_calls(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            first = call.args[0] if call.args else None
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), f"{path}:{call.lineno}"
            calls += 1
    assert calls >= 11


def test_a_message_is_its_english_text_and_is_said_in_french_with_the_same_specifics() -> None:
    inner = says("{name} is {value}, above {bound}", name="pue", value="3.2", bound="3")
    outer = says("{failure} (where {operands})", failure=inner, operands="pue = 3.2")
    assert outer == "pue is 3.2, above 3 (where pue = 3.2)"
    assert said_in(outer, "fr") == "pue vaut 3.2, au-dessus de 3 (avec pue = 3.2)"
    assert said_in(outer, "en") == outer
    joined = listing([inner, says("{condition} does not hold", condition="a > b")])
    assert joined == "pue is 3.2, above 3; a > b does not hold"
    assert said_in(joined, "fr") == "pue vaut 3.2, au-dessus de 3; a > b n'est pas vérifiée"
    for value in (outer, joined):
        again = pickle.loads(pickle.dumps(value))  # worker processes send findings back pickled
        assert again == value and said_in(again, "fr") == said_in(value, "fr")


def test_plain_text_or_an_untranslated_template_falls_back_to_the_french_lead_with_the_english_detail() -> None:
    assert said_in("pue is 3.2", "fr") is None
    assert said_in(says("no translation has {this}", this="x"), "fr") is None
    finding = Finding("dc.pue-identity", Severity.ERROR, "pue is 3.2")
    assert "(détail : pue is 3.2)" in message(finding, "fr")


def _wholly_french(findings: list[Finding], where: str) -> None:
    for f in findings:
        french = said_in(f.message, "fr")
        assert french is not None, f"{where}: {f.rule}: not said from translated templates: {f.message!r}"
        assert message(f, "fr") == french


@pytest.mark.parametrize("every_profile", [False, True], ids=["claimed-profiles", "every-profile"])
def test_every_finding_on_the_shipped_examples_is_said_wholly_in_french(every_profile: bool) -> None:
    chosen = tuple(profile_catalogue.profiles()) if every_profile else ()
    report = validate_paths([EXAMPLES], Options(profiles=chosen))
    findings = [f for result in report.files for f in result.findings]
    assert len(findings) >= 300
    for result in report.files:
        _wholly_french(list(result.findings), result.path)


RULES: list[dict[str, Any]] = [
    rule for rule in json.loads(artifacts.RULE_TABLE.read_text(encoding="utf-8"))["rules"] if "failing" in rule
]


@pytest.mark.parametrize("rule", RULES, ids=[rule["id"] for rule in RULES])
def test_the_finding_of_every_rules_failing_example_is_said_wholly_in_french(rule: dict[str, Any]) -> None:
    if rule["stage"] == "cross-document":
        findings = [f for _, f in run_cross_document_rules(rule["failing"])]
    elif rule.get("profile_only"):
        findings = check_conformance(rule["failing"][0]) + run_rules(rule["failing"][0], [rule["id"]])
    else:
        findings = check_data(rule["failing"][0])
    assert rule["id"] in {f.rule for f in findings}
    _wholly_french(findings, rule["id"])


def test_every_finding_on_the_shared_corpus_is_said_wholly_in_french(corpus_dir: Path) -> None:
    report = validate_paths([corpus_dir], Options())
    findings = [f for result in report.files for f in result.findings]
    assert len(findings) >= 50
    for result in report.files:
        _wholly_french(list(result.findings), result.path)


def test_convert_says_its_loss_report_in_french_with_lang_fr(capsys: pytest.CaptureFixture[str]) -> None:
    from aistd.cli import main

    source = str(EXAMPLES / "valid" / "Disclosure-llm-pretraining.yaml")
    reports = {}
    for lang in ("en", "fr"):
        assert main(["convert", source, "--to", "hf-card", "--format", "json", "--lang", lang]) == 0
        reports[lang] = json.loads(capsys.readouterr().err)
    english, french = reports["en"], reports["fr"]
    assert english["lost"] and len(english["lost"]) == len(french["lost"])
    for said_in_english, said_in_french in zip(english["lost"], french["lost"], strict=True):
        assert said_in_french["value"] == said_in_english["value"], "values are never translated"
        assert said_in_french["reason"] != said_in_english["reason"]
    assert main(["convert", source, "--to", "hf-card", "--lang", "fr"]) == 0
    text = capsys.readouterr().err
    assert french["lost"][0]["reason"] in text
