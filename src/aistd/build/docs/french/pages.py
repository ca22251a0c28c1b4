"""The pages of the French site: for each kind, which pages there are, the template that lays them out, and the
data it is given (sorted here, so that the templates only lay out).

Paths are French (`indicateurs/`, `classes/`, `enumerations/`, `regles/`, `profils/`); each element's page is named
by its code, as on the English site, so that a code finds its page in either language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aistd.build.docs.french.catalogue import Catalogue
from aistd.build.docs.french.texts import French, entry_french, sort_key

FOLDERS = {
    "indicator": "indicateurs",
    "class": "classes",
    "enum": "enumerations",
    "rule": "regles",
    "profile": "profils",
}
"""The folder of each kind's pages under the French docs folder."""
SECTIONS = {
    "indicator": "Indicateurs",
    "class": "Classes du schéma",
    "enum": "Énumérations",
    "rule": "Règles",
    "profile": "Profils",
}
"""Each kind's section title (the nav of `mkdocs.fr.yml` uses the same)."""
ENGLISH_PATHS = {
    "indicator": "indicators/{}/",
    "class": "reference/classes/{}/",
    "enum": "reference/enums/#{}",
    "rule": "rules/{}/",
    "profile": "profiles/{}/",
}
"""Where the English site has each element's page, from its root."""
STAGE_ENUM = "LifecycleStage"


@dataclass(frozen=True)
class Page:
    """One page to render: its path under the French docs folder, its template, and what the template is given."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def page_path(kind: str, name: str) -> str:
    """An element's page, under the French docs folder."""
    return f"{FOLDERS[kind]}/{name}.md"


def url_depth(path: str) -> int:
    """How many folders deep a page's URL is under the site's root (`x/index.md` is `x/`, `x/y.md` is `x/y/`)."""
    parts = path.removesuffix(".md").split("/")
    return len(parts) - 1 if parts[-1] == "index" else len(parts)


def _by_label(catalogue: Catalogue, kind: str) -> list[tuple[str, French]]:
    found = [(name, catalogue.text_of(kind, name)) for name in catalogue.names(kind)]
    return sorted(found, key=lambda item: (sort_key(item[1].label), item[0]))


def _stages(catalogue: Catalogue, stages: list[str]) -> list[tuple[str, French | None]]:
    """Each stage with its French label (None for `all`, which is no value of the stage enumeration)."""
    values = catalogue.enums.get(STAGE_ENUM, {}).get("permissible_values") or {}
    return [(stage, catalogue.value_french(STAGE_ENUM, stage) if stage in values else None) for stage in stages]


def home_page(catalogue: Catalogue) -> Page:
    """The home page: what aistd is, how to validate, and how much of the site is in French."""
    coverage = [(kind, SECTIONS[kind], FOLDERS[kind], *catalogue.coverage(kind)) for kind in FOLDERS]
    return Page("index.md", "home.md.j2", {"coverage": coverage})


def indicator_pages(catalogue: Catalogue) -> Iterator[Page]:
    """The indicator index, and a page per indicator."""
    yield Page("indicateurs/index.md", "indicators-index.md.j2", {"items": _by_label(catalogue, "indicator")})
    for name, entry in sorted(catalogue.indicators.items()):
        slot = catalogue.slots.get(name) or {}
        context = {
            "name": name,
            "entry": entry,
            "french": catalogue.text_of("indicator", name),
            "aliases": [str(alias) for alias in slot.get("aliases") or []],
            "stages": _stages(catalogue, entry.get("stages") or []),
            "classes": sorted(entry.get("classes") or []),
        }
        yield Page(page_path("indicator", name), "indicator.md.j2", context)


def class_pages(catalogue: Catalogue) -> Iterator[Page]:
    """The class index, and a page per class with its slots."""
    yield Page("classes/index.md", "classes-index.md.j2", {"items": _by_label(catalogue, "class")})
    for name, cls in sorted(catalogue.classes.items()):
        slots = []
        for slot in catalogue.class_slots(name):
            spec, french = catalogue.slot_french(name, slot)
            slots.append((slot, spec, french))
        users = catalogue.range_users.get(name, [])
        context = {
            "name": name,
            "cls": cls,
            "french": catalogue.text_of("class", name),
            "parent": cls.get("is_a"),
            "slots": slots,
            "users": users,
            "default_range": catalogue.schema.get("default_range", "string"),
        }
        yield Page(page_path("class", name), "class.md.j2", context)


def enum_pages(catalogue: Catalogue) -> Iterator[Page]:
    """The enumeration index, and a page per enumeration with its values."""
    yield Page("enumerations/index.md", "enums-index.md.j2", {"items": _by_label(catalogue, "enum")})
    for name, enum in sorted(catalogue.enums.items()):
        values = [
            (value, spec or {}, catalogue.value_french(name, value))
            for value, spec in (enum.get("permissible_values") or {}).items()
        ]
        users = catalogue.range_users.get(name, [])
        context = {"name": name, "french": catalogue.text_of("enum", name), "values": values, "users": users}
        yield Page(page_path("enum", name), "enum.md.j2", context)


def rule_pages(catalogue: Catalogue) -> Iterator[Page]:
    """The rule index (by stage), and a page per rule."""
    stages: dict[str, list[tuple[str, French, dict[str, Any]]]] = {}
    for rule in sorted(catalogue.every_rule, key=lambda r: r["id"]):
        stages.setdefault(rule.get("stage") or "", []).append((rule["id"], catalogue.text_of("rule", rule["id"]), rule))
    yield Page(
        "regles/index.md", "rules-index.md.j2", {"stages": sorted(stages.items()), "count": len(catalogue.every_rule)}
    )
    for rule in catalogue.every_rule:
        owners = sorted(pid for pid, profile in catalogue.profiles.items() if rule["id"] in profile.get("rules", []))
        computes = sorted(
            pid
            for pid, profile in catalogue.profiles.items()
            for c in profile.get("computes", [])
            if c["rule"] == rule["id"]
        )
        context = {
            "rule": rule,
            "french": catalogue.text_of("rule", rule["id"]),
            "owners": sorted({*owners, *computes}),
            "applies_to": rule.get("applies_to"),
        }
        yield Page(page_path("rule", rule["id"]), "rule.md.j2", context)


def profile_pages(catalogue: Catalogue) -> Iterator[Page]:
    """The profile index, and a page per profile with its requirements in French."""
    yield Page("profils/index.md", "profiles-index.md.j2", {"items": _by_label(catalogue, "profile")})
    for pid, profile in sorted(catalogue.profiles.items()):
        requirements = [(req, entry_french(req)) for req in profile["requirements"]]
        computes = [(indicator, entry_french(indicator)) for indicator in profile.get("computes") or []]
        rules = [(rule_id, catalogue.text_of("rule", rule_id)) for rule_id in profile.get("rules") or []]
        context = {
            "pid": pid,
            "profile": profile,
            "french": catalogue.text_of("profile", pid),
            "requirements": requirements,
            "computes": computes,
            "rules": rules,
        }
        yield Page(page_path("profile", pid), "profile.md.j2", context)


def site_pages(catalogue: Catalogue) -> Iterator[Page]:
    """Every page of the French site."""
    yield home_page(catalogue)
    yield from indicator_pages(catalogue)
    yield from class_pages(catalogue)
    yield from enum_pages(catalogue)
    yield from rule_pages(catalogue)
    yield from profile_pages(catalogue)
