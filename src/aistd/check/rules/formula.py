"""The formula language of the rule catalogue: read a rule's `formula` (and its `let` names) into a tree.

A formula is one or more clauses separated by `;`. A clause is a relation between expressions, or a
test of presence, optionally followed by `when` and a condition that must hold for the clause to apply:

    pue = facility_energy / it_equipment_energy
    1 [g{CO2eq}/(kW.h)] <= grid_carbon_intensity <= 1200 [g{CO2eq}/(kW.h)]
    absent(iteusv) when accelerator_dominated = true
    sci_score >= O / functional_unit_count when absent(C)

Relations: `=` and `~` (equal within the rule's tolerance; `~` says the identity is approximate),
`<=`, `<`, `>=`, `>`, `!=`; chained relations compare each neighbouring pair. Expressions: slot names
(a let name stands for its expression), `list.slot` inside `sum()`, numbers with an optional unit code in
brackets, quoted text, `true`/`false`, `+ - * /` (also `x`), parentheses, and the functions `sum(...)`
(the sum of the operands that are stated), `first(...)` (the first operand that is stated), `present(slot)`
and `absent(slot)`. Conditions join tests with `and`. Units are resolved when the rule is compiled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FUNCTIONS = ("sum", "first", "present", "absent")
MAX_FORMULA = 2000


class FormulaError(ValueError):
    """A formula the engine cannot read, with the reason."""


class Number:
    """A number, with the unit code it is written in (empty for a plain number)."""

    __slots__ = ("unit", "value")
    value: float
    unit: str

    def __init__(self, value: float, unit: str = "") -> None:
        self.value = value
        self.unit = unit


class Text:
    """Quoted text or a boolean, compared with enumerated or boolean slots."""

    __slots__ = ("value",)
    value: str | bool

    def __init__(self, value: str | bool) -> None:
        self.value = value


class Name:
    """A slot of the item (or, with a dot, a slot of the items of one of its lists)."""

    __slots__ = ("path",)
    path: tuple[str, ...]

    def __init__(self, path: tuple[str, ...]) -> None:
        self.path = path


class Negative:
    """The negation of an expression."""

    __slots__ = ("operand",)
    operand: Node

    def __init__(self, operand: Node) -> None:
        self.operand = operand


class Binary:
    """Two expressions joined by + - * /."""

    __slots__ = ("left", "operator", "right")
    operator: str
    left: Node
    right: Node

    def __init__(self, operator: str, left: Node, right: Node) -> None:
        self.operator = operator
        self.left = left
        self.right = right


class Named:
    """A `let` name standing for its expression (kept so that messages can say the name)."""

    __slots__ = ("expression", "name")
    name: str
    expression: Node

    def __init__(self, name: str, expression: Node) -> None:
        self.name = name
        self.expression = expression


class Call:
    """sum(...), first(...), present(slot) or absent(slot)."""

    __slots__ = ("arguments", "function")
    function: str
    arguments: tuple[Node, ...]

    def __init__(self, function: str, arguments: tuple[Node, ...]) -> None:
        self.function = function
        self.arguments = arguments


Node = Number | Text | Name | Negative | Binary | Named | Call


class Relation:
    """Expressions joined by relations: each neighbouring pair must hold."""

    __slots__ = ("operands", "operators")
    operands: tuple[Node, ...]
    operators: tuple[str, ...]

    def __init__(self, operands: tuple[Node, ...], operators: tuple[str, ...]) -> None:
        self.operands = operands
        self.operators = operators


Test = Relation | Call


class Clause:
    """What must hold, the conditions under which it applies, and the clause's own text."""

    __slots__ = ("claim", "conditions", "text")
    claim: Test
    conditions: tuple[Test, ...]
    text: str

    def __init__(self, claim: Test, conditions: tuple[Test, ...], text: str) -> None:
        self.claim = claim
        self.conditions = conditions
        self.text = text


TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"  # 12, 1.5, 2e25
    r"|(?P<unit>\[)"  # a unit code in brackets: read up to the matching bracket
    r"|(?P<text>'[^']*')"  # quoted text
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"  # slot, list.slot, let name, function
    r"|(?P<relation><=|>=|!=|=|~|<|>)"
    r"|(?P<symbol>[-+*/\u00d7(),;]))"
)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) for every token; a unit in brackets is one token."""
    found: list[tuple[str, str, int]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        if match is None:
            raise FormulaError(f"cannot read {text[position:].strip()[:20]!r} at {position + 1} in {text!r}")
        kind = match.lastgroup or ""
        start = match.start(kind)
        if kind == "unit":
            end, depth = start, 0
            while end < len(text):
                depth += {"[": 1, "]": -1}.get(text[end], 0)
                end += 1
                if depth == 0:
                    break
            if depth:
                raise FormulaError(f"unclosed unit bracket at {start + 1} in {text!r}")
            found.append(("unit", text[start + 1 : end - 1].strip(), start))
            position = end
            continue
        found.append((kind, match.group(kind), start))
        position = match.end()
    return found


class _Parser:
    """Recursive descent over the tokens of one clause (or one let expression)."""

    def __init__(self, text: str, definitions: Mapping[str, Node]) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.definitions = definitions

    def peek(self) -> tuple[str, str]:
        if self.index < len(self.tokens):
            kind, value, _ = self.tokens[self.index]
            return kind, value
        return ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.index += 1
        return token

    def expect(self, value: str) -> None:
        _, found = self.take()
        if found != value:
            raise FormulaError(f"expected {value!r} but found {found or 'the end'!r} in {self.text!r}")

    def done(self) -> None:
        if self.peek()[0] != "end":
            raise FormulaError(f"unexpected {self.peek()[1]!r} in {self.text!r}")

    def clause(self) -> Clause:
        claim = self.test()
        conditions: list[Test] = []
        if self.peek() == ("name", "when"):
            self.take()
            conditions.append(self.test())
            while self.peek() == ("name", "and"):
                self.take()
                conditions.append(self.test())
        self.done()
        return Clause(claim, tuple(conditions), self.text.strip())

    def test(self) -> Test:
        first = self.expression()
        operands, operators = [first], []
        while self.peek()[0] == "relation":
            operators.append(self.take()[1])
            operands.append(self.expression())
        if operators:
            return Relation(tuple(operands), tuple(operators))
        if isinstance(first, Call) and first.function in ("present", "absent"):
            return first
        raise FormulaError(f"{self.text!r} states no relation (=, ~, <=, <, >=, >, !=) and no present()/absent()")

    def expression(self) -> Node:
        node = self.term()
        while self.peek() in (("symbol", "+"), ("symbol", "-")):
            node = Binary(self.take()[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek() in (("symbol", "*"), ("symbol", "/"), ("symbol", "\u00d7"), ("name", "x")):
            operator = self.take()[1]
            node = Binary("/" if operator == "/" else "*", node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek() == ("symbol", "-"):
            self.take()
            return Negative(self.unary())
        return self.primary()

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "number":
            unit = self.take()[1] if self.peek()[0] == "unit" else ""
            return Number(float(value), unit)
        if kind == "text":
            return Text(value[1:-1])
        if kind == "symbol" and value == "(":
            node = self.expression()
            self.expect(")")
            return node
        if kind == "name":
            if value in ("true", "false"):
                return Text(value == "true")
            if self.peek() == ("symbol", "("):
                return self.call(value)
            if value in self.definitions:
                return Named(value, self.definitions[value])
            return Name(tuple(value.split(".")))
        raise FormulaError(f"expected a value but found {value or 'the end'!r} in {self.text!r}")

    def call(self, function: str) -> Call:
        if function not in FUNCTIONS:
            raise FormulaError(f"unknown function {function!r} in {self.text!r}; known: {', '.join(FUNCTIONS)}")
        self.expect("(")
        arguments = [self.expression()]
        while self.peek() == ("symbol", ","):
            self.take()
            arguments.append(self.expression())
        self.expect(")")
        if function in ("present", "absent") and (len(arguments) != 1 or not isinstance(arguments[0], Name)):
            raise FormulaError(f"{function}() takes one slot name in {self.text!r}")
        return Call(function, tuple(arguments))


def parse_expression(text: str, definitions: Mapping[str, Node] | None = None) -> Node:
    """One expression (a `let` definition)."""
    parser = _Parser(text, definitions or {})
    node = parser.expression()
    parser.done()
    return node


def parse_rule(formula: str, let: Mapping[str, str] | None = None) -> list[Clause]:
    """Every clause of a rule's formula, with its `let` names replaced by their expressions."""
    if len(formula) > MAX_FORMULA:
        raise FormulaError(f"the formula is longer than {MAX_FORMULA} characters")
    definitions: dict[str, Node] = {}
    for name, text in (let or {}).items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)) or name in FUNCTIONS:
            raise FormulaError(f"let name {name!r} is not a plain name")
        definitions[str(name)] = parse_expression(str(text), definitions)
    clauses = [_Parser(part, definitions).clause() for part in formula.split(";") if part.strip()]
    if not clauses:
        raise FormulaError("the formula is empty")
    return clauses


def slots_of(node: Node | Test) -> list[tuple[str, ...]]:
    """The slot paths an expression or test names, in the order they are written."""
    if isinstance(node, Name):
        return [node.path]
    if isinstance(node, Negative):
        return slots_of(node.operand)
    if isinstance(node, Named):
        return slots_of(node.expression)
    if isinstance(node, Binary):
        return slots_of(node.left) + slots_of(node.right)
    if isinstance(node, Call):
        return [path for argument in node.arguments for path in slots_of(argument)]
    if isinstance(node, Relation):
        return [path for operand in node.operands for path in slots_of(operand)]
    return []


def render(node: Node) -> str:
    """An expression written back as text, for messages."""
    if isinstance(node, Number):
        return f"{node.value:g}" + (f" {node.unit}" if node.unit else "")
    if isinstance(node, Text):
        return str(node.value).lower() if isinstance(node.value, bool) else node.value
    if isinstance(node, Name):
        return ".".join(node.path)
    if isinstance(node, Negative):
        return f"-{_wrapped(node.operand, isinstance(node.operand, Binary))}"
    if isinstance(node, Named):
        return node.name
    if isinstance(node, Binary):
        symbol = "x" if node.operator == "*" else node.operator
        left_needs = node.operator in "*/" and _is_sum(node.left)
        right_needs = (
            node.operator != "+" and isinstance(node.right, Binary) and (node.operator in "*/" or _is_sum(node.right))
        )
        return f"{_wrapped(node.left, left_needs)} {symbol} {_wrapped(node.right, right_needs)}"
    return f"{node.function}({', '.join(render(argument) for argument in node.arguments)})"


def _is_sum(node: Node) -> bool:
    return isinstance(node, Binary) and node.operator in "+-"


def _wrapped(node: Node, needed: bool) -> str:
    return f"({render(node)})" if needed else render(node)
