"""Entity gazetteers: loading, validating and indexing the entries in ``resources/`` and user files.

One entry per line of a JSONL file (see ``resources/README.md``)::

    {"id": "ORG:nato", "label": "ORG", "name": "NATO", "aliases": ["NATO", "North Atlantic Treaty Organization"],
     "attributes": {}}

Entries that share an ``id`` are merged (their aliases and attributes are combined), so a demonym file can add
"Japanese" to ``COUNTRY:JPN`` without repeating its name. Countries from :mod:`pycountry` are added first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from claimscope.errors import ClaimscopeValueError, Errors, Warnings, warn
from claimscope.resources import mapping, words

RESOURCES_DIR = Path(__file__).parents[1] / "resources"
RESOURCE_FILES = (
    "countries.jsonl",
    "demonyms.jsonl",
    "metonyms.jsonl",
    "capitals.jsonl",
    "organizations.jsonl",
    "officials.jsonl",
    "people.jsonl",
    "projects.jsonl",
    "events.jsonl",
)
LABELS = ("COUNTRY", "OFFICIAL", "PERSON", "ORG", "PROJECT", "EVENT")
# pycountry names that are ordinary words or people's names far more often than countries in news text.
_AMBIGUOUS_COUNTRY_NAMES = {"Jordan", "Chad", "Georgia", "Guinea", "Niger", "Turkey", "Dominica", "Jersey"}
# Those of them that name a country only in context (see ``claimscope.entities.component``): name -> ISO alpha-3.
# ("Turkey" is curated in countries.jsonl; "Jersey" is no sovereign state.)
CONTEXT_COUNTRIES = {"Jordan": "JOR", "Chad": "TCD", "Georgia": "GEO", "Guinea": "GIN", "Niger": "NER"}
# Surnames too common to stand for one listed person when they appear alone ("Johnson said"); a listed person's
# surname that is not among them links a lone PERSON mention to that person (see ``Gazetteer.lookup_surname``).
COMMON_SURNAMES = words("surnames_common")

# The listed person a bare surname shared by several listed people stands for when the document does not say:
# the one far more often meant ("Clinton said" in the 2016 campaign; the president Hoover, whom the annotation
# guide names as widely known, rather than the FBI's J. Edgar). Other shared surnames stay ambiguous ("Sharif":
# Nawaz or Shehbaz; "Perdue": David or Sonny; "Kennedy": John F., Robert F., Ted, Anthony or the health secretary).
SURNAME_DEFAULTS: dict[str, str] = mapping("surname_defaults")


@dataclass
class GazetteerEntry:
    """One real-world entity: canonical id, label, name, surface forms and attributes."""

    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    name_is_alias: bool = True  # False for country names that are mostly ordinary words ("Chad", "Jordan")

    def to_json(self) -> dict[str, Any]:
        """The entry as a dict in the file format."""
        return {
            "id": self.id,
            "label": self.label,
            "name": self.name,
            "aliases": self.aliases,
            "attributes": self.attributes,
        }


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """``"Nord Stream 2"`` -> ``"nord-stream-2"`` (ASCII, lower case, hyphens); apostrophes are dropped
    (``"O'Reilly"`` -> ``"oreilly"``), as the annotation guide builds ids."""
    name = name.replace("'", "").replace("\u2019", "")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_name.lower()).strip("-") or "unnamed"


def make_id(label: str, name: str) -> str:
    """The canonical id of a non-country entity: ``LABEL:slug-of-name``."""
    return f"{label}:{slugify(name)}"


def country_id(alpha3: str) -> str:
    """``"JPN"`` -> ``"COUNTRY:JPN"``."""
    return f"COUNTRY:{alpha3.upper()}"


def pycountry_entries() -> list[GazetteerEntry]:
    """Every ISO 3166 country from pycountry, with its name, common name and official name as aliases."""
    entries = []
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        aliases = [n for n in dict.fromkeys(names) if n and n not in _AMBIGUOUS_COUNTRY_NAMES]
        display = getattr(country, "common_name", None) or country.name
        entries.append(
            GazetteerEntry(
                id=country_id(country.alpha_3),
                label="COUNTRY",
                name=display,
                aliases=aliases,
                attributes={"alpha_2": country.alpha_2},
                name_is_alias=display not in _AMBIGUOUS_COUNTRY_NAMES,
            )
        )
    return entries


def read_entries(path: str | Path) -> Iterator[GazetteerEntry]:
    """Parse a gazetteer JSONL file; a malformed line raises a coded error naming the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ClaimscopeValueError(Errors.E006, path=path, reason=err) from err
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield _parse_entry(line, path, number)


def _parse_entry(line: str, path: Path, number: int) -> GazetteerEntry:
    def fail(reason: str) -> ClaimscopeValueError:
        return ClaimscopeValueError(Errors.E011, path=path, line=number, reason=reason)

    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise fail(f"not valid JSON ({err.msg})") from err
    if not isinstance(record, dict):
        raise fail("each line must be a JSON object")
    label = record.get("label")
    if label not in LABELS:
        raise fail(f"'label' must be one of {', '.join(LABELS)}, got {label!r}")
    aliases = record.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise fail("'aliases' must be a list of non-empty strings")
    name = record.get("name")
    if name is not None and not isinstance(name, str):
        raise fail("'name' must be a string")
    if not name and not aliases:
        raise fail("an entry needs a 'name' or at least one alias")
    attributes = record.get("attributes", {})
    if not isinstance(attributes, dict):
        raise fail("'attributes' must be a JSON object")
    unknown = set(record) - {"id", "label", "name", "aliases", "attributes"}
    if unknown:
        raise fail(f"unknown field(s): {', '.join(sorted(unknown))}")
    entry_id = record.get("id") or make_id(label, name or aliases[0])
    if not isinstance(entry_id, str) or ":" not in entry_id:
        raise fail("'id' must look like 'LABEL:slug' (e.g. 'ORG:nato' or 'COUNTRY:JPN')")
    # An entry without a name (a demonym or metonym file adding aliases) leaves the merged name alone.
    return GazetteerEntry(id=entry_id, label=label, name=name or "", aliases=list(aliases), attributes=attributes)


_NAME_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
_NAME_TITLES = {"Pope", "King", "Queen", "Prince", "Princess", "Sheikh", "Emperor"}  # "Pope Francis": no surname


def _surname(name: str) -> str:
    """ "Robert S. Mueller III" -> "Mueller"; "" for one-word names and particles ("von der Leyen")."""
    words = [w for w in name.split() if w not in _NAME_SUFFIXES]
    if len(words) >= 2 and re.match(r"^(?:al|el|bin|ibn|abu)-[A-Z][a-z]+$", words[-1]):
        return words[-1]  # "al-Maliki", "el-Sisi"
    if (
        len(words) < 2
        or words[0] in _NAME_TITLES
        or not words[-1][:1].isupper()
        or not words[-1].isalpha()
        and "-" not in words[-1]
    ):
        return ""
    return words[-1]


def _mojibake(alias: str) -> list[str]:
    """The forms a non-ASCII alias takes in UTF-8 text decoded as Latin-1, as much of the news data was:
    "Sánchez" -> "SÃ¡nchez"; also without the invisible C1 control characters that decoding leaves."""
    if alias.isascii():
        return []
    garbled = alias.encode("utf-8").decode("latin-1")
    stripped = re.sub(r"[\x80-\x9f]", "", garbled)
    return list(dict.fromkeys(a for a in (garbled, stripped) if a != alias))


def _curly_apostrophe(alias: str) -> list[str]:
    """ "O'Rourke" -> "O’Rourke": news text writes the apostrophe of a name both ways."""
    return [alias.replace("'", "\u2019")] if "'" in alias else []


class Gazetteer:
    """Merged entries, indexed by id and by alias."""

    def __init__(self, entries: Iterable[GazetteerEntry] = ()) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        self.alias_index: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []  # (alias, first id, second id)
        self.capital_aliases: set[str] = set()  # capitals that stand for their state only when used as actors
        self.surnames: dict[str, list[str]] = {}  # a listed person's surname -> the listed people's ids
        self.listed_surnames: dict[str, list[str]] = {}  # the same with the common surnames kept
        self.add(entries)

    @classmethod
    def default(cls, extra: str | Path | None = None) -> Gazetteer:
        """pycountry countries, the package's resource files, then the user's ``extra`` file."""
        gazetteer = cls(pycountry_entries())
        for name in RESOURCE_FILES:
            gazetteer.add(read_entries(RESOURCES_DIR / name))
        if extra is not None:
            gazetteer.add(read_entries(extra), source=str(extra))
        return gazetteer

    def add(self, entries: Iterable[GazetteerEntry], source: str | None = None) -> None:
        """Merge ``entries`` in; an alias claimed by two different ids warns (W004), the later one wins."""
        for entry in entries:
            current = self.entries.get(entry.id)
            if current is None:
                current = GazetteerEntry(entry.id, entry.label, entry.name or entry.aliases[0])
                self.entries[entry.id] = current
            elif entry.name and current.label == "COUNTRY":
                current.name = entry.name  # curated files give the short name users expect ("Russia")
            if entry.attributes.get("form") == "capital":
                self.capital_aliases.update(entry.aliases)
            # "form" (demonym, metonym) describes a file's aliases, not the entity: it is not merged in.
            current.attributes.update({k: v for k, v in entry.attributes.items() if k != "form"})
            if current.label in ("OFFICIAL", "PERSON") and entry.name:
                surname = _surname(entry.name)
                if surname:
                    self.listed_surnames.setdefault(surname, []).append(entry.id)
                if surname and surname not in COMMON_SURNAMES:
                    self.surnames.setdefault(surname, []).append(entry.id)
            names = [entry.name if entry.name_is_alias else "", *entry.aliases]
            # Garbled and curly-apostrophe forms are matched but not stored: the entry keeps its file's aliases.
            variants = [v for a in names for v in (*_mojibake(a), *_curly_apostrophe(a))]
            for alias in [*names, *variants]:
                if not alias:
                    continue
                if alias not in current.aliases and alias in names:
                    current.aliases.append(alias)
                owner = self.alias_index.get(alias)
                if owner is not None and owner != entry.id:
                    self.conflicts.append((alias, owner, entry.id))
                    if source is not None:
                        warn(Warnings.W004, alias=alias, first=owner, second=entry.id, source=source)
                self.alias_index[alias] = entry.id

    def filter_surnames(self) -> None:
        """Index the listed people's surnames again, leaving out the common ones: after ``COMMON_SURNAMES`` changed
        (``claimscope.resources.extend("surnames_common", ...)``)."""
        self.surnames = {s: list(ids) for s, ids in self.listed_surnames.items() if s not in COMMON_SURNAMES}

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry whose alias is ``text`` (exact, then without a leading "the")."""
        entry_id = self.alias_index.get(text)
        if entry_id is None and text.lower().startswith("the "):
            entry_id = self.alias_index.get(text[4:])
        return self.entries.get(entry_id) if entry_id else None

    def lookup_surname(self, text: str) -> GazetteerEntry | None:
        """The listed person whose uncommon surname is ``text`` ("Kashkari"). Where several listed people share it,
        the one of ``SURNAME_DEFAULTS`` ("Clinton": Hillary), else None ("Sharif": Nawaz or Shehbaz; "Gates":
        Robert or Bill); the document may tell which (see ``claimscope.entities.linking``)."""
        ids = self.surnames.get(text)
        if not ids:
            return None
        if len(ids) > 1:
            default = SURNAME_DEFAULTS.get(text)
            return self.entries.get(default) if default in ids else None
        return self.entries[ids[0]]

    def surname_label(self, text: str) -> str | None:
        """The label all listed people with the uncommon surname ``text`` share ("Sharif": OFFICIAL), else None."""
        labels = {self.entries[i].label for i in self.surnames.get(text, ())}
        return labels.pop() if len(labels) == 1 else None

    def to_jsonl(self) -> str:
        """All entries in the file format, one per line."""
        return "".join(json.dumps(e.to_json(), ensure_ascii=False) + "\n" for e in self.entries.values())

    @classmethod
    def from_jsonl_file(cls, path: str | Path) -> Gazetteer:
        """Load a gazetteer written by :meth:`to_jsonl`."""
        return cls(read_entries(path))
