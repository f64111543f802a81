"""Attribution frames inside one clause, found in the parse (:func:`find_attribution`): "with X saying ...",
"According to X, ...", "In X's view, ...", "As X said, ...", "X said that ...", "UPMC released a statement
saying ...", a verb of saying next to a quotation, and a speaker and verb opening the clause on the surface.
Each finder returns the frame's token indices, the claimer span, the cue and the name of the rule (recorded as the
claim's ``span._.claimer_rule``, see :data:`FRAME_RULES`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from spacy.tokens import Span, Token

from claimscope.claims.clauses import (
    _is_saying_participle,
    _participle_content_start,
    _quoting_participle,
    _with_participle,
)
from claimscope.claims.holders import adjective_over_clause
from claimscope.claims.nonclaims import FINITE_VERB_TAGS
from claimscope.claims.patterns import FramePatterns, Match, frame_patterns
from claimscope.claims.tokens import (
    _between_nouns,
    _has_subject,
    _is_cue,
    _is_edge,
    _is_lost_comma,
    _is_speaker_word,
    _next_word,
    _subject_of,
    _subtree_span,
    _with_adjacent_commas,
    complement_after_time,
    has_clause_core,
    is_boundary,
    is_quote_like,
    trim_content,
)
from claimscope.claims.words import (
    BOUNDARY_PUNCT,
    CUE_VERBS,
    MAX_FRAME_TAIL,
    MAX_SPEAKER_WORDS,
    NON_CONTENT_OPENERS,
    RELATIVE_TAGS,
    SAID_FORMS,
    SUBJECT_DEPS,
    SURFACE_CUES,
    TIME_WORDS,
)
from claimscope.resources import derived, words

VIEW_NOUNS = frozenset({"view", "opinion", "words", "assessment", "estimation", "judgment", "judgement"})

MAX_QUOTE_GAP = 3  # words between a quote and its frame's subject head ('"...," the Kremlin spokesman said')


@dataclass
class ClauseParts:
    """One clause of a sentence: the claim's content tokens and, if any, its attribution frame."""

    content: list[Token]
    frame: list[Token] = field(default_factory=list)
    claimer: Span | None = None
    cue: str | None = None
    shared_subject: Span | None = None  # re-attached in the claim's statement
    claimer_rule: str | None = None  # the rule that found the claimer (``span._.claimer_rule``)


def find_attribution(
    clause: Span,
    shared_subject: Span | None = None,
    quotes: Sequence[tuple[int, int]] = (),
    patterns: FramePatterns | None = None,
) -> ClauseParts:
    """Separate the attribution frame (if any) from the content of ``clause``.

    ``shared_subject`` is the subject of an earlier predicate this clause shares ("Peskov said X and warned
    that Y": "Peskov" for "warned that Y"). ``quotes`` are the Doc's quoted token ranges
    (:func:`claimscope.claims.quotes.quote_regions`): when the parse gives no frame, a cue verb with its subject next
    to a quote ('"We got stuck," Clapton says') makes the quote the content. ``patterns`` are the frame patterns
    compiled for the clause's vocab (:func:`claimscope.claims.patterns.compile_patterns`); by default the shipped
    ``resources/patterns/clause_frames.json``.
    """
    inside = set(range(clause.start, clause.end))
    if shared_subject is None:
        shared_subject = _conjoined_subject(clause, inside)
    else:
        shared_subject = _speaker_of_reported_content(clause, inside) or shared_subject
    finders: tuple[Callable[..., Found | None], ...] = (
        _with_frame,
        _quoting_frame,
        _according_to,
        _in_view_of,
        _as_frame,
        _reporting_verb,
        _participle_frame,
        _quote_frame,
        _initial_surface_frame,
        _fronted_verb_frame,
        _set_off_participle_frame,
    )
    for finder in finders:
        if finder is _quote_frame:
            found = _quote_frame(clause, inside, quotes)
        elif finder in PATTERN_FINDERS:
            found = finder(clause, inside, patterns)
        else:
            found = finder(clause, inside)
        if found is None and finder is _reporting_verb and shared_subject is not None:
            found = _reporting_verb(clause, inside, shared_subject)
        if found is None and finder is _initial_surface_frame and shared_subject is not None:
            found = _initial_surface_frame(clause, inside, shared_subject)
        if found is not None:
            frame, claimer, cue, rule = found
            frame = _with_adjacent_commas(clause, frame)
            content = [t for t in clause if t.i not in frame]
            if trim_content(content):
                return ClauseParts(
                    content=trim_content(content),
                    frame=[clause.doc[i] for i in sorted(frame)],
                    claimer=claimer,
                    cue=cue,
                    claimer_rule=rule,
                )
    return ClauseParts(content=trim_content(list(clause)))


def _conjoined_subject(clause: Span, inside: set[int]) -> Span | None:
    """ "Prosecutors said X, and warned that Y": for a clause cut off at "and"/"but" whose verb of saying is
    conjoined to an earlier verb and has no subject of its own, the earlier verb's subject (the subject of the
    verb of saying whose content that earlier verb heads, when it does)."""
    for verb in _heads(clause, inside):
        if verb.dep_ != "conj" or verb.lemma_ not in CUE_VERBS or _has_subject(verb, range(clause.start, clause.end)):
            continue
        head = _reporting_head(verb.head)
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < head.i), None)
        if subject is not None and head.i < clause.start:
            return _subtree_span(subject, range(subject.left_edge.i, subject.right_edge.i + 1))
    return None


def _reporting_head(head: Token) -> Token:
    """The verb of saying whose content ``head`` heads, if any, else ``head``: "Peskov said the talks had failed
    and added that ...", where the parse hangs "added" on "failed", is added by the one who said it."""
    if head.dep_ == "ccomp" and head.head.lemma_ in CUE_VERBS and head.head.i < head.i:
        return head.head
    return head


def _speaker_of_reported_content(clause: Span, inside: set[int]) -> Span | None:
    """The subject of "said" for a clause whose verb of saying the parse conjoined to the content of "said"
    (see :func:`_reporting_head`); None otherwise."""
    verbs = [v for v in _heads(clause, inside) if v.dep_ == "conj" and v.lemma_ in CUE_VERBS]
    if verbs and _reporting_head(verbs[0].head).i != verbs[0].head.i:
        return _conjoined_subject(clause, inside)
    return None


# -- frame finders: each returns (frame token indices, claimer span, cue, rule name) or None --------------------
Found = tuple[set[int], Span | None, str | None, str]

# The names of the rules of this module's finders, as recorded in ``span._.claimer_rule`` (the frames found on the
# surface of a whole sentence have theirs in :mod:`.sentence_frames`).
FRAME_RULES = {
    "with_x_saying": "with X saying ... (_with_frame)",
    "quoting_participle": "..., writing: <quote>: the subject of the clause before (_quoting_frame)",
    "clause_according_to": "according to X, inside a clause (_according_to)",
    "in_view_of": "In X's view / in the opinion of X (_in_view_of)",
    "as_x_said": "As X said, ... (_as_frame)",
    "x_said_that": "X said (that) ...: a verb of saying and its clausal complement in the parse (_reporting_verb)",
    "x_said_misparse": "X said ... whose complement the parser took for an object or a relative clause",
    "made_clear": "X made it clear that ...",
    "x_is_sure_that": "X is convinced / afraid / confident that ...: a belief or fear said with an adjective (F1a)",
    "said_by_x": "It was reported by X that ...: the agent of the passive",
    "parenthetical_x_said": "Russia, Peskov said, will respond: a parataxis in the parse",
    "conjoined_subject": "X said A and warned that B: the subject of the earlier verb of saying",
    "saying_participle": "UPMC released a statement saying that ... (_participle_frame)",
    "clause_quote_frame": "a verb of saying and its subject next to a quotation, in the parse (_quote_frame)",
    "x_said_surface": "Trump announced  he would ...: speaker and verb opening the clause (_initial_surface_frame)",
    "set_off_participle": "Wray   testifying before ...   said that ... (_set_off_participle_frame)",
    "said_x_colon": 'Said Ellis: "I ...": the verb before its speaker, opening the clause (_fronted_verb_frame)',
}


def _with_frame(clause: Span, inside: set[int]) -> Found | None:
    """ "with team President Art Rooney saying ..." at the start of the clause."""
    first = next((t for t in clause if not (t.is_space or t.is_punct)), None)
    if first is None or first.lower_ != "with":
        return None
    found = _with_participle(clause, first)
    if found is None:
        return None
    speaker, verb = found
    frame = set(range(first.i, verb.i + 1))
    return frame, speaker, verb.text, "with_x_saying"


def _quoting_frame(clause: Span, inside: set[int]) -> Found | None:
    """'writing: "We were ..."' at the start of a clause cut off an earlier one (:func:`_quoting_participle`):
    the speaker is the subject of the clause before."""
    first = next((t for t in clause if not (t.is_space or t.is_punct)), None)
    if first is None or not _is_saying_participle(first) or first.i == clause.sent.start:
        return None
    sent = clause.sent
    speaker = _quoting_participle(sent.doc[sent.start : clause.end], first)
    if speaker is None:
        return None
    i = _participle_content_start(first, clause.end)
    speaker_span = _subtree_span(speaker, range(sent.start, first.i))
    return set(range(clause.start, i)), speaker_span, first.text, "quoting_participle"


# The frames whose structure a DependencyMatcher pattern states, as data (resources/patterns/clause_frames.json,
# :mod:`.patterns`): the patterns find the cue and its speaker in the parse; the code below keeps what patterns
# cannot state: which match comes first in the clause and which speaker is the first, the clause's bounds, and the
# frame's span.
PATTERN_LISTS = {"CUE_VERBS": CUE_VERBS, "VIEW_NOUNS": VIEW_NOUNS}  # the word lists the patterns name ("$CUE_VERBS")


def _frame_matches(clause: Span, rule: str, patterns: FramePatterns | None, node: str) -> list[list[Match]]:
    """The matches of ``rule``'s patterns in the clause's Doc, grouped by the token of the node ``node`` (the
    token the rule's loop walks the clause for), those groups in the order of that token in the Doc."""
    if patterns is None:
        patterns = frame_patterns(clause.doc.vocab, PATTERN_LISTS)
    groups: dict[int, list[Match]] = {}
    for match in patterns.matches(clause.doc, rule):
        groups.setdefault(match[node].i, []).append(match)
    return [groups[i] for i in sorted(groups)]


def _first(tokens: Iterable[Token]) -> Token | None:
    return min(tokens, key=lambda t: t.i, default=None)


def _according_to(clause: Span, inside: set[int], patterns: FramePatterns | None = None) -> Found | None:
    """ "according to X" inside the clause; None at the first "according to" without an object in the clause."""
    for group in _frame_matches(clause, "clause_according_to", patterns, "according"):
        according, to = group[0]["according"], group[0]["to"]
        if according.i not in inside or to.i not in inside:
            continue
        if _in_reported_content(according, inside):
            return None  # "X said that according to its analysis, Y": X's frame holds the clause
        speaker = _first(m["speaker"] for m in group if "speaker" in m and m["speaker"].i in inside)
        if speaker is None:
            return None
        claimer = _subtree_span(speaker, inside)
        frame = set(range(according.i, claimer.end)) | _source_description(clause, claimer.end, inside)
        return frame, claimer, "according to", "clause_according_to"
    return None


def _in_reported_content(token: Token, inside: set[int]) -> bool:
    """True when ``token`` lies in the content of a verb of saying whose subject is in the clause."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "ccomp" and ancestor.head.lemma_ in CUE_VERBS and ancestor.head.i in inside:
            return any(c.dep_ in ("nsubj", "nsubjpass") and c.i in inside for c in ancestor.head.children)
    return False


MAX_SOURCE_DESCRIPTION = 6  # words of a participle phrase after "according to X" that describe X


def _source_description(clause: Span, start: int, inside: set[int]) -> set[int]:
    """The rest of the clause after "according to X" when it is a short participle phrase describing X ("according
    to a newly uncovered email previously kept secret"), which the parse may hang elsewhere; else nothing."""
    rest = [clause.doc[i] for i in range(start, clause.end) if i in inside]
    words = [t for t in rest if not (t.is_space or t.is_punct)]
    if not words or len(words) > MAX_SOURCE_DESCRIPTION:
        return set()
    participle = next((t for t in words if t.tag_.startswith("VB")), None)
    if participle is None or participle.tag_ not in ("VBN", "VBG", "VBD"):  # "kept" may be tagged VBD
        return set()
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in participle.children):
        return set()
    if any(t.dep_ in ("nsubj", "nsubjpass") or t.tag_ in ("VBZ", "VBP", "MD") for t in words):
        return set()
    if any(t.tag_ not in ("RB", "RP") for t in words[: words.index(participle)]):
        return set()  # only adverbs before the participle: "previously kept secret", "released Monday"
    return {t.i for t in rest}


def _in_view_of(clause: Span, inside: set[int], patterns: FramePatterns | None = None) -> Found | None:
    """ "In X's view", "in the opinion of X"; None at the first view noun under "in" that names no speaker."""
    for group in _frame_matches(clause, "in_view_of", patterns, "view"):
        view, head = group[0]["view"], group[0]["in"]
        if view.i not in inside or head.i not in inside:
            continue
        speaker = _first(m["possessor"] for m in group if "possessor" in m)
        if speaker is None:  # the object of the view noun's first "of"
            of = _first(m["of"] for m in group if "of" in m)
            speaker = _first(m["object"] for m in group if "object" in m and of is not None and m["of"].i == of.i)
        if speaker is None:
            return None
        frame = {i for i in range(head.left_edge.i, head.right_edge.i + 1) if i in inside}
        return frame, _subtree_span(speaker, inside), f"in {view.lower_} of", "in_view_of"
    return None


def _as_frame(clause: Span, inside: set[int], patterns: FramePatterns | None = None) -> Found | None:
    """ "As X said, ...": the first "as" of a verb of saying with a subject in the clause, outside a complement."""
    for group in _frame_matches(clause, "as_x_said", patterns, "as"):
        verb = group[0]["verb"]
        if group[0]["as"].i not in inside or verb.i not in inside:
            continue
        subject = _first(m["subject"] for m in group if m["subject"].i in inside)
        if subject is None or _in_complement(verb, inside):
            continue
        frame = {i for i in range(verb.left_edge.i, verb.right_edge.i + 1) if i in inside}
        frame -= _swallowed_main_clause(clause, verb, frame)
        return frame, _subtree_span(subject, inside), _cue(verb, inside), "as_x_said"
    return None


PATTERN_FINDERS = (_according_to, _in_view_of, _as_frame)  # the finders that read clause_frames.json


def _in_complement(token: Token, inside: set[int]) -> bool:
    """True when ``token`` sits in a clausal complement within the clause: the "as" frame of "It's true that, as
    X said, ..." or "He said that, as X noted, ..." is inside a claim (the author's, or another speaker's) and
    attributes nothing of its own (F2)."""
    while token.head.i != token.i and token.head.i in inside:
        if token.dep_ == "ccomp":
            return True
        token = token.head
    return False


def _swallowed_main_clause(clause: Span, verb: Token, frame: set[int]) -> set[int]:
    """ "One night  as Lewis later told West Point investigators  she came back to her room": the parser made the
    main clause the complement of the "as" frame's verb. When the words outside the frame hold no clause, a
    complement with its own subject after the verb (no "that") is the content; else nothing."""
    rest = [t for t in clause if t.i not in frame and not (t.is_space or t.is_punct)]
    if any(t.tag_ in FINITE_VERB_TAGS or t.pos_ in ("VERB", "AUX") for t in rest):
        return set()
    complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if complement is None or any(c.lower_ == "that" and c.dep_ == "mark" for c in complement.children):
        return set()
    content = clause.doc[complement.left_edge.i : complement.right_edge.i + 1]
    if not has_clause_core(content):
        return set()
    return {t.i for t in content}


def _reporting_verb(clause: Span, inside: set[int], shared_subject: Span | None = None) -> Found | None:
    for verb in _heads(clause, inside):
        if _after_possessive(verb):
            continue
        speaker_start = None
        inner = _cue_after_turned(verb, inside)
        if inner is not None:  # "Koch brothers executive turned White House staffer Marc Short told NBC that ..."
            speaker_start, verb = cast(Token, _subject_of(verb, inside)).left_edge.i, inner
        subject = _subject_of(verb, inside)
        name = _name_taken_for_modal(verb, inside)
        if subject is None and shared_subject is None and name is None:
            continue
        claimer = _subtree_span(subject, inside) if subject is not None else shared_subject
        conjoined = subject is None and name is None  # the claimer is the subject shared with an earlier verb
        if speaker_start is not None:
            claimer = verb.doc[speaker_start : cast(Span, claimer).end]
        if name is not None and (claimer is None or subject is None or claimer.end <= name.start):
            # "May said ...", "Prime Minister Theresa May said ...": the name the tagger read as a modal
            claimer = name if subject is None or claimer.end < name.start else verb.doc[claimer.start : name.end]  # type: ignore[union-attr]
        passive = subject is not None and subject.lower_ == "it" and subject.dep_ == "nsubjpass"
        if passive:
            claimer = _passive_agent(verb, inside)  # "It was reported by the BBC that ..."
            if claimer is None:
                continue  # "It's been said that he ...": no speaker to name, one author claim
        clear = _made_clear(verb, inside)
        if clear is not None:  # "Musk made it clear that he wants ..."
            content = {i for i in range(clear.left_edge.i, clear.right_edge.i + 1) if i in inside}
            rule = "conjoined_subject" if conjoined else "said_by_x" if passive else "made_clear"
            return set(inside) - content, claimer, _cue(verb, inside) + " clear", rule
        belief = _belief_adjective(verb, inside)
        if belief is not None and claimer is not None:  # "Many Democrats are afraid that ..."
            adjective, clause_head = belief
            content = {i for i in range(clause_head.left_edge.i, clause_head.right_edge.i + 1) if i in inside}
            rule = "conjoined_subject" if conjoined else "x_is_sure_that"
            return set(inside) - content, claimer, f"{verb.text} {adjective.text}", rule
        if verb.lemma_ not in CUE_VERBS:
            continue
        complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i in inside), None)
        if claimer is not None and _speaker_taken_for_complement(complement, verb, subject):
            # "Goldman executive turned White House staffer Marc Short said ...": the start of the speaker
            claimer = verb.doc[cast(Token, complement).left_edge.i : claimer.end]
            complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i in inside and c.i > verb.i), None)
        if complement is None:
            start = (
                _misparsed_object(verb, inside)
                or _misparsed_told_clause(verb, inside)
                or _that_after_adjunct(verb, inside)
            )
            if start is not None:  # "Robinson said Jeremiah, who ..., loved basketball" parsed as said + object
                rule = "conjoined_subject" if conjoined else "said_by_x" if passive else "x_said_misparse"
                return {i for i in inside if i < start}, claimer, _cue(verb, inside), rule
            continue
        if not _attributes(verb, complement) or _runs_into_speaker(complement, verb, subject):
            continue
        start = complement_after_time(verb, complement)  # "said on Monday it would ...": the date is the frame's
        content = {i for i in range(start, complement.right_edge.i + 1) if i in inside}
        content |= _cut_by_mojibake(clause.doc, max(content), inside)
        first = clause.doc[min(content)]
        if first.lower_ == "that" and _next_word(first).dep_ in SUBJECT_DEPS:
            content.discard(first.i)  # "that" misparsed as a pronoun: "told The Post that he served ..."
        rule = "conjoined_subject" if conjoined else "said_by_x" if passive else "x_said_that"
        return set(inside) - content, claimer, _cue(verb, inside), rule
    if shared_subject is not None:
        return None
    for token in clause:  # "Russia, Peskov said, will respond." / "..., Peskov said."
        if token.dep_ == "parataxis" and token.lemma_ in CUE_VERBS and token.head.i in inside:
            subject = _subject_of(token, inside)
            if subject is not None:
                frame = {i for i in range(token.left_edge.i, token.right_edge.i + 1) if i in inside}
                return frame, _subtree_span(subject, inside), _cue(token, inside), "parenthetical_x_said"
    return None


def _cue_after_turned(verb: Token, inside: set[int]) -> Token | None:
    """The verb of saying when the parser made "turned" between two nouns the main verb ("executive turned White
    House staffer Marc Short told NBC that ..."): a complement of "turned" whose subject starts right after it."""
    if verb.lower_ != "turned" or not _between_nouns(verb) or _subject_of(verb, inside) is None:
        return None
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i in inside and child.lemma_ in CUE_VERBS:
            subject = _subject_of(child, inside)
            if subject is not None and subject.left_edge.i == verb.i + 1:
                return child
    return None


def _speaker_taken_for_complement(complement: Token | None, verb: Token, subject: Token | None) -> bool:
    """True when the parser took the start of the speaker for a complement before the verb: "turned" between
    two nouns ("executive turned White House staffer Marc Short said"), running straight into the subject."""
    if complement is None or subject is None or complement.lower_ != "turned" or not complement.i < subject.i < verb.i:
        return False
    words = [t for t in complement.doc[complement.left_edge.i : complement.right_edge.i + 1] if not t.is_space]
    return complement.right_edge.i + 1 == subject.left_edge.i and all(_is_speaker_word(t) for t in words)


def _name_taken_for_modal(verb: Token, inside: set[int]) -> Span | None:
    """ "May said  Green 's behavior fell short ...", "May reportedly told  Trump  ...": a capitalised "May" that
    the tagger took for the modal of a past or present-tense verb (which no modal can govern), or that is tagged
    as a person, is the speaker's name; the span runs back over the proper nouns before it ("Theresa May")."""
    doc = verb.doc
    may = next((c for c in verb.children if c.dep_ == "aux" and c.text == "May" and c.i < verb.i), None)
    if may is None or may.i not in inside:
        return None
    if verb.tag_ not in ("VBD", "VBZ") and may.ent_type_ not in ("PERSON", "OFFICIAL"):
        return None
    if any(not (t.is_space or t.tag_ == "RB") for t in doc[may.i + 1 : verb.i]):
        return None
    start = may.i
    while start - 1 in inside and doc[start - 1].tag_ in ("NNP", "NNPS") and not doc[start - 1].is_space:
        start -= 1
    return doc[start : may.i + 1]


def _passive_agent(verb: Token, inside: set[int]) -> Span | None:
    """The "by" phrase's noun of a passive verb ("reported by the BBC"), or None."""
    agent = next((c for c in verb.children if c.dep_ == "agent" and c.i in inside), None)
    noun = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return _subtree_span(noun, inside) if noun is not None else None


def _runs_into_speaker(complement: Token, verb: Token, subject: Token | None) -> bool:
    """True for a complement before the verb that runs straight into the speaker, with no comma, quote, dash or
    lost comma between them: "In a statement his office released late Saturday  Rubio said the staffer ..." is
    a misparse, not a fronted quotation ("Russia will respond, Peskov said")."""
    if complement.i > verb.i:
        return False
    doc = verb.doc
    speaker_start = subject.left_edge.i if subject is not None and subject.i < verb.i else verb.i
    words = [i for i in range(complement.left_edge.i, complement.right_edge.i + 1) if not _is_edge(doc[i])]
    if not words or words[-1] >= speaker_start:
        return False
    return not any(is_boundary(t) or t.is_punct for t in doc[words[-1] + 1 : speaker_start])


def _cut_by_mojibake(doc, last: int, inside: set[int]) -> set[int]:
    """The rest of a phrase the parse cut off at a word with a mojibake apostrophe ("it was the offensive
    lineâ€™s best performance": the tagger takes "lineâ€™s" for a number and hangs it elsewhere), up to the next
    boundary; empty when the complement ends at a boundary or an ordinary word."""
    i = last + 1
    if i not in inside or "\u00e2\u0080" not in doc[i].text or is_quote_like(doc[i]):
        return set()
    found = set()
    while i in inside and not (doc[i].is_space or doc[i].is_punct or is_quote_like(doc[i])):
        found.add(i)
        i += 1
    return found


def _made_clear(verb: Token, inside: set[int]) -> Token | None:
    """The clause of "made (it) clear (that) ...", a frame of saying; None for any other verb."""
    if verb.lemma_ != "make" or any(c.dep_ == "neg" for c in verb.children):
        return None
    clear = next((c for c in verb.children if c.lower_ == "clear" and c.i in inside), None)
    if clear is None:
        return None
    for head in (clear, verb):
        for c in head.children:
            if c.dep_ in ("ccomp", "advcl") and c.i in inside and c.i > clear.i:
                if any(m.lower_ == "that" for m in c.children):
                    return c
                own_subject = any(m.dep_ in ("nsubj", "nsubjpass") for m in c.children)
                if own_subject and not any(m.dep_ == "mark" or m.tag_ == "WRB" for m in c.children):
                    return c  # "made it clear he had major misgivings": a clause with its own subject, no "if"
    return None


# Adjectives that hold a belief or fear over a "that" clause (guide F1a): "X is convinced that ..." is a frame
BELIEF_ADJECTIVES = frozenset(
    """afraid worried concerned convinced confident hopeful certain sure optimistic pessimistic skeptical sceptical
    doubtful adamant fearful insistent""".split()
)


def _belief_adjective(verb: Token, inside: set[int]) -> tuple[Token, Token] | None:
    """The adjective and the clause of "X is afraid that ..." / "X is convinced (that) ..."."""
    return adjective_over_clause(verb, BELIEF_ADJECTIVES, "ccomp", inside)


# Nouns that "say" really takes as its object ("said nothing", "said a prayer"); any other object of "say" with
# words after it is a misparsed complement clause whose subject was taken for the object.
SAY_OBJECTS = words("say_objects")


def _misparsed_object(verb: Token, inside: set[int]) -> int | None:
    """ "He says fossil fuels ... foster development": "say" with a noun object and no complement clause. The
    start of the real complement (the object's first token), or None."""
    if verb.lemma_ != "say" or verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ == "neg" for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i in inside and c.i > verb.i), None)
    if obj is None or obj.tag_ in ("PRP", "DT", "WP", "WDT", "EX") or obj.lemma_.lower() in SAY_OBJECTS:
        return None
    if obj.lower_ in TIME_WORDS or _next_word(verb).is_punct:
        return None  # "said Monday"; "said, ..." (a comma after the verb)
    start = obj.left_edge.i
    words = [t for t in verb.doc[start : max(inside) + 1] if not (t.is_space or t.is_punct)]
    if len(words) < 4:
        return None
    # a verb after the object, or a verb conjoined to "say" that does not agree with its subject ("He says
    # fossil fuels ... and are an important asset": the tagger took "foster" for an adjective)
    verbs = [t for t in words[1:] if t.pos_ in ("VERB", "AUX") or t.tag_ in FINITE_VERB_TAGS]
    disagrees = verb.tag_ == "VBZ" and any(c.dep_ == "conj" and c.tag_ == "VBP" for c in verb.children)
    return start if verbs or disagrees else None


def _misparsed_told_clause(verb: Token, inside: set[int]) -> int | None:
    """ "Lucia Evans told the magazine she was forced to ...": "tell" whose addressee the parser gave the
    complement as a relative clause (no relative pronoun, a subject of its own right after the addressee). The
    start of the complement, or None."""
    if verb.lemma_ != "tell" or verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ == "neg" for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i in inside and c.i > verb.i), None)
    clause = next((c for c in obj.children if c.dep_ == "relcl" and c.i > obj.i), None) if obj is not None else None
    if clause is None or any(c.tag_ in RELATIVE_TAGS or c.lower_ == "that" for c in clause.children):
        return None
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < clause.i), None)
    if subject is None or any(not t.is_space for t in verb.doc[cast(Token, obj).i + 1 : subject.left_edge.i]):
        return None
    return subject.left_edge.i


def _that_after_adjunct(verb: Token, inside: set[int]) -> int | None:
    """ "Trump  in January said for the first time that  he  might seek ...", "told Middle East leaders Tuesday
    that  he  plans ...": after a short adjunct (or the addressee of "tell") the parser took "that" for a relative
    pronoun and the complement for a relative clause, or hung the complement on a participle of a longer adjunct
    ("wrote in the document made public on Friday that they were ..."). The start of the complement (past
    "that"), or None."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ == "neg" for c in verb.children):
        return None
    doc = verb.doc
    words = [t for t in doc[verb.i + 1 : max(inside) + 1] if not t.is_space][: 2 * MAX_FRAME_TAIL + 1]
    that = next((t for t in words if t.lower_ == "that"), None)
    if that is None or that.i == words[0].i:
        return None  # "said that ..." right after the verb is the parse's business
    between = [t for t in words if t.i < that.i]
    participles = [t for t in between if _modifies_adjunct_noun(t, between)]
    if any(t.is_punct or t.tag_ in RELATIVE_TAGS for t in between):
        return None
    if any(t.tag_.startswith(("VB", "MD")) for t in between if t not in participles):
        return None
    hung_on = [t for t in participles if t.dep_ == "acl"]  # a participle the parser may hang the complement on
    if len(between) > MAX_FRAME_TAIL and not hung_on:
        return None
    if verb.lemma_ != "tell" and any(t.dep_ == "dobj" and t.head.i == verb.i for t in between):
        return None  # "said the thing that he wanted": a real relative clause of the object
    first = _next_word(that)  # the subject, or the first word of its noun phrase ("that Mueller's probe has")
    subject = next((t for t in [first, *first.ancestors] if t.dep_ in ("nsubj", "nsubjpass")), first)
    if subject.dep_ not in ("nsubj", "nsubjpass") or subject.tag_ == "WDT" or subject.left_edge.i != first.i:
        return None
    clause = subject.head
    if clause.dep_ not in ("relcl", "ccomp", "acl") or not has_clause_core(doc[that.i + 1 : max(inside) + 1]):
        return None
    if clause.dep_ == "acl" and clause.head.lemma_ in CONTENT_NOUNS and clause.head.i == between[-1].i:
        return None  # "pointed to the fact that its appointees included ...": the complement of a noun
    if hung_on and clause.head not in hung_on:
        return None  # past a participle's clause only when the parser hung the complement on it
    return that.i + 1


# Nouns whose "that" clause is their own complement ("the fact that ..."), unlike the medium of a frame's adjunct
# ("told ABC News in a statement that ...").
CONTENT_NOUNS = words("content_nouns")


def _modifies_adjunct_noun(token: Token, between: list[Token]) -> bool:
    """A participle that modifies a noun of the frame's adjunct ("wrote in the redacted document made public on
    Friday that ...", "tells The Times in an interview posted Thursday night that ...")."""
    if token.head.i == token.i or token.head not in between or not token.head.tag_.startswith("NN"):
        return False
    return (token.dep_ == "acl" and token.tag_ in ("VBN", "VBD")) or (token.dep_ == "amod" and token.tag_ == "VBN")


def _after_possessive(verb: Token) -> bool:
    """ "Douthat's suggested regime": a participle after a possessive modifies a noun; it is no frame."""
    return verb.i > 0 and verb.doc[verb.i - 1].tag_ in ("POS", "PRP$")


def _words_between(doc, start: int, end: int) -> int:
    """Words (not spaces or punctuation) in ``doc[start:end]``; a large number when the range is reversed."""
    if end < start:
        return 10**6
    return sum(1 for t in doc[start:end] if not (t.is_space or t.is_punct))


def _participle_frame(clause: Span, inside: set[int]) -> Found | None:
    """ "UPMC released a statement saying that X", "Peskov spoke to reporters, saying X"."""
    for verb in clause:
        if verb.tag_ != "VBG" or verb.lemma_ not in CUE_VERBS or verb.dep_ not in ("acl", "advcl", "xcomp"):
            continue
        complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i in inside), None)
        if complement is None or not _attributes(verb, complement):
            continue
        governor = verb.head
        if verb.dep_ == "acl" and governor.dep_ in ("dobj", "pobj") and governor.head.i in inside:
            governor = governor.head if governor.dep_ == "dobj" else governor.head.head
        subject = _subject_of(governor, inside) if governor.i in inside else None
        if subject is None:
            continue
        content = {i for i in range(complement.left_edge.i, complement.right_edge.i + 1) if i in inside}
        return inside - content, _subtree_span(subject, inside), _cue(verb, inside), "saying_participle"
    return None


def _quote_frame(clause: Span, inside: set[int], quotes: Sequence[tuple[int, int]]) -> Found | None:
    regions = [(max(a, clause.start), min(b, clause.end)) for a, b in quotes if a < clause.end and b > clause.start]
    if not regions:
        return None
    quoted = {i for a, b in regions for i in range(a, b)}
    for verb in clause:
        if not _is_cue(verb, CUE_VERBS) or verb.i in quoted or verb.tag_ not in FINITE_VERB_TAGS:
            continue
        if any(c.dep_ == "mark" for c in verb.children) or verb.dep_ == "relcl":
            continue  # '... "has defined our lives" and that her daughter still fears ...': a clause, no frame
        subject = _subject_of(verb, inside)
        if subject is None or subject.i in quoted:
            continue
        frame_start, frame_end = min(subject.i, verb.i), max(subject.i, verb.i) + 1
        start, end = min(regions, key=lambda r: min(abs(r[0] - frame_end), abs(r[1] - frame_start)))
        if _words_between(clause.doc, end, frame_start) > MAX_QUOTE_GAP and (
            _words_between(clause.doc, frame_end, start - 1) > MAX_QUOTE_GAP
        ):
            continue  # the quote is not next to the frame: '"Revolvers", under the regime he suggested
        content = set(range(start, end))
        claimer = _subtree_span(subject, inside - quoted)
        return inside - content, claimer, _cue(verb, inside), "clause_quote_frame"
    return None


def _initial_surface_frame(clause: Span, inside: set[int], shared_subject: Span | None = None) -> Found | None:
    """ "Trump  announced in December 2016  he  would close the foundation", "She told me that ...": a speaker
    and a verb of saying opening the clause, then at most a short tail ("me", "in a statement") up to "that" or
    a boundary, then a whole clause; found on the surface when the parse has no complement for the verb."""
    doc = clause.doc
    words = [t for t in clause if not t.is_space]
    verb_at = next((k for k, t in enumerate(words[: MAX_SPEAKER_WORDS + 3]) if _surface_cue(t)), None)
    if verb_at is None or words[verb_at].tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG"):
        return None
    verb, speaker_words = words[verb_at], words[:verb_at]
    # "Politifact then pointed out that", "Clinton is stressing that": adverbs and auxiliaries before the verb
    while speaker_words and _before_frame_verb(speaker_words[-1], verb):
        speaker_words.pop()
    if not speaker_words and shared_subject is None:
        return None  # "... and warned that ...": only with the subject it shares with an earlier predicate
    if verb.tag_ == "VBG" and not any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children):
        return None
    if len(speaker_words) > MAX_SPEAKER_WORDS or any(not _is_speaker_word(t) for t in speaker_words):
        return None
    if speaker_words and not any(t.tag_.startswith(("NN", "PRP")) and t.tag_ != "PRP$" for t in speaker_words):
        return None
    start = None
    for k, token in enumerate(_without_as_did(words[verb_at + 1 :])[: MAX_FRAME_TAIL + 1], start=verb_at + 1):
        if token.lower_ == "that":
            if any(t.lower_ == "to" for t in doc[verb.i + 1 : token.i]):
                return None  # "She was responding to a report that ...": the report's content, not hers
            start = token.i + 1
            break
        if k == verb_at + 1 and verb.lemma_ in SURFACE_CUES and _opens_subject(token):
            start = token.i  # "Republicans said the timing ... was not intentional; ...": a clause the parse split
            break
        if k > verb_at + 2 and token.lower_ in NOMINATIVE_PRONOUNS and doc[token.i - 1].tag_.startswith("NN"):
            start = token.i  # "Trump said after the convention he would ...": the clause's own subject
            break
        if token.tag_.startswith(("VB", "MD")) or token.is_punct and token.text not in BOUNDARY_PUNCT:
            break
        if k > verb_at + 1 and (
            token.text in BOUNDARY_PUNCT or doc[token.i - 1].is_space and _is_lost_comma(doc[token.i - 1])
        ):
            start = token.i + (token.text in BOUNDARY_PUNCT)
            break
    if start is None or not has_clause_core(doc[start : clause.end]):
        return None
    if verb.lemma_ not in SURFACE_CUES and doc[start - 1].lower_ != "that":
        return None  # "pointed out that": a verb that is a frame only before "that"
    first = next((t for t in doc[start : clause.end] if not t.is_space), None)
    if first is None or (doc[start - 1].lower_ != "that" and first.lower_ in NON_CONTENT_OPENERS):
        return None  # "..., which will cost ...": a relative or adverbial clause, no content
    tail = doc[verb.i + 1 : start]
    if verb.lemma_ != "tell" and any(t.dep_ == "dobj" and t.head.i == verb.i and t.tag_ != "PRP" for t in tail):
        return None  # "The company reported strong profits  analysts cheered": an object, no frame
    speaker = doc[speaker_words[0].i : speaker_words[-1].i + 1] if speaker_words else shared_subject
    rule = "x_said_surface" if speaker_words else "conjoined_subject"
    return set(range(clause.start, start)), speaker, verb.text, rule


def _without_as_did(after: list[Token]) -> list[Token]:
    """The words after a frame's verb without a comparison set off by commas ("cautioned, as did the campaign
    itself, that ...")."""
    if len(after) < 4 or after[0].text != "," or after[1].lower_ != "as" or after[2].lemma_ not in ("do", "have"):
        return after
    close = next((k for k, t in enumerate(after[3:], start=3) if t.text == ","), None)
    return after if close is None else after[close + 1 :]


def _fronted_verb_frame(clause: Span, inside: set[int]) -> Found | None:
    """'Said Ellis: "I don't get the sense ..."', "Says Smith, the talks are over": a verb of saying opens the
    clause, its speaker follows, then a colon or comma and a whole clause."""
    doc = clause.doc
    words = [t for t in clause if not t.is_space]
    if len(words) < 4 or words[0].lower_ not in SAID_FORMS:
        return None
    colon = next((k for k, t in enumerate(words[1 : MAX_SPEAKER_WORDS + 2], start=1) if t.text in (":", ",")), None)
    if colon is None or colon == 1 or any(not _is_speaker_word(t) for t in words[1:colon]):
        return None
    if not any(t.tag_.startswith("NN") for t in words[1:colon]):
        return None
    start = words[colon].i + 1
    if not has_clause_core(doc[start : clause.end]):
        return None
    speaker = doc[words[1].i : words[colon - 1].i + 1]
    return set(range(clause.start, start)), speaker, words[0].text, "said_x_colon"


NOMINATIVE_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})  # a clause's subject, never an object
# verbs of saying and thinking that make a frame on the surface only with "that" after them ("pointed out that",
# "hopes that")
THAT_ONLY_CUES = derived(lambda: CUE_VERBS - SURFACE_CUES - {"put", "hold"})


def _opens_subject(token: Token) -> bool:
    """True when ``token`` opens the subject of a later finite verb ("the timing of the news was ...")."""
    subject = token if token.dep_ in ("nsubj", "nsubjpass") else token.head
    if subject.dep_ not in ("nsubj", "nsubjpass") or subject.left_edge.i != token.i or token.tag_ == "WDT":
        return False
    return subject.head.i > subject.i and (
        subject.head.tag_ in FINITE_VERB_TAGS
        or any(c.dep_ == "aux" and c.tag_ in FINITE_VERB_TAGS or c.tag_ == "MD" for c in subject.head.children)
    )


def _surface_cue(token: Token) -> bool:
    """A verb that may open a frame on the surface: a surface cue, or a verb of :data:`THAT_ONLY_CUES`."""
    return token.tag_.startswith("VB") and (token.lemma_ in SURFACE_CUES or token.lemma_ in THAT_ONLY_CUES)


def _before_frame_verb(token: Token, verb: Token) -> bool:
    """An adverb ("then", "also") or an auxiliary ("is stressing", "has argued") between speaker and verb."""
    if token.tag_ == "RB" and token.dep_ == "advmod" and token.lower_ not in ("not", "n't", "never"):
        return True
    return token.dep_ == "aux" and token.head.i == verb.i and token.lemma_ in ("be", "have")


def _set_off_participle_frame(clause: Span, inside: set[int]) -> Found | None:
    """ "But Wray   testifying before the Senate Intelligence Committee   said that ...", "Yellen  asked last week
    whether ...  said she had not met ...": a speaker, a participial phrase set off by lost commas, then a verb of
    saying and a whole clause; the parser runs the phrase into the frame, so it is found on the surface."""
    doc = clause.doc
    words = [t for t in clause if not t.is_space]
    k = 0
    while k < len(words) and (words[k].is_punct or words[k].lower_ in ("but", "and", "yet", "so")):
        k += 1
    first = k
    while k < len(words) and _is_speaker_word(words[k]) and k - first < MAX_SPEAKER_WORDS:
        k += 1
    speaker_words = words[first:k]
    if not speaker_words or not any(t.tag_.startswith(("NN", "PRP")) and t.tag_ != "PRP$" for t in speaker_words):
        return None
    if k >= len(words) or not _is_lost_comma(doc[words[k].i - 1]):
        return None  # no lost comma before the participle
    participle = words[k]
    if participle.tag_ not in ("VBG", "VBN", "VBD") or not participle.lower_.endswith(("ing", "ed")):
        return None
    if participle.tag_ == "VBD" and participle.lemma_ in SURFACE_CUES:
        return None  # "Smith  said ...": the frame's own verb, no participle
    verb = next(
        (t for t in words[k + 1 : k + 2 + 2 * MAX_SPEAKER_WORDS] if t.i > 0 and _is_lost_comma(doc[t.i - 1])), None
    )
    if verb is None or verb.lemma_ not in SURFACE_CUES or verb.tag_ not in ("VBD", "VBZ"):
        return None
    if any(t.is_punct and t.text not in ("-", "'") for t in doc[participle.i : verb.i]):
        return None
    after = [t for t in doc[verb.i + 1 : clause.end] if not t.is_space]
    if not after:
        return None
    start = after[0].i + 1 if after[0].lower_ == "that" else after[0].i
    first_word = doc[start] if start < clause.end else None
    if first_word is None or (after[0].lower_ != "that" and first_word.lower_ in NON_CONTENT_OPENERS):
        return None
    if not has_clause_core(doc[start : clause.end]):
        return None
    speaker = doc[speaker_words[0].i : speaker_words[-1].i + 1]
    return set(range(clause.start, start)), speaker, verb.text, "set_off_participle"


WH_WORDS = words("wh_words")


def _attributes(verb: Token, complement: Token) -> bool:
    """False for frames that attribute nothing: negated ("did not say that"), embedded questions ("knew what
    he wanted"), and "put" without "it"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    if complement.left_edge.lower_ in WH_WORDS and not _opens_conditional(complement):
        return False
    return verb.lemma_ != "put" or any(c.lower_ == "it" for c in verb.children)


def _opens_conditional(complement: Token) -> bool:
    """True when the complement opens with the "if" of a conditional clause inside it ("says if no apology is
    made, he is ready to ..."), not with the "if" of an embedded question ("asked if she would ...")."""
    first = complement.left_edge
    return first.lower_ == "if" and first.dep_ == "mark" and first.head.dep_ == "advcl" and first.head != complement


def _heads(clause: Span, inside: set[int]) -> list[Token]:
    """The clause's top tokens (their head lies outside the clause, or they are the root)."""
    return [t for t in clause if t.head.i not in inside or t.head.i == t.i]


def _cue(verb: Token, inside: set[int]) -> str:
    parts = [c for c in verb.children if c.dep_ in ("aux", "neg") and c.i in inside and c.i < verb.i]
    parts = [c for c in parts if c.text != "May"]  # the name taken for a modal ("May said")
    parts.append(verb)
    parts += [c for c in verb.children if c.dep_ == "prt" and c.i in inside]
    if verb.lemma_ == "put":
        parts += [c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"]
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))
