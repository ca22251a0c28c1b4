"""Where each value of a YAML or JSON text sits: JSON pointer -> 1-based line and column."""

from __future__ import annotations

import yaml

from aistd.load.yaml_reader import DisclosureLoader
from aistd.model.pointer import escape


def value_positions(text: str) -> dict[str, tuple[int, int]]:
    """Map the JSON pointer of every node in a YAML or JSON text to its 1-based line and column."""
    positions: dict[str, tuple[int, int]] = {}
    try:
        root = yaml.compose(text, Loader=DisclosureLoader)
    except (yaml.YAMLError, RecursionError):
        return positions
    seen: set[int] = set()
    stack: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    while stack:
        pointer, node = stack.pop()
        if id(node) in seen:  # an alias: its target was placed already (loading refuses them anyway)
            continue
        seen.add(id(node))
        positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{pointer}/{escape(str(key.value))}"
                positions.setdefault(child + "#key", (key.start_mark.line + 1, key.start_mark.column + 1))
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((f"{pointer}/{index}", item) for index, item in enumerate(node.value))
    return positions
