"""Where a node and its property are written in an RDF text (Turtle, N-Triples, RDF/XML), for findings' lines.

A SHACL result names a focus node and a property by IRI; in the text the node may be written `<iri>`, as a
prefixed name (`ex:d`, from the text's own prefix declarations) or, in RDF/XML, as `rdf:about="iri"`. The place
of a node is the first line where it starts a statement (its first mention when it never does); the place of a
property is where the node's own statements name it. Every search is `str.find` over the text: linear time.
Blank nodes have no spelling of their own and get no place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

PREFIX = re.compile(r"^[ \t]*(?:@prefix|PREFIX)[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^>\n]*)>", re.MULTILINE)
LOCAL = re.compile(r"[A-Za-z0-9_](?:[\w.-]*[\w-])?")
"""A local name that a prefixed name can spell as written (no escapes)."""
NAME_CHARACTER = re.compile(r"[\w:.-]")

Position = tuple[int, int]


def _prefixes(text: str) -> list[tuple[str, str]]:
    return [(match.group(1) or "", match.group(2)) for match in PREFIX.finditer(text)]


def spellings(iri: str, text: str, syntax: str, prefixes: list[tuple[str, str]] | None = None) -> list[str]:
    """The ways the text can write an IRI."""
    if syntax == "rdfxml":
        return [f'about="{iri}"', f"about='{iri}'", f'resource="{iri}"']
    found = [f"<{iri}>"]
    if syntax == "turtle":
        for prefix, namespace in _prefixes(text) if prefixes is None else prefixes:
            local = iri[len(namespace) :]
            if namespace and iri.startswith(namespace) and LOCAL.fullmatch(local):
                found.append(f"{prefix}:{local}")
    return found


def _whole(text: str, index: int, spelling: str) -> bool:
    """True when the spelling found at `index` is not part of a longer name."""
    if spelling.startswith(("<", "about", "resource")):
        return True
    before = text[index - 1] if index else " "
    after = text[index + len(spelling)] if index + len(spelling) < len(text) else " "
    return not NAME_CHARACTER.match(before) and not (NAME_CHARACTER.match(after) and after != ".")


def _occurrences(text: str, spelling: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Where the spelling is written as a whole name, in order (each `find` starts past the last: linear)."""
    index = text.find(spelling, start, end)
    while index >= 0:
        if _whole(text, index, spelling):
            yield index
        index = text.find(spelling, index + 1, end)


def _first(indices: Iterator[int], wanted: Callable[[int], bool]) -> int | None:
    return next((index for index in indices if wanted(index)), None)


def _starts_a_line(text: str, index: int) -> bool:
    """True when only spaces or tabs precede `index` on its line (read back over those only: linear overall)."""
    before = index - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    return before < 0 or text[before] in "\r\n"


def _position(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def node_index(text: str, iri: str, syntax: str) -> int | None:
    """Where the node first starts a statement (or is first named), as an index into the text."""
    names = spellings(iri, text, syntax)
    mentions = [i for i in (_first(_occurrences(text, s), lambda _: True) for s in names) if i is not None]
    if not mentions or syntax == "rdfxml":
        return min(mentions, default=None)
    starts = [_first(_occurrences(text, s), lambda i: _starts_a_line(text, i)) for s in names]
    return min((i for i in starts if i is not None), default=min(mentions))


def _block_end(text: str, index: int) -> int:
    """The end of the statement block a subject starts at `index`: the next line that starts unindented."""
    line_end = text.find("\n", index)
    while line_end >= 0:
        following = text[line_end + 1 : line_end + 2]
        if following and not following.isspace():
            return line_end
        line_end = text.find("\n", line_end + 1)
    return len(text)


def predicate_iri(path: str | None) -> str | None:
    """The predicate IRI of a SHACL result's path (None for a path that is no single property, kept as written)."""
    return path if path and ":" in path and not path.startswith(("<", "(", "[", "_:", "^")) else None


def place(text: str, syntax: str, focus: str, path: str | None) -> Position | None:
    """The line and column of the focus node's property (of the node when the property is not written there)."""
    if syntax not in ("turtle", "ntriples", "rdfxml"):
        return None
    start = node_index(text, focus, syntax)
    if start is None:
        return None
    if path is not None and syntax != "rdfxml":
        prefixes = _prefixes(text) if syntax == "turtle" else []
        if syntax == "ntriples":
            statement = f"<{focus}> <{path}>"
            found = -1 if text.startswith(statement) else text.find("\n" + statement)
            if found != -1 or text.startswith(statement):
                return _position(text, found + 1 + len(f"<{focus}> "))
        else:
            end = _block_end(text, start)
            named = [
                _first(_occurrences(text, s, start, end), lambda _: True)
                for s in spellings(path, text, syntax, prefixes)
            ]
            if any(i is not None for i in named):
                return _position(text, min(i for i in named if i is not None))
    return _position(text, start)
