"""PolNeAR brat standoff -> documents with attributions -> word-piece windows with BIO tags.

Layout (see the dataset's README): ``<split>/text/<name>.txt`` and ``<split>/attributions/<name>_<annotator>.ann``.
Brat lines: ``T<n>\\t<Source|Cue|Content|Attribution> <start> <end>[;<start> <end>]\\t<text>`` and
``E<n>\\tAttribution:T<a> Content:T<c> Cue:T<q> Source:T<s>`` (Source may be absent). One annotation file is
used per text (the first by annotator id, a fixed rule), so training sees one reading of each article.

Tags live on word pieces of the packaged MiniLM tokenizer, each piece keeping its character offsets, so spans
map back to characters. Where spans overlap (an attribution nested in another's content), the shorter span
wins its characters: a token has one tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimscope.errors import ClaimscopeError, Errors
from claimscope.models.attribution import LABELS, ROLES
from claimscope.models.attribution_windows import WINDOW_PIECES, Span, Window, pieces, trim, windows

LABEL_IDS = {label: i for i, label in enumerate(LABELS)}
_BRAT_ROLES = {"Source": "SOURCE", "Cue": "CUE", "Content": "CONTENT"}


@dataclass
class Attribution:
    """One attribution relation: character fragments (discontinuous spans allowed) per role."""

    cue: list[Span]
    content: list[Span]
    source: list[Span] = field(default_factory=list)

    def role(self, role: str) -> list[Span]:
        """The fragments of ``role`` (SOURCE, CUE or CONTENT)."""
        return {"SOURCE": self.source, "CUE": self.cue, "CONTENT": self.content}[role]

    @property
    def extent(self) -> Span:
        """From the first to the last character of any of its fragments."""
        spans = [*self.source, *self.cue, *self.content]
        return min(s for s, _ in spans), max(e for _, e in spans)


@dataclass
class Document:
    name: str
    text: str
    attributions: list[Attribution]
    annotator: str = ""

    def spans(self, role: str) -> list[Span]:
        """Every fragment of ``role`` (whitespace trimmed), sorted, without duplicates."""
        found = {trim(self.text, span) for a in self.attributions for span in a.role(role)}
        return sorted(span for span in found if span[1] > span[0])


def read_ann(path: str | Path) -> list[Attribution]:
    """The attribution relations (``E`` lines) of one brat ``.ann`` file; a relation without Cue or Content is
    skipped, one without Source keeps an empty source."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[dict[str, str]] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, rest = parts[1].partition(" ")
            frags = []
            for piece in rest.split(";"):
                a, b = piece.split()
                frags.append((int(a), int(b)))
            spans[parts[0]] = (kind, frags)
        elif parts[0].startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for ev in events:
        if ev.get("Cue") not in spans or ev.get("Content") not in spans:
            continue
        src = spans[ev["Source"]][1] if ev.get("Source") in spans else []
        out.append(Attribution(cue=spans[ev["Cue"]][1], content=spans[ev["Content"]][1], source=src))
    return out


def polnear_folder(folder: str | Path | None = None) -> Path:
    """The PolNeAR folder: ``folder`` itself when it holds ``train``/``dev``, else ``<folder>/polnear``, with
    ``folder`` defaulting to the data root (``--data-dir`` or ``$CLAIMSCOPE_DATA_DIR``)."""
    from claimscope.training.data import data_root

    root = data_root(folder)
    if (root / "dev" / "attributions").is_dir() or (root / "train" / "attributions").is_dir():
        return root
    return root / "polnear"


def read_split(folder: str | Path, split: str, limit: int | None = None) -> list[Document]:
    """The documents of ``split`` under a PolNeAR ``folder`` that have an annotation file (the first by
    annotator id when there are several), sorted by name; no ``<split>/attributions`` folder is E061."""
    base = Path(folder) / split
    if not (base / "attributions").is_dir():
        raise ClaimscopeError(Errors.E061, path=base / "attributions", source="the PolNeAR layout")
    by_text: dict[str, list[Path]] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        name, _, _ = ann.stem.rpartition("_")
        by_text.setdefault(name, []).append(ann)
    docs = []
    for name in sorted(by_text):
        txt = base / "text" / f"{name}.txt"
        if not txt.is_file():
            continue
        ann = by_text[name][0]
        text = txt.read_text(encoding="utf-8")
        docs.append(Document(name, text, read_ann(ann), ann.stem.rpartition("_")[2]))
        if limit and len(docs) >= limit:
            break
    return docs


def piece_tags(text: str, offsets: Sequence[Span], attributions: Sequence[Attribution]) -> list[int]:
    """BIO tag ids of the pieces: a piece takes the role of the fragment holding its first character (shorter
    fragments win overlaps); B- where a fragment starts, I- inside it."""
    owner = [-1] * len(text)
    role_of: list[str] = []
    frags = [(role, span) for a in attributions for role in ROLES for span in a.role(role)]
    for role, (s, e) in sorted(frags, key=lambda f: -(f[1][1] - f[1][0])):
        fid = len(role_of)
        role_of.append(role)
        for c in range(max(s, 0), min(e, len(text))):
            owner[c] = fid
    tags, prev = [], -1
    for s, _ in offsets:
        fid = owner[s] if s < len(owner) else -1
        if fid < 0:
            tags.append(LABEL_IDS["O"])
        else:
            tags.append(LABEL_IDS[("I-" if fid == prev else "B-") + role_of[fid]])
        prev = fid
    return tags


def document_windows(
    tokenizer: object, docs: Sequence[Document], gold: bool = True, size: int = WINDOW_PIECES
) -> list[Window]:
    """Windows with tags of every document; ``gold`` lets the cuts avoid attribution extents (training)."""
    cls_id, sep_id = tokenizer.cls_token_id, tokenizer.sep_token_id  # type: ignore[attr-defined]
    out = []
    for d, doc in enumerate(docs):
        ids, offsets = pieces(tokenizer, doc.text)
        tags = piece_tags(doc.text, offsets, doc.attributions)
        extents = [a.extent for a in doc.attributions] if gold else []
        for s, e in windows(doc.text, offsets, extents, size):
            out.append(Window(d, [cls_id, *ids[s:e], sep_id], list(offsets[s:e]), tags[s:e]))
    return out
