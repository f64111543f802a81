"""Small hand-built analyses for the viz and frames tests (no pipeline needed)."""

from __future__ import annotations

from claimscope import Analysis, Attribution, Claim, Entity, Mention, Skipped, Stance

HOSTILE = '<script>console.error("xss")</script><img src=x onerror="console.error(1)">'
TEXT = (
    "Opinion: Tokyo and Moscow.\n"
    "As the Kremlin put it, Japan has chosen to follow the West. "
    f"Experts think the sanctions are {HOSTILE} harmful & unfair. "
    "The summit will take place in May."
)


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def mention(text: str, part: str, after: int = 0) -> Mention:
    start, end = span(text, part, after)
    return Mention(text=part, start=start, end=end)


def claim(text: str, part: str, **fields: object) -> Claim:
    start, end = span(text, part)
    return Claim(text=part, start=start, end=end, statement=part, **fields)


def sample_analysis(classified: bool = True) -> Analysis:
    """Three claims: a fact with a claimer, an opinion (with hostile markup in it) and an unclassified one."""
    t = TEXT
    k_start, k_end = span(t, "the Kremlin")
    first = claim(
        t,
        "Japan has chosen to follow the West",
        claimer=Attribution(text="the Kremlin", start=k_start, end=k_end, entity_id="COUNTRY:RUS", kind="named"),
        entity_ids=["COUNTRY:JPN", "ORG:the-west"],
        modality="asserted",
        hedged=False,
        **(
            {
                "verdict": "fact",
                "verdict_score": 0.91,
                "checkworthiness": 0.3,
                "stances": [
                    Stance(target="COUNTRY:JPN", label="against", score=0.81),
                    Stance(target="ORG:the-west", label="favor", score=0.66),
                ],
            }
            if classified
            else {}
        ),
    )
    e_start, e_end = span(t, "Experts")
    second = claim(
        t,
        f"the sanctions are {HOSTILE} harmful & unfair",
        claimer=Attribution(text="Experts", start=e_start, end=e_end, kind="anonymous"),
        modality="asserted",
        **({"verdict": "opinion", "verdict_score": 0.77, "checkworthiness": 0.1} if classified else {}),
    )
    third = claim(t, "The summit will take place in May", modality="predicted")
    entities = [
        Entity(
            id="COUNTRY:JPN",
            label="COUNTRY",
            name="Japan",
            mentions=[mention(t, "Tokyo"), mention(t, "Japan", 20)],
        ),
        Entity(
            id="COUNTRY:RUS",
            label="COUNTRY",
            name="Russia",
            mentions=[mention(t, "Moscow"), mention(t, "Kremlin")],
        ),
        Entity(id="ORG:the-west", label="ORG", name='the "West" <b>', mentions=[mention(t, "West", 40)]),
    ]
    heading_end = t.index("\n")
    skipped = [Skipped(text=t[:heading_end], start=0, end=heading_end, reason="heading")]
    return Analysis(text=t, claims=[first, second, third], entities=entities, skipped=skipped)


def long_analysis(target_chars: int = 1_000_000) -> Analysis:
    """A ~1 MB text with a claim, a claimer and an entity mention in every sentence."""
    sentence = "Peskov said that Japan has chosen to follow the West. "
    n = target_chars // len(sentence) + 1
    text = sentence * n
    claims, mentions = [], []
    for i in range(n):
        base = i * len(sentence)
        claims.append(
            Claim(
                text="Japan has chosen to follow the West",
                start=base + 17,
                end=base + 52,
                statement="Japan has chosen to follow the West",
                claimer=Attribution(text="Peskov", start=base, end=base + 6),
                entity_ids=["COUNTRY:JPN"],
                verdict="fact",
                verdict_score=0.9,
                stances=[Stance(target="COUNTRY:JPN", label="neutral", score=0.7)],
            )
        )
        mentions.append(Mention(text="Japan", start=base + 17, end=base + 22))
    entity = Entity(id="COUNTRY:JPN", label="COUNTRY", name="Japan", mentions=mentions)
    return Analysis(text=text, claims=claims, entities=[entity])
