"""The reports' words in English or French: findings' messages and rule titles (from the rule catalogue's French
text, `aistd.knowledge.rules`), counts with the right singular or plural, and the summary line.

Severity words and rule ids stay as they are in every language: `file:line:col: error rule: message` lines are
read by editors and CI problem matchers.
"""

from __future__ import annotations

from collections.abc import Mapping

from aistd.model.finding import Finding

ENGLISH = "en"
FRENCH = "fr"

NOUNS = {
    ENGLISH: {
        "files": ("file", "files"),
        "valid": ("valid", "valid"),
        "errors": ("error", "errors"),
        "warnings": ("warning", "warnings"),
        "skipped": ("skipped", "skipped"),
    },
    FRENCH: {
        "files": ("fichier", "fichiers"),
        "valid": ("valide", "valides"),
        "errors": ("erreur", "erreurs"),
        "warnings": ("avertissement", "avertissements"),
        "skipped": ("ignoré", "ignorés"),
    },
}
"""Singular and plural of each word of the summary."""

SKIPPED = {ENGLISH: "skipped", FRENCH: "ignoré"}
"""The word before the reason a file was skipped."""


def repeated(count: int) -> str:
    """What follows a finding said `count` times at one place: " (\u00d79)" (a multiplication sign), or nothing
    for once."""
    return f" (\u00d7{count})" if count > 1 else ""


def counted(count: int, word: str, lang: str = ENGLISH) -> str:
    """`count` and the word, singular or plural as the language has it: "1 warning", "0 errors"; in French
    "0 erreur", "2 erreurs" (French takes the singular for 0 and 1)."""
    singular, plural = NOUNS.get(lang, NOUNS[ENGLISH])[word]
    one = count in (0, 1) if lang == FRENCH else count == 1
    return f"{count} {singular if one else plural}"


def summary_line(summary: Mapping[str, int], lang: str = ENGLISH) -> str:
    """The last line of the text report: files, valid files, errors, warnings, and skipped files when any."""
    words = ["files", "valid", "errors", "warnings"] + (["skipped"] if summary.get("skipped") else [])
    return ", ".join(counted(summary[word], word, lang) for word in words)


def message(f: Finding, lang: str = ENGLISH) -> str:
    """A finding's message in `lang`: the English message unchanged; in French, the message said from the French
    message catalogue when it translates every template the message is made of, otherwise the rule's French
    lead with the English specifics (`aistd.knowledge.rules.localised_message`)."""
    if lang == ENGLISH:
        return f.message
    from aistd.knowledge.rules import localised_message
    from aistd.knowledge.translations import said_in

    whole = said_in(f.message, lang)
    if whole is not None:
        return whole
    try:
        return localised_message(f.rule, f.message, lang)
    except LookupError:  # a rule no catalogue knows (a stand-in): its message as it is
        return f.message


def text_in(text: str, lang: str = ENGLISH) -> str:
    """Any text of a report (a skipped file's reason) in `lang` when it is a message the catalogue translates
    wholly; otherwise as it is."""
    if lang == ENGLISH:
        return text
    from aistd.knowledge.translations import said_in

    whole = said_in(text, lang)
    return text if whole is None else whole


def title(rule_id: str, english: str, lang: str = ENGLISH) -> str:
    """A rule's title in `lang`; `english` (the catalogue's title) for English or a rule the catalogue lacks."""
    if lang == ENGLISH:
        return english
    from aistd.knowledge.rules import localised_title

    try:
        return localised_title(rule_id, lang) or english
    except LookupError:
        return english
