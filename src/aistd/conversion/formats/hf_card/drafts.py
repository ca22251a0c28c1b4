"""Footprints while a card is read: their slots, where each came from, and the footprints they restate or add up,
kept until the footprints' places in the disclosure (and so their pointers and ids) are known."""

from __future__ import annotations

from typing import Any

from aistd.conversion.journal import Journal
from aistd.model.pointer import Position


class Draft:
    """A footprint being read. `index` is its place among the disclosure's footprints once known (a record of
    the front matter knows it from the start); until then, what it carried and what was filled for it wait."""

    CARD = "<the card's system>"

    def __init__(
        self,
        footprint: dict[str, Any],
        journal: Journal,
        *,
        index: int | None = None,
        codecarbon: bool = False,
        system: str | None = CARD,
        name: str | None = None,
    ) -> None:
        self.footprint = footprint
        self.journal = journal
        self.index = index
        self.record = index is not None
        """Whether it is a co2_eq_emissions record of the front matter (whose place is known from the start)."""
        self.codecarbon = codecarbon
        """Whether its energy is the CodeCarbon energy_consumed key of the front matter (a compute-node figure)."""
        self.system = system
        """The AI system it is about: the card's (CARD), a table row's, or none (a Total row)."""
        self.name = name
        """The row label its id is made from; None for the card's system and stage."""
        self.restates: Draft | None = None
        self.aggregates: list[Draft] = []
        self.link_position: Position | None = None
        self._origins: list[tuple[str, Position]] = []
        self._fills: list[tuple[str, Any, str]] = []

    def pointer(self, relative: str = "") -> str:
        """The canonical pointer of one of its values (its place must be known)."""
        return f"/footprints/{self.index}{relative}"

    def carry(self, relative: str, position: Position) -> None:
        """Record the line and column a value of this footprint came from."""
        if self.index is None:
            self._origins.append((relative, position))
        else:
            self.journal.carried_at(self.pointer(relative), position)

    def fill(self, relative: str, value: Any, reason: str) -> None:
        """Record a value supplied for this footprint, and why."""
        if self.index is None:
            self._fills.append((relative, value, reason))
        else:
            self.journal.filled(self.pointer(relative), value, reason)

    def place(self, index: int) -> None:
        """Give the footprint its place, and record what waited for it."""
        self.index = index
        for relative, position in self._origins:
            self.journal.carried_at(self.pointer(relative), position)
        for relative, value, reason in self._fills:
            self.journal.filled(self.pointer(relative), value, reason)
        self._origins.clear()
        self._fills.clear()

    def inherit(self) -> None:
        """A footprint that restates another describes the same activity: the same stage and system."""
        if self.restates is None:
            return
        self.system = self.restates.system
        stage = self.restates.footprint.get("stage")
        if stage is not None:
            self.footprint["stage"] = stage

    def link(self) -> None:
        """The ids of the footprint it restates and of those it adds up, once every footprint has its id."""
        links: dict[str, Any] = {}
        if self.restates is not None:
            links["restates"] = self.restates.footprint["id"]
        members = [member.footprint["id"] for member in self.aggregates if member.index is not None]
        if members:
            links["aggregates"] = members
        for key, value in links.items():
            self.footprint[key] = value
            if self.link_position is not None:
                self.carry(f"/{key}", self.link_position)


def assign(drafts: list[Draft]) -> None:
    """Give every footprint its place in the disclosure (the records of the front matter have theirs)."""
    for index, draft in enumerate(drafts):
        if draft.index is None:
            draft.place(index)
