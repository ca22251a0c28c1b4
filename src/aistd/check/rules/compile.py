"""Compile a rule's formula into plain functions over one item: units resolved, dimensions checked, once.

Every slot is read in SI base units, with the factors of the unit table, so that an identity between
slots of different units (CUE in kg/kWh, emissions in t, energy in GWh) needs no scale written in the
formula; the dimensions of both sides of every relation and sum must agree, or the rule does not compile.
An operand that is not stated (or not readable, or a division by zero) leaves its clause unjudged: rules
judge what is stated, and the schema and profiles judge what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, NamedTuple

from aistd.check.rules import formula as f
from aistd.check.rules.compare import comparator, holds_at_points
from aistd.knowledge import schema, units
from aistd.knowledge.rules import RuleSpec
from aistd.model import figure as fig
from aistd.model.figure import Figure
from aistd.model.message import says

Value = Figure | str | bool | None
Evaluate = Callable[[dict[str, Any]], Value]
Dimension = tuple[tuple[str, int], ...]
ANY: Dimension = (("*", 0),)
"""The dimension of a plain 0, which compares with a figure of any dimension."""
TEXT: Dimension = (("text", 0),)
"""Text and booleans, which compare only by equality."""


class Expression:
    """A compiled expression: what it evaluates to, how, and the slots it cannot do without."""

    __slots__ = ("dimension", "evaluate", "required")
    dimension: Dimension
    evaluate: Evaluate
    required: frozenset[str]

    def __init__(self, dimension: Dimension, evaluate: Evaluate, required: frozenset[str]) -> None:
        self.dimension = dimension
        self.evaluate = evaluate
        self.required = required


def _combine(left: Dimension, right: Dimension, sign: int) -> Dimension:
    powers = dict(left)
    for base, power in right:
        powers[base] = powers.get(base, 0) + sign * power
    return tuple(sorted((base, power) for base, power in powers.items() if power))


def _same(left: Dimension, right: Dimension, where: str) -> Dimension:
    if left == ANY:
        return right
    if right == ANY or left == right:
        return left
    raise f.FormulaError(f"{where}: the two sides have different dimensions ({_name(left)} and {_name(right)})")


def _name(dimension: Dimension) -> str:
    if dimension == TEXT:
        return "text"
    return " ".join(f"{base}^{power}" for base, power in dimension) or "a plain number"


@cache
def si_factors(slot: str) -> dict[str, float] | None:
    """Per admitted code of a quantity slot, the factor to SI base units; None for plain numbers."""
    admitted = units.admitted_units(slot)
    scale = units.si_scale(slot)
    if not admitted or scale is None:
        return None
    own = admitted[units.slot_unit(slot)]  # type: ignore[index]
    return {code: factor / own * scale[0] for code, factor in admitted.items()}


def _quantity_reader(slot: str, factors: dict[str, float]) -> Evaluate:
    def read(item: dict[str, Any]) -> Value:
        value = item.get(slot)
        if value.__class__ is not dict:
            return None
        code = value.get("unit")
        factor = factors.get(code) if code.__class__ is str else None
        if factor is None:
            return None
        return fig.figure_of_quantity(value, factor)

    return read


def _number_reader(slot: str, exact: bool) -> Evaluate:
    return lambda item: fig.figure_of_number(item.get(slot), exact)


def _text_reader(slot: str) -> Evaluate:
    def read(item: dict[str, Any]) -> Value:
        value = item.get(slot)
        return value if value.__class__ in (str, bool) else None

    return read


class Resolver:
    """Resolves the names of one rule's formula against the class the rule applies to."""

    def __init__(self, class_name: str, where: str) -> None:
        self.class_name = class_name
        self.where = where

    def properties(self, class_name: str) -> dict[str, Any]:
        definition = schema.definitions().get(class_name)
        if definition is None or "properties" not in definition:
            raise f.FormulaError(f"{self.where}: {class_name} is not a class of the schema")
        return definition["properties"]

    def slot(self, class_name: str, slot: str) -> tuple[Dimension, Evaluate]:
        """How to read one slot of an item of the class, and what it holds."""
        definition = self.properties(class_name).get(slot)
        if definition is None:
            raise f.FormulaError(f"{self.where}: {class_name} has no slot {slot!r}")
        factors = si_factors(slot)
        scale = units.si_scale(slot)
        if factors is not None and scale is not None:
            return scale[1], _quantity_reader(slot, factors)
        if slot in units.slot_classes() or definition.get("type") in ("number", "integer"):
            return (), _number_reader(slot, exact=definition.get("type") == "integer")
        target = schema.class_of(definition)
        if definition.get("type") in ("string", "boolean") or (target and "enum" in schema.definitions()[target]):
            return TEXT, _text_reader(slot)
        raise f.FormulaError(f"{self.where}: {class_name}.{slot} holds neither a figure nor text")

    def name(self, node: f.Name) -> Expression:
        if len(node.path) == 1:
            dimension, read = self.slot(self.class_name, node.path[0])
            return Expression(dimension, read, frozenset(node.path))
        raise f.FormulaError(f"{self.where}: {'.'.join(node.path)} names the items of a list: use it in sum()")

    def list_sum(self, node: f.Name) -> Expression:
        if len(node.path) != 2:
            raise f.FormulaError(f"{self.where}: sum() takes list.slot, not {'.'.join(node.path)}")
        holder, slot = node.path
        definition = self.properties(self.class_name).get(holder)
        target = schema.class_of(definition) if definition else None
        if definition is None or definition.get("type") != "array" or target is None:
            raise f.FormulaError(f"{self.where}: {self.class_name}.{holder} is not a list of items")
        dimension, read = self.slot(target, slot)

        def total(item: dict[str, Any]) -> Value:
            members = item.get(holder)
            if members.__class__ is not list:
                return None
            values = [read(member) for member in members if member.__class__ is dict]
            stated = [value for value in values if value.__class__ is Figure]
            return fig.total(stated) if stated else None  # type: ignore[arg-type]

        return Expression(dimension, total, frozenset({holder}))


def compile_expression(node: f.Node, resolver: Resolver) -> Expression:
    """A compiled expression tree."""
    if isinstance(node, f.Number):
        if not node.unit:
            constant = Figure.exact(node.value)
            return Expression(ANY if node.value == 0 else (), lambda item: constant, frozenset())
        scale = units.unit_si_scale(node.unit)
        if scale is None:
            raise f.FormulaError(f"{resolver.where}: {node.unit!r} is not a unit code of the unit table")
        value = Figure.exact(node.value * scale[0])
        return Expression(scale[1], lambda item: value, frozenset())
    if isinstance(node, f.Text):
        return Expression(TEXT, lambda item, v=node.value: v, frozenset())
    if isinstance(node, f.Name):
        return resolver.name(node)
    if isinstance(node, f.Named):
        return compile_expression(node.expression, resolver)
    if isinstance(node, f.Negative):
        inner = compile_expression(node.operand, resolver)
        _numeric(inner, resolver)
        return Expression(inner.dimension, lambda item: _negate(inner.evaluate(item)), inner.required)
    if isinstance(node, f.Binary):
        return _binary(node, resolver)
    return _call(node, resolver)


def _numeric(expression: Expression, resolver: Resolver) -> None:
    if expression.dimension == TEXT:
        raise f.FormulaError(f"{resolver.where}: text takes part in arithmetic")


def _negate(value: Value) -> Value:
    return fig.negate(value) if value.__class__ is Figure else None  # type: ignore[arg-type]


def _binary(node: f.Binary, resolver: Resolver) -> Expression:
    left, right = compile_expression(node.left, resolver), compile_expression(node.right, resolver)
    _numeric(left, resolver)
    _numeric(right, resolver)
    if node.operator in "+-":
        dimension = _same(left.dimension, right.dimension, resolver.where)
    else:
        sign = 1 if node.operator == "*" else -1
        dimension = _combine(
            () if left.dimension == ANY else left.dimension, () if right.dimension == ANY else right.dimension, sign
        )
    operate = _OPERATIONS[node.operator]
    first, second = left.evaluate, right.evaluate

    def evaluate(item: dict[str, Any]) -> Value:
        a = first(item)
        if a is None:
            return None
        b = second(item)
        return None if b is None else operate(a, b)  # type: ignore[arg-type]

    return Expression(dimension, evaluate, left.required | right.required)


_OPERATIONS: dict[str, Callable[[Figure, Figure], Figure | None]] = {
    "+": fig.add,
    "-": fig.subtract,
    "*": fig.multiply,
    "/": fig.divide,
}


def _call(node: f.Call, resolver: Resolver) -> Expression:
    if node.function in ("present", "absent"):
        slot = node.arguments[0].path[0]  # type: ignore[union-attr]
        resolver.slot(resolver.class_name, slot)
        wanted = node.function == "present"
        return Expression(TEXT, lambda item: (item.get(slot) is not None) is wanted, frozenset())
    if node.function == "sum" and len(node.arguments) == 1 and isinstance(node.arguments[0], f.Name):
        return resolver.list_sum(node.arguments[0])
    parts = [compile_expression(argument, resolver) for argument in node.arguments]
    dimension = parts[0].dimension
    for part in parts:
        if node.function == "sum":
            _numeric(part, resolver)
        dimension = _same(dimension, part.dimension, resolver.where)
    evaluators = [part.evaluate for part in parts]
    if node.function == "first":

        def first(item: dict[str, Any]) -> Value:
            for evaluate in evaluators:
                value = evaluate(item)
                if value is not None:
                    return value
            return None

        return Expression(dimension, first, frozenset.intersection(*(part.required for part in parts)))

    def total(item: dict[str, Any]) -> Value:
        stated = [value for value in (evaluate(item) for evaluate in evaluators) if value.__class__ is Figure]
        return fig.total(stated) if stated else None  # type: ignore[arg-type]

    return Expression(dimension, total, frozenset())


class Pair(NamedTuple):
    """One relation between two neighbouring operands of a clause, compiled; `display` is the unit code the
    pair's figures are shown in, and the factor from SI to it; `check` the relation with its tolerance."""

    operator: str
    left: f.Node
    right: f.Node
    left_value: Evaluate
    right_value: Evaluate
    display: tuple[str, float]
    check: Callable[[Any, Any], bool]


class CompiledClause(NamedTuple):
    """One clause: its relation pairs (or presence test), its conditions, the slots it needs, where its findings
    point, and its tolerance."""

    text: str
    pairs: tuple[Pair, ...]
    test: Evaluate | None
    conditions: tuple[Evaluate, ...]
    required: frozenset[str]
    at: str
    tolerance: float


def _display(pair_nodes: tuple[f.Node, f.Node], dimension: Dimension, resolver: Resolver) -> tuple[str, float]:
    """The unit to show a relation's figures in: that of the first slot of its dimension, else of a literal."""
    for node in pair_nodes:
        for path in f.slots_of(node):
            slot = path[-1]
            scale = units.si_scale(slot)
            unit = units.slot_unit(slot)
            if unit and scale is not None and scale[1] == dimension:
                return unit, 1 / scale[0]
    for node in pair_nodes:
        if isinstance(node, f.Number) and node.unit:
            scale = units.unit_si_scale(node.unit)
            if scale is not None:
                return node.unit, 1 / scale[0]
    return "", 1.0


def compile_test(
    test: f.Test, resolver: Resolver, tolerance: float = 0.0
) -> tuple[tuple[Pair, ...], Evaluate | None, frozenset[str]]:
    """The pairs of a relation (or the evaluator of a presence test) and the slots it needs."""
    if isinstance(test, f.Call):
        compiled = compile_expression(test, resolver)
        return (), compiled.evaluate, compiled.required
    operands = [compile_expression(operand, resolver) for operand in test.operands]
    pairs, required = [], frozenset[str]()
    for index, operator in enumerate(test.operators):
        left, right = operands[index], operands[index + 1]
        dimension = _same(left.dimension, right.dimension, resolver.where)
        if dimension == TEXT and operator not in ("=", "!="):
            raise f.FormulaError(f"{resolver.where}: text compares only with = and !=")
        nodes = (test.operands[index], test.operands[index + 1])
        display = _display(nodes, dimension, resolver)
        pairs.append(Pair(operator, *nodes, left.evaluate, right.evaluate, display, comparator(operator, tolerance)))
        required |= left.required | right.required
    return tuple(pairs), None, required


def _condition(test: f.Test, resolver: Resolver) -> tuple[Evaluate, frozenset[str]]:
    pairs, presence, required = compile_test(test, resolver)
    if presence is not None:
        return presence, required

    def satisfied(item: dict[str, Any]) -> Value:
        for pair in pairs:
            left, right = pair.left_value(item), pair.right_value(item)
            if left is None or right is None or not holds_at_points(pair.operator, left, right):
                return False
        return True

    return satisfied, required


def compile_clause(clause: f.Clause, resolver: Resolver, at: str, tolerance: float) -> CompiledClause:
    """One clause, compiled; `at` is the slot its findings point at (the clause's first slot when empty)."""
    pairs, test, required = compile_test(clause.claim, resolver, tolerance)
    conditions = []
    for condition in clause.conditions:
        evaluate, needed = _condition(condition, resolver)
        conditions.append(evaluate)
        required |= needed
    slots = f.slots_of(clause.claim) + [path for c in clause.conditions for path in f.slots_of(c)]
    return CompiledClause(clause.text, pairs, test, tuple(conditions), required, at or slots[0][0], tolerance)


def compile_rule(spec: RuleSpec) -> tuple[CompiledClause, ...]:
    """Every clause of a formula rule, compiled against the class it applies to."""
    resolver = Resolver(spec.applies_to, spec.id)
    try:
        clauses = f.parse_rule(spec.formula, spec.definitions)
    except f.FormulaError as error:
        raise f.FormulaError(f"{spec.id}: {error}") from None
    return tuple(compile_clause(clause, resolver, spec.at, spec.tolerance) for clause in clauses)


def shown(value: Value, display: tuple[str, float]) -> str:
    """A figure as a message shows it: in the display unit, six significant digits."""
    if value.__class__ is not Figure:
        return str(value).lower() if isinstance(value, bool) else str(value)
    unit, factor = display
    return f"{value.point * factor:.6g}" + (f" {unit}" if unit else "")  # type: ignore[union-attr]


def stated(item: Mapping[str, Any], node: f.Node) -> str:
    """The slots an expression uses, each as the disclosure states it, for messages."""
    parts = []
    for path in dict.fromkeys(f.slots_of(node)):
        if len(path) != 1:
            continue
        value = item.get(path[0])
        if isinstance(value, dict) and "value" in value:
            parts.append(f"{path[0]} = {value.get('value')} {value.get('unit')}")
        elif value is not None:
            parts.append(f"{path[0]} = {value}")
    return ", ".join(parts)


def clause_failures(clause: CompiledClause, item: dict[str, Any]) -> list[str]:
    """The message of every way the clause fails for the item (none when it holds or is not judged)."""
    for condition in clause.conditions:
        if condition(item) is not True:
            return []
    if clause.test is not None:
        return [says("{condition} does not hold", condition=clause.text)] if clause.test(item) is False else []
    failures = []
    for pair in clause.pairs:
        left = pair.left_value(item)
        right = pair.right_value(item) if left is not None else None
        if left is None or right is None or pair.check(left, right):
            continue
        failures.append(_message(pair, left, right, item))
    return failures


def _message(pair: Pair, left: Value, right: Value, item: dict[str, Any]) -> str:
    name_left, name_right = f.render(pair.left), f.render(pair.right)
    value_left, value_right = shown(left, pair.display), shown(right, pair.display)
    bare_left = isinstance(pair.left, f.Name | f.Number | f.Text)
    bare_right = isinstance(pair.right, f.Name | f.Number | f.Text)
    sides = {"name": name_left, "value": value_left, "other": name_right, "other_value": value_right}
    below = pair.operator in ("<=", "<")
    if pair.operator in ("=", "~"):
        named_left, named_right = isinstance(pair.left, f.Name), isinstance(pair.right, f.Name)
        if named_left and named_right:
            text = says("{name} is {value}, but {other} is {other_value}", **sides)
        elif named_left:
            text = says("{name} is {value}, but {other} = {other_value}", **sides)
        elif named_right:
            text = says("{name} = {value}, but {other} is {other_value}", **sides)
        else:
            text = says("{name} = {value}, but {other} = {other_value}", **sides)
    elif isinstance(pair.left, f.Number):  # a bound written first: say it of the figure
        text = _beyond(name_right, value_right, value_left, above=not below)
    elif isinstance(pair.right, f.Number):
        text = _beyond(name_left, value_left, value_right, above=below)
    elif below:
        text = says("{name} ({value}) exceeds {other} ({other_value})", **sides)
    elif pair.operator in (">=", ">"):
        text = says("{name} ({value}) is below {other} ({other_value})", **sides)
    else:
        text = says("{name} is {value}, which the rule excludes ({name} != {other})", **sides)
    operands = [
        part
        for part in (
            stated(item, pair.left) if not bare_left else "",
            stated(item, pair.right) if not bare_right else "",
        )
        if part
    ]
    return says("{failure} (where {operands})", failure=text, operands="; ".join(operands)) if operands else text


def _beyond(name: str, value: str, bound: str, above: bool) -> str:
    """A figure on the wrong side of a bound."""
    if above:
        return says("{name} is {value}, above {bound}", name=name, value=value, bound=bound)
    return says("{name} is {value}, below {bound}", name=name, value=value, bound=bound)
