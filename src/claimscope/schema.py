"""The plain, typed result of an analysis: :class:`Analysis` and the types it is made of.

All offsets are character offsets into the text the caller passed in (``text[start:end]``).
Fields whose component is not part of the pipeline are ``None`` (or empty lists), never placeholders.

Every probability and score is rounded to :data:`SCORE_DECIMALS` (4) decimals when the object is built, so the
in-memory value, ``to_dict()``, ``to_json()`` and the DataFrames agree, and a text gives byte-identical JSON
whether it is analysed alone or in a batch (batched encoder passes pad the inputs, which moves the raw scores
in about the 7th decimal). A raw score lying within that noise of a rounding boundary (e.g. 0.12345) can still
round differently in the two runs; that is rare and accepted.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Verdict = Literal["fact", "opinion"]
StanceLabel = Literal["favor", "against", "neutral"]
Modality = Literal["asserted", "predicted", "conditional", "recommended", "question"]
ClaimerKind = Literal["named", "anonymous", "author"]
EntityLabel = Literal["COUNTRY", "OFFICIAL", "PERSON", "ORG", "PROJECT", "EVENT"]


SCORE_DECIMALS = 4


def round_score(value: float) -> float:
    """``value`` rounded to :data:`SCORE_DECIMALS` decimals (see the module docstring)."""
    return round(float(value), SCORE_DECIMALS)


Score = Annotated[float, AfterValidator(round_score)]
"""A float rounded to :data:`SCORE_DECIMALS` decimals on construction."""
Probability = Annotated[float, Field(ge=0.0, le=1.0), AfterValidator(round_score)]
"""A probability in [0, 1], rounded to :data:`SCORE_DECIMALS` decimals on construction."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mention(_Model):
    """One occurrence of an entity in the text."""

    text: str
    start: int
    end: int


class Attribution(_Model):
    """Who asserts a claim: the claimer's mention, its linked entity and the cue that introduces it."""

    text: str
    start: int
    end: int
    entity_id: str | None = None
    cue: str | None = None
    kind: ClaimerKind = "named"


class Stance(_Model):
    """The stance a claim takes towards a target (an entity id or a topic string)."""

    target: str
    label: StanceLabel
    score: Probability
    relevance: Score | None = None
    """Topic stances only: the similarity of claim and topic that made the claim count as about the topic."""


class Claim(_Model):
    """One asserted proposition, with its speaker and its classifications."""

    text: str
    start: int
    end: int
    statement: str
    claimer: Attribution | None = None
    entity_ids: list[str] = Field(default_factory=list)
    verdict: Verdict | None = None
    verdict_score: Score | None = None
    checkworthiness: Score | None = None
    stances: list[Stance] = Field(default_factory=list)
    modality: Modality | None = None
    hedged: bool | None = None


class Entity(_Model):
    """A real-world entity mentioned in the text, with all of its mentions."""

    id: str
    label: EntityLabel
    name: str
    mentions: list[Mention] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)


class Skipped(_Model):
    """A stretch of text that asserts nothing (a heading, a source line, a disclaimer), with the reason."""

    text: str
    start: int
    end: int
    reason: str


Voice = Literal["author", "attributed"]


class EntityStance(_Model):
    """The stance a whole text takes towards one entity, in one voice (see :meth:`Analysis.entity_stances`)."""

    entity_id: str
    voice: Voice
    label: StanceLabel
    score: Probability
    n_claims: int
    votes: dict[str, Score]


class Analysis(_Model):
    """Everything claimscope found in one text."""

    text: str
    claims: list[Claim] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    error: str | None = None
    """Set (with a coded message) when the input could not be analysed, e.g. a non-str item in a batch."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the analysis."""
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = None) -> str:
        """The analysis as a JSON string."""
        return self.model_dump_json(indent=indent)

    def entity_stances(self) -> list[EntityStance]:
        """One stance per entity and voice for the whole text, aggregated from the claims' stances.

        Voice: ``author`` for claims in the author's own voice (no claimer, or a first-person one such as
        "I believe"), ``attributed`` for claims made by someone the text quotes or cites.
        Rule: every claim's stance towards the entity votes for its label with its score as weight; the
        entity's label is the label with the largest total weight, and its score is that total's share of
        all the weight (so 1.0 means every claim agreed with full confidence). ``votes`` holds the totals
        and ``n_claims`` the number of claims that voted. Ties go to ``neutral``, then ``against``.
        """
        entity_ids = {e.id for e in self.entities}
        totals: dict[tuple[str, Voice], dict[str, float]] = {}
        counts: dict[tuple[str, Voice], int] = {}
        for claim in self.claims:
            voice: Voice = "author" if claim.claimer is None or claim.claimer.kind == "author" else "attributed"
            for stance in claim.stances:
                if stance.target not in entity_ids:
                    continue
                key = (stance.target, voice)
                votes = totals.setdefault(key, {"favor": 0.0, "against": 0.0, "neutral": 0.0})
                votes[stance.label] += stance.score
                counts[key] = counts.get(key, 0) + 1
        result = []
        for (entity_id, voice), votes in totals.items():
            total = sum(votes.values())
            label: StanceLabel = max(("neutral", "against", "favor"), key=lambda name: votes[name])
            result.append(
                EntityStance(
                    entity_id=entity_id,
                    voice=voice,
                    label=label,
                    score=votes[label] / total if total else 0.0,
                    n_claims=counts[(entity_id, voice)],
                    votes=votes,
                )
            )
        return sorted(result, key=lambda s: (s.entity_id, s.voice))

    def _repr_html_(self) -> str:
        """The HTML view shown by Jupyter (see :func:`claimscope.viz.render`)."""
        from claimscope.viz.display import to_html

        return to_html(self)

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return next((e for e in self.entities if e.id == entity_id), None)
