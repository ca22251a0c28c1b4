"""Text as it goes into a Markdown page: the filters the page templates apply to every value they show.

Author-written prose (`one_line`) keeps its Markdown; data (labels, terms, clauses: `plain`) is shown as
written, no character of it read as Markdown; identifiers go in code spans (`code`) that hold any text.
"""

from __future__ import annotations

import json
import re
from typing import Any

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_[]|#"} | {"<": "&lt;", ">": "&gt;"})
PREDICATE_WORDS = {
    "skos:exactMatch": "exact",
    "skos:closeMatch": "close",
    "skos:narrowMatch": "narrow",
    "skos:broadMatch": "broad",
    "skos:relatedMatch": "related",
}


def one_line(text: Any) -> str:
    """Author-written Markdown on one line, safe in a table cell: `<key>` outside code is text, not a tag."""
    if text is None:
        return ""
    line = " ".join(str(text).split()).replace("|", "\\|")
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts.append(line[last : span.start()].replace("<", "&lt;").replace(">", "&gt;"))
        parts.append(span.group(0))
        last = span.end()
    parts.append(line[last:].replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(parts)


def plain(text: Any) -> str:
    """Data (labels, terms, clauses) shown as written: no character of it read as Markdown."""
    return " ".join(str(text).split()).translate(_ESCAPED) if text is not None else ""


def code(text: Any) -> str:
    """An inline code span that holds any text."""
    value = " ".join(str(text).split())
    fence = "``" if "`" in value else "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def number(value: Any) -> str:
    """A number as a reader writes it: 2.0 is 2; nothing for None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def badge(kind: str, label: str, title: str = "") -> str:
    """A coloured status label (styled by `docs/stylesheets/extra.css`)."""
    hint = f' title="{title}"' if title else ""
    return f'<span class="aistd-badge aistd-badge--{kind}"{hint}>{label}</span>'


PROVISIONAL = badge("provisional", "provisional", "rests on a draft, or on a term recalled rather than read")
DRAFT = badge("draft", "draft", "the source is a draft")


def severity(level: str) -> str:
    """A severity as its badge."""
    return badge(level, level)


def status(draft: bool, provisional: bool) -> str:
    """The draft and provisional badges that apply, space-separated."""
    return " ".join(shown for shown, on in ((DRAFT, draft), (PROVISIONAL, provisional)) if on)


def edition(documents: dict[str, dict[str, Any]], document: str) -> str:
    """What is known of a cited document's edition, in a word or two (`superseded`, `under revision`…)."""
    entry = documents.get(document)
    return str(entry["status"]).replace("-", " ") if entry else ""


def reference(line: str) -> dict[str, Any]:
    """A `document | clause | confidence [| draft]` line as its parts."""
    parts = [part.strip() for part in line.split(" | ")]
    parts += [""] * (3 - len(parts))
    draft = len(parts) > 3 and parts[3] == "draft"
    return {
        "document": parts[0],
        "clause": parts[1],
        "confidence": parts[2],
        "draft": draft,
        "provisional": draft or parts[2] == "recalled",
    }


def predicate_word(predicate: str) -> str:
    """The short word of a SKOS mapping predicate (`skos:exactMatch` is `exact`)."""
    return PREDICATE_WORDS.get(predicate, predicate)


def yaml_string(text: Any) -> str:
    """A string as a YAML scalar of front matter (a JSON string is a YAML double-quoted one)."""
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)


def indented(text: str, prefix: str = "    ") -> str:
    """Every non-empty line indented, for the body of a collapsible admonition."""
    return "\n".join(prefix + line if line else "" for line in text.splitlines())


FILTERS = {
    "one_line": one_line,
    "plain": plain,
    "code": code,
    "number": number,
    "severity": severity,
    "reference": reference,
    "predicate_word": predicate_word,
    "indented": indented,
    "yaml_string": yaml_string,
}
