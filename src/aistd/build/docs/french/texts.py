"""The French text of each thing the French site shows, with the English text as a marked fallback.

Schema elements (classes, slots, enumerations and their values) carry their French label and definition as a
structured alias `{literal_form, in_language: fr, source, description}`; rules, profiles, requirements and computed
indicators carry an `fr: {title, description, message, source}` entry. Where the French is missing the English
text is used and `French.translated` is false, so that the page can say so.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

FRENCH = "fr"
TRANSLATION = "aistd:translation"
"""The `source` of a French text that is aistd's own translation (any other source names an official text)."""
BOUNDARIES = {
    "CPU server fleet, static": "parc de serveurs à processeurs, statique",
    "CPU servers only": "serveurs à processeurs seulement",
    "accelerator-only": "accélérateurs seulement",
    "as stated by energy_boundary": "celui que déclare energy_boundary",
    "cpu-only": "processeurs seulement",
    "data-centre IT equipment, installed": "équipements informatiques du centre de données, installés",
    "embodied (cradle to grave excluding use)": "intrinsèque (du berceau à la tombe, hors utilisation)",
    "embodied, allocated": "intrinsèque, alloué",
    "every energy source of the data centre, use phase": (
        "toutes les sources d'énergie du centre de données, phase d'utilisation"
    ),
    "facility": "installation",
    "facility emissions over IT energy, use phase only": (
        "émissions de l'installation rapportées à l'énergie informatique, phase d'utilisation seulement"
    ),
    "facility over IT equipment": "installation rapportée aux équipements informatiques",
    "facility over IT equipment, annual": "installation rapportée aux équipements informatiques, sur un an",
    "facility, market-based instruments included": "installation, instruments de marché compris",
    "final energy": "énergie finale",
    "idle capacity": "capacité inactive",
    "it-equipment": "équipements informatiques",
    "memory-only": "mémoire seulement",
    "networking": "réseau",
    "off-site, electricity generation": "hors site, production d'électricité",
    "on-site, consumption": "sur site, consommation",
    "on-site, withdrawal": "sur site, prélèvement",
    "primary energy (not final energy)": "énergie primaire (et non finale)",
    "same as energy_consumption; use phase only": "le même que energy_consumption ; phase d'utilisation seulement",
    "site water input over IT energy": "apport d'eau du site rapporté à l'énergie informatique",
    "site water over IT energy": "eau du site rapportée à l'énergie informatique",
    "software boundary": "périmètre du logiciel",
}
"""Each indicator's boundary (the indicator table's English text) in French."""
CONFIDENCES = {
    "verified-from-source": "vérifié dans le texte",
    "secondary-source": "source secondaire",
    "recalled": "de mémoire, à vérifier",
    "draft": "projet",
}
"""How sure a reference is (the last part of `document | clause | confidence`), in French."""
SEVERITIES = {"error": "erreur", "warning": "avertissement", "info": "information"}
STAGES = {
    "load": "lecture du fichier",
    "schema": "conformité au schéma JSON",
    "rdf": "chemin RDF (SHACL)",
    "shacl": "chemin RDF (SHACL)",
    "convert": "conversion depuis un autre format",
    "batch": "traitement par lots",
    "consistency": "cohérence",
    "cross-document": "entre documents",
    "profile": "profil",
}


def sort_key(text: str) -> str:
    """A key that sorts French text alphabetically, accents aside."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def one_line(text: Any) -> str:
    """The text with its runs of white space, line breaks included, made single spaces."""
    return " ".join(str(text or "").split())


@dataclass(frozen=True)
class French:
    """One element's text as the French site shows it: French where there is French, English otherwise."""

    label: str
    definition: str
    english_label: str
    english_definition: str
    source: str | None = None
    """`aistd:translation`, or the official French text the wording comes from; None when untranslated."""
    message: str = ""
    definition_translated: bool = False
    """Whether the definition is French (a French label may come without its definition)."""

    @property
    def translated(self) -> bool:
        """Whether the label is French (not the English fallback)."""
        return self.source is not None

    @property
    def official(self) -> bool:
        """Whether the wording is that of an official French text."""
        return bool(self.source) and self.source != TRANSLATION


def _english_label(element: dict[str, Any], name: str) -> str:
    title = one_line(element.get("title"))
    return title or name.replace("_", " ")


def french_alias(element: dict[str, Any]) -> dict[str, Any] | None:
    """The element's first structured alias in French, or None."""
    for alias in element.get("structured_aliases") or []:
        if isinstance(alias, dict) and alias.get("in_language") == FRENCH and alias.get("literal_form"):
            return alias
    return None


def element_french(element: dict[str, Any] | None, name: str) -> French:
    """A class, slot, enumeration or value of the merged schema (its YAML mapping) in French."""
    element = element or {}
    alias = french_alias(element) or {}
    english = (_english_label(element, name), one_line(element.get("description")))
    return _french(english, alias.get("literal_form"), alias.get("description"), alias.get("source"))


def entry_french(entry: dict[str, Any]) -> French:
    """A rule, profile, requirement or computed indicator (its compiled entry, with `fr`) in French."""
    fr = entry.get("fr") or {}
    english = (one_line(entry.get("title")) or entry["id"], one_line(entry.get("description")))
    return _french(english, fr.get("title"), fr.get("description"), fr.get("source"), fr.get("message"))


def _french(english: tuple[str, str], label: Any, description: Any, source: Any, message: Any = None) -> French:
    """The French text from its label, definition, source and message; the English, marked, without a label."""
    english_label, english_definition = english
    if not label:
        return French(english_label, english_definition, english_label, english_definition)
    definition = one_line(description)
    return French(
        one_line(label),
        definition or english_definition,
        english_label,
        english_definition,
        str(source or ""),
        one_line(message),
        definition_translated=bool(definition),
    )


def severity(name: str) -> str:
    """A severity in French."""
    return SEVERITIES.get(name, name)


def stage(name: str) -> str:
    """A rule's stage in French."""
    return STAGES.get(name, name)
