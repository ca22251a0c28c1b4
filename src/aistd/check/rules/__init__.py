"""The consistency rules: formulas from the catalogue, compiled and run over a canonical disclosure.

Each rule is declared once in `schema/rules.yaml`; the build compiles that file into `aistd.rules.json`.
A rule's formula is what runs (`formula.py` reads it, `compile.py` turns it into functions with units
resolved, `compare.py` holds the one tolerance semantics). Python decides only the rules the catalogue
marks `procedural`, registered by id in `procedural/`.
"""

from __future__ import annotations

from aistd.check.rules.engine import Plan, default_plan, plan_for, run_cross_document_rules, run_rules

__all__ = ["Plan", "default_plan", "plan_for", "run_cross_document_rules", "run_rules"]
