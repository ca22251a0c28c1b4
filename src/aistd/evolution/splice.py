"""Rewrite values of a YAML text in place, leaving every other character (comments, layout, quoting) as it was.

A migration changes few values; rewriting the whole file through a YAML dumper would re-indent and re-quote
what it did not change. Here each changed value is located in the composed node tree by its JSON pointer and
its text replaced by the new value in flow style (JSON is valid YAML flow).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from aistd.model.pointer import unescape


class SpliceError(ValueError):
    """A pointer the YAML text holds no value at."""


def _last_end(node: yaml.Node) -> int:
    """Where the text of a value ends: a block collection ends with its last member's value."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _last_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _last_end(node.value[-1])
    return int(node.end_mark.index)


def _value_span(text: str, root: yaml.Node, pointer: str) -> tuple[int, int]:
    """The start and end of the text of the value at a pointer (the start is just after its key's colon)."""
    node: yaml.Node = root
    start = None
    for token in (unescape(part) for part in pointer.split("/")[1:]):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == token), None)
            if pair is None:
                raise SpliceError(f"no value at {pointer}")
            start = text.index(":", pair[0].end_mark.index) + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
            start = int(node.start_mark.index)
        else:
            raise SpliceError(f"no value at {pointer}")
    if start is None:
        raise SpliceError("the document itself cannot be replaced")
    return start, _last_end(node)


def _key_span(text: str, root: yaml.Node, pointer: str) -> tuple[int, int]:
    """The start and end of the text of the key of the mapping member at a pointer."""
    parent, _, name = pointer.rpartition("/")
    node = _node_at(root, parent) if parent else root
    if not isinstance(node, yaml.MappingNode):
        raise SpliceError(f"no key at {pointer}")
    pair = next(((k, v) for k, v in node.value if k.value == unescape(name)), None)
    if pair is None:
        raise SpliceError(f"no key at {pointer}")
    return int(pair[0].start_mark.index), int(pair[0].end_mark.index)


def _node_at(root: yaml.Node, pointer: str) -> yaml.Node:
    node = root
    for token in (unescape(part) for part in pointer.split("/")[1:]):
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == token), None)
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
        else:
            node = None
        if node is None:
            raise SpliceError(f"no value at {pointer}")
    return node


def splice(text: str, root: yaml.Node, replacements: dict[str, Any], renames: dict[str, str] | None = None) -> str:
    """The text with the value at each pointer replaced (pointers of mapping members or list items), and the key
    of each member named in `renames` given its new name."""
    edits = [(*_value_span(text, root, pointer), value, False) for pointer, value in replacements.items()]
    edits += [(*_key_span(text, root, pointer), name, True) for pointer, name in (renames or {}).items()]
    for start, end, value, is_key in sorted(edits, key=lambda edit: edit[0], reverse=True):
        rendered = json.dumps(value, ensure_ascii=False)
        if is_key:  # a quoted key stays quoted (JSON), a plain one stays plain
            text = text[:start] + (rendered if text[start] in "\"'" else str(value)) + text[end:]
        else:
            text = text[:start] + (" " if text[start - 1] == ":" else "") + rendered + text[end:]
    return text
