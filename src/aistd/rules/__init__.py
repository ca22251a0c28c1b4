"""The consistency rules: identities, bounds and cross-references over a canonical disclosure.

Each rule is declared once in `schema/rules.yaml` (id, severity, formula, tolerance, references); the
build compiles that file into `aistd.rules.json`. This package holds only the checks, one function per
rule id, registered with `@check`. The engine runs every check that applies and turns what each
yields (a JSON pointer and a message) into a Finding with the rule's severity and references.
"""

from __future__ import annotations

from aistd.rules.engine import RuleSpec, rule_catalogue, run_cross_document_rules, run_rules

__all__ = ["RuleSpec", "rule_catalogue", "run_cross_document_rules", "run_rules"]
