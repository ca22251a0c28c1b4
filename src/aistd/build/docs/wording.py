"""aistd's data in words: an indicator's range and unit, a profile requirement, a rule's tolerance."""

from __future__ import annotations

import re
from typing import Any

from aistd.build.docs.markdown import code, number

IRI_BASE = "https://w3id.org/aistd/"
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9_.\-]*[A-Z0-9][a-z]?)\)")
_VOCABULARY_LEAD = re.compile(r"^aistd (?:lifecycle stages )?to (?:the )?", re.I)


def humanised(name: str) -> str:
    """A code read as words, the fallback of a missing title: `dc.annual_pue` is `Dc annual pue`."""
    words = re.sub(r"[_.\-]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else name


def title_of(spec: dict[str, Any] | None, name: str) -> str:
    """An element's English title (LinkML `title`), else its code read as words."""
    title = (spec or {}).get("title")
    return " ".join(str(title).split()) if title else humanised(name)


def aliases_of(spec: dict[str, Any] | None) -> list[str]:
    """An element's aliases (LinkML `aliases`: acronyms and other English names)."""
    found = (spec or {}).get("aliases") or []
    return [str(a) for a in (found if isinstance(found, list) else [found]) if a]


def french_of(spec: dict[str, Any] | None) -> list[str]:
    """An element's French names (`structured_aliases` in language `fr`)."""
    found = (spec or {}).get("structured_aliases") or []
    return [
        str(a["literal_form"])
        for a in (found if isinstance(found, list) else [])
        if isinstance(a, dict) and a.get("literal_form") and str(a.get("in_language", "")).startswith("fr")
    ]


def acronyms(label: str) -> list[str]:
    """The acronyms a label gives in parentheses: `power usage effectiveness (PUE)` gives `PUE`."""
    return _ACRONYM.findall(label or "")


def vocabulary_name(name: str, meta: dict[str, Any]) -> str:
    """A vocabulary's name for readers: its mapping set's title without the `aistd to the` lead."""
    title = _VOCABULARY_LEAD.sub("", " ".join(str(meta.get("title") or "").split()))
    return title[:1].upper() + title[1:] if title else name


_NUMBERS = (
    re.compile(r"\b\d{4,5}(?:-\d+)+"),  # ISO/IEC 30134-2, ISO 14064-1
    re.compile(r"\b(?:ISO|IEC) \d{4,5}(?![\d-])"),  # ISO/IEC 21031
    re.compile(r"\b[A-Z]\.\d{3,4}\b"),  # ITU-T L.1801
)


def numbers(text: str) -> list[str]:
    """The standard numbers a text names (`30134-2`, `21031`, `L.1801`), which the search weighs most (an annex
    number, `Annex III`, is not one: every regulation has its Annex III)."""
    found: list[str] = []
    for pattern in _NUMBERS:
        found += [m.split(" ")[-1] if m[0].isalpha() else m for m in pattern.findall(text)]
    return list(dict.fromkeys(found))


def defining_documents(
    references: list[dict[str, Any]], names: list[str], documents: dict[str, dict[str, Any]]
) -> list[str]:
    """The cited documents that define a term: those the source catalogue says are about one of `names` (a
    term's code, title and acronyms: ISO/IEC 30134-2:2016 for PUE), and those cited for a clause that is one of
    them (`CUE`); without their editions' years, which would make every year a match for a clause number."""
    words = [re.compile(rf"(?<![\w.]){re.escape(n)}(?![\w])", re.I) for n in names if n]
    found = []
    for ref in references:
        document, clause = str(ref.get("document") or ""), str(ref.get("clause") or "")
        note = str((documents.get(document) or {}).get("note") or "")
        if any(w.search(note) for w in words) or clause.casefold() in {n.casefold() for n in names}:
            found.append(re.sub(r":\d{4}\b.*$", "", document))  # the standard, not its edition
    return list(dict.fromkeys(found))


_ACRONYM_TAG = re.compile(r"[A-Z][A-Za-z0-9]{1,9}")


def acronym_tags(aliases: list[str]) -> list[str]:
    """The aliases that are acronyms (`PUE`, `ITEEsv`), which the search weighs most; formula symbols (`E_DC`)
    and names in words stay in the page's text, where they do not outweigh the titles of other pages."""
    return [a for a in aliases if _ACRONYM_TAG.fullmatch(a) and sum(c.isupper() for c in a) >= 2]


_SMALL_WORDS = {"of", "the", "and", "for", "per", "a", "an", "to", "in", "on"}


def abbreviates(alias: str, title: str) -> bool:
    """Whether an acronym stands for the whole title: `PUE` for `Power usage effectiveness`, not for
    `Power usage effectiveness applied`."""
    letters = re.sub(r"[^A-Za-z0-9]", "", alias)
    if len(letters) < 2 or not alias.isupper():
        return False
    words = [w for w in re.split(r"[\s\-/()]+", title) if w and w.casefold() not in _SMALL_WORDS]
    return "".join(w[0] for w in words).casefold() == letters.casefold()


def headline(title: str, name: str) -> str:
    """A page title: the human title first, the code second (`Power usage effectiveness (pue)`)."""
    return title if title.casefold() == name.casefold() else f"{title} ({name})"


def range_text(entry: dict[str, Any]) -> str:
    """An indicator's limits: `from 0 to 1`, `at least 0`, or `no limit stated`."""
    low, high = entry.get("minimum"), entry.get("maximum")
    if low is None and high is None:
        return "no limit stated"
    if high is None:
        return f"at least {number(low)}"
    if low is None:
        return f"at most {number(high)}"
    return f"from {number(low)} to {number(high)}"


def unit_text(entry: dict[str, Any]) -> str:
    """An indicator's UCUM unit, and its QUDT unit linked."""
    ucum = entry.get("ucum")
    parts = [f"{code(ucum)} (UCUM)" if ucum else "no unit"]
    qudt = entry.get("qudt")
    if qudt:
        parts.append(f"[QUDT {qudt.rsplit('/', 1)[-1]}]({qudt})")
    return " · ".join(parts)


def requirement_text(requirement: dict[str, Any]) -> str:
    """What a profile requirement asks of the records it selects."""
    parts = []
    if requirement.get("where"):
        conditions = "; ".join(
            f"{code(w['slot'])} is " + " or ".join(code(v) for v in w.get("values", [])) for w in requirement["where"]
        )
        parts.append(f"where {conditions}")
    if requirement.get("at_least"):
        parts.append(f"at least {requirement['at_least']} record(s)")
    if requirement.get("slots"):
        parts.append("each with " + ", ".join(code(s) for s in requirement["slots"]))
    if requirement.get("any_of_slots"):
        parts.append("each with one of " + ", ".join(code(s) for s in requirement["any_of_slots"]))
    return "; ".join(parts)


def tolerance_text(tolerance: float | None) -> str:
    """A rule's relative tolerance, also as a percentage; `exact` when there is none."""
    if not tolerance:
        return "exact"
    return f"{number(tolerance)} (relative: {number(round(tolerance * 100, 6))} %)"


def counted(count: int, one: str, many: str) -> str:
    """`1 mapping`, `3 mappings`."""
    return f"{count} {one if count == 1 else many}"


FILTERS = {
    "range_text": range_text,
    "unit_text": unit_text,
    "requirement_text": requirement_text,
    "tolerance_text": tolerance_text,
    "counted": counted,
    "humanised": humanised,
    "vocabulary_name": vocabulary_name,
}
