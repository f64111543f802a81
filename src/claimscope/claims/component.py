"""``claimscope_claims``: claim spans with their claimer, modality and hedging in ``doc.spans["claims"]``.

Sentences that assert nothing (headings, section labels, source lines, disclaimers, bylines, photo credits and
captions, and a frame on its own after a quotation, "Maliki said in a speech.") give no claim and are listed in
``doc._.skipped``. Every other sentence gives at least one claim; see :mod:`.clauses` and :mod:`.attribution`
for the clause splitting and attribution rules and :mod:`.modality` for modality and hedging.

Each claim records the names of the rules that made it, for counting errors per rule
(:func:`claimscope.evaluation.rules.score_claims_by_rule`): ``span._.rule`` names the rule that cut its span out of
the sentence (:data:`CLAIM_RULES`) and ``span._.claimer_rule`` the rule that found its claimer
(:data:`CLAIMER_RULES`; ``"author"`` for a claim without one). They live on the Doc only, not in the Analysis.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimscope.claims.attribution import FRAME_RULES, ClauseParts, find_attribution
from claimscope.claims.clauses import PIECE_RULES, segment_sentence
from claimscope.claims.holders import HOLDER_RULE, attribute_reported_acts
from claimscope.claims.learned import DEFAULT_MIN_CONFIDENCE, TAGGER_RULE, LearnedClaimers
from claimscope.claims.modality import is_hedged, modality_of
from claimscope.claims.nonclaims import (
    FILE_LABEL,
    dateline_end,
    glued_sentence_start,
    has_finite_verb,
    is_caption,
    skip_reason,
    starts_line,
)
from claimscope.claims.quotes import quote_regions
from claimscope.claims.sentence_frames import (
    SENTENCE_FRAME_RULES,
    SIGNATURE_DASHES,
    SentenceFrame,
    attribution_line,
    dash_attribution_line,
    find_sentence_frame,
    signature_report,
    trailing_signature,
)
from claimscope.claims.tokens import is_quote_like, trim_content, trim_speaker
from claimscope.claims.words import CUE_VERBS, SAID_FORMS
from claimscope.errors import Warnings, warn
from claimscope.extensions import SPANS_KEY, install_extensions
from claimscope.models.artefacts import ATTRIBUTION, artefact_path, is_installed
from claimscope.resources import derived, extend_all
from claimscope.resources import words as word_list

AUTHOR_PRONOUNS = frozenset({"i", "we", "me", "us", "my", "our"})
ANONYMOUS_HEADS = frozenset(
    {
        "analyst", "expert", "observer", "view", "source", "critic", "commentator", "official", "diplomat",
        "scholar", "researcher", "economist", "insider", "people", "some", "many", "others", "report",
        "media", "outlet", "voice", "skeptic", "sceptic", "proponent", "supporter", "opponent",
        "spokesperson", "spokesman", "spokeswoman", "aide", "adviser", "advisor", "consultant", "person",
        "lawmaker", "employee", "staffer", "resident", "witness", "lawyer", "attorney", "member", "one",
    }
)  # fmt: skip

# The names ``span._.rule`` takes: the rule that cut the claim's span out of its sentence.
CLAIM_RULES = {
    **PIECE_RULES,
    "adding_that": "..., Smith said, adding that X: X, a claim of its own after the frame's participle",
}
# The names ``span._.claimer_rule`` takes: the rule that found the claim's claimer.
AUTHOR_RULE = "author"
CLAIMER_RULES = {
    **SENTENCE_FRAME_RULES,
    **FRAME_RULES,
    "inherited": "a reason clause, a predicate or a clause after 'and'/'but' inside an earlier piece's frame",
    "second_complement": "he said X but that Y: a second 'that' complement of the same frame",
    "speaker_label": "Peskov: <quote>: a speaker label on the line before a quotation",
    "transcript_label": "HIRSCH: ...: an upper-case speaker label of a transcript, to the end of the line",
    "headline_speaker": "Lavrov: the West ...: a person's name and a colon opening a line, to the end of the line",
    "attribution_line": "<quote>. AL.com reported.: a sentence that is only a frame, for the quotation before it",
    "block_introduction": "Limbaugh added: on a line of its own: the speaker of the paragraph after it",
    "signature_line": "<quote> ― Sonya Herridge: a dash and a name after a quotation, for the quotation before it",
    "quote_opened_by_verb": "Kelly called Porter <quote>: the subject of the verb that opens the quotation",
    "same_quote": "the claimer named for another sentence of the same quotation",
    "continued_quote": "a quoted sentence after a quoted sentence of the same paragraph: the same speaker",
    HOLDER_RULE: "Palmieri called on Trump to ...: the subject of a verb of a reported act or attitude (guide C4)",
    AUTHOR_RULE: "no claimer: the author's voice",
    TAGGER_RULE: "the learned attribution tagger, for a claim the rules left in the author's voice",
}


@Language.factory(
    "claimscope_claims",
    assigns=["doc.spans", "span._.claimer", "span._.statement", "span._.modality",
             "span._.hedged", "span._.rule", "span._.claimer_rule", "doc._.skipped"],
    requires=["token.dep", "token.tag", "doc.ents", "doc.sents"],
    default_config={"skip_captions": True, "extra_words": {}, "attribution_model": "default",
                    "attribution_min_confidence": DEFAULT_MIN_CONFIDENCE},
)  # fmt: skip
def make_claims(
    nlp: Language,
    name: str,
    skip_captions: bool,
    extra_words: dict[str, list[str]],
    attribution_model: str | None,
    attribution_min_confidence: float,
) -> ClaimSegmenter:
    """Create the claim segmentation component. With ``skip_captions`` (the default), a sentence that opens as a
    photo caption ("In this March 29, 2016, file photo, ...") is skipped as a ``caption`` instead of giving a
    claim: a caption describes a picture, it asserts nothing (CLAIMS_GUIDE.md); off, its description is a claim.

    ``extra_words`` maps word-list names (the stems of ``resources/words/*.txt``, such as ``"cue_verbs"``) to extra
    entries, added with :func:`claimscope.resources.extend_all`: process-wide, for every rule that reads the list
    (``config={"extra_words": {"cue_verbs": ["opine"]}}``). An unknown name raises E062.

    ``attribution_model`` (``"default"``: the shipped tagger; an artefact folder; or ``None``: rules alone) lets
    the learned attribution tagger give a claimer to the claims the rules leave in the author's voice, when it is
    confident enough; ``attribution_min_confidence`` raises its thresholds (:mod:`claimscope.claims.learned`).
    Without the shipped tagger, ``"default"`` warns (W012) and the rules work alone."""
    extend_all(extra_words)
    if attribution_model == "default" and not is_installed(artefact_path(ATTRIBUTION)):
        warn(Warnings.W012, path=artefact_path(ATTRIBUTION))
        attribution_model = None
    learned = LearnedClaimers(attribution_model, attribution_min_confidence) if attribution_model else None
    return ClaimSegmenter(skip_captions=skip_captions, learned=learned)


class ClaimSegmenter:
    """Finds the claims of a parsed Doc whose entities are already tagged."""

    def __init__(self, skip_captions: bool = True, learned: LearnedClaimers | None = None) -> None:
        install_extensions()
        self.skip_captions = skip_captions
        self.learned = learned

    def __call__(self, doc: Doc) -> Doc:
        claims: list[Span] = []
        skipped: list[dict[str, Any]] = []
        label_speaker: Span | None = None  # "Peskov:" on its own, before a quoted sentence
        transcript_speaker: Span | None = None  # "HIRSCH:" in a transcript: speaks to the end of the line
        line_rule = "transcript_label"  # or "headline_speaker": "Lavrov: the West ..." opening a line
        block_speaker: tuple[Span, str] | None = None  # "He said:" on its own line: speaks the next paragraph
        block_end = 0
        text = doc.text
        quotes = quote_regions(doc)
        quoted = {i for a, b in quotes for i in range(a, b)}
        replacements = _group_replacements(doc)
        previous: list[Span] = []  # the claims of the sentence before, for an attribution line after it
        quoted_run: list[Span] = []  # the claims of the wholly quoted sentences right before, in one paragraph
        for sent in self._sentences(doc):
            text_tokens = [t for t in sent if not t.is_space]
            if not text_tokens or all(t.is_punct for t in text_tokens):
                continue  # a stray quote mark or bullet the parser cut off on its own
            sent = _without_file_label(sent.doc[text_tokens[0].i : text_tokens[-1].i + 1])
            signed = trailing_signature(sent)  # '... this low?” ― Jacklyn Ashley'
            if signed is not None:
                sent = doc[sent.start : signed[2]]
            signature = dash_attribution_line(sent) if _after_closing_quote(sent, previous) else None
            if signature is not None:  # '"... our greatest shame." ― Sonya Herridge': of each quotation before
                _sign(quoted_run or previous, signature[0], signature[1], "signature_line")
                report = None if signature[2] else signature_report(sent, signature[0])
                if report is None:
                    skipped.append(_skip(sent, "attribution"))
                    previous, quoted_run, label_speaker = [], [], None
                    continue
                sent = report  # "— Actress Meryl Streep in a statement in which she also clarified that X"
            intro = _block_introduction(sent, text)
            if intro is not None:  # "Limbaugh added:" on its own line: he says the next paragraph (guide F6)
                skipped.append(_skip(sent, "attribution"))
                block_speaker, block_end = intro, _end_of_next_paragraph(text, sent.end_char)
                previous, quoted_run, label_speaker = [], [], None
                continue
            if block_speaker is not None and sent.start_char >= block_end:
                block_speaker = None
            line = attribution_line(sent) if _after_closing_quote(sent, previous) else None
            if line is not None:  # '"... an honor." AL.com reported.': the frame of the quotation before
                # '"Who gave them the right?" "Why should we accept it?" Rouhani asked.': of each quotation before
                _sign(quoted_run or previous, *line, "attribution_line")
                skipped.append(_skip(sent, "attribution"))
                previous, quoted_run, label_speaker = [], [], None
                continue
            first_claim = len(claims)
            if transcript_speaker is not None and "\n" in text[transcript_speaker.end_char : sent.start_char]:
                transcript_speaker = None  # the speaker's turn ends with the line
            reason = skip_reason(sent, text, captions=self.skip_captions)
            if reason is not None:
                skipped.append(_skip(sent, reason))
                label_speaker = _label(sent) if reason == "section_label" and _is_speaker_label(sent) else None
                if reason == "section_label":
                    transcript_speaker, line_rule = None, "transcript_label"
                    if _is_transcript_label(sent):
                        transcript_speaker = sent[:-1]
                    elif _is_headline_speaker(sent, text):
                        transcript_speaker, line_rule = sent[:-1], "headline_speaker"
                previous, quoted_run = [], []
                continue
            framed: list[ClauseParts] = []  # this sentence's pieces that have an attribution frame
            opens_quote = sent[0].is_quote or (sent.start > 0 and doc[sent.start - 1].is_quote)
            outer = find_sentence_frame(sent, quotes)
            for piece in segment_sentence(sent):
                if outer is not None:  # only the outermost frame is stripped (guide F2)
                    parts = _parts_in_frame(piece.span, outer)
                    if parts is None:
                        continue
                else:
                    parts = find_attribution(piece.span, piece.subject, quotes)
                if parts.claimer is None and piece.dependent:
                    _inherit_frame(parts, framed)
                elif parts.claimer is None and framed and _follows_and(piece.span):
                    _inherit_frame(parts, framed, through_complement=True)
                elif parts.claimer is None and framed and _is_bare_predicate_after_but(piece.span):
                    # "X told The Intercept that his mother had been there but switched to ...": a predicate
                    # sharing the complement's subject (not a clause with a subject of its own, F5)
                    _inherit_frame(parts, framed, through_complement=True)
                elif parts.claimer is None and framed and _opens_with_that(piece.span):
                    # "he said he had no litigation background but that he had overseen ...": a second
                    # complement of the same frame
                    parts.claimer, parts.cue = framed[-1].claimer, framed[-1].cue
                    parts.claimer_rule = "second_complement"
                elif parts.frame:
                    framed.append(parts)
                # the shared subject belonged to the verb of saying when that verb went out with the frame
                frame_took_verb = parts.claimer_rule == "conjoined_subject"
                parts.shared_subject = (
                    piece.subject
                    if piece.reattach
                    and not frame_took_verb
                    and (parts.claimer is None or parts.claimer != piece.subject)
                    else None
                )
                if parts.claimer is None and label_speaker is not None and opens_quote:
                    parts.claimer, parts.cue, parts.claimer_rule = label_speaker, ":", "speaker_label"
                elif parts.claimer is None and transcript_speaker is not None:
                    parts.claimer, parts.cue, parts.claimer_rule = transcript_speaker, ":", line_rule
                elif parts.claimer is None and block_speaker is not None:
                    parts.claimer, parts.cue = block_speaker
                    parts.claimer_rule = "block_introduction"
                if is_fragment(parts.content, quoted):
                    continue  # "They don", "deported": no proposition of its own
                claim = self._make_claim(doc, sent, parts, replacements, quoted, piece.rule, piece.auxiliaries)
                claims.append(claim)
            if outer is not None and outer.extra is not None:  # "..., Smith said, adding that X"
                content = trim_content(list(doc[outer.extra[0] : outer.extra[1]]))
                if content and not is_fragment(content, quoted):
                    parts = ClauseParts(content, [], outer.claimer, outer.extra_cue, claimer_rule="adding_that")
                    claims.append(self._make_claim(doc, sent, parts, replacements, quoted, "adding_that"))
            if len(claims) == first_claim:
                fragment = {"text": sent.text, "start": sent.start_char, "end": sent.end_char, "reason": "fragment"}
                skipped.append(fragment)  # "They don": a text the source cut off
            listed = _list_introduction(sent, text, framed)
            if listed is not None:  # "MSNBC suggested she has the following tasks:" and a list: the speaker's items
                block_speaker, block_end = listed, _end_of_next_block(text, sent.end_char)
            label_speaker = None
            previous = claims[first_claim:]
            if not _is_quoted_sentence(sent, quoted) or not previous:
                quoted_run = []
            elif quoted_run and "\n" in text[quoted_run[-1].end_char : sent.start_char]:
                quoted_run = previous  # a new paragraph starts a new run
            else:
                quoted_run = quoted_run + previous
            if signed is not None:
                _sign(quoted_run or previous, signed[0], signed[1], "signature_line")
                previous, quoted_run = [], []
        attribute_quotes_opened_by_a_verb(claims, quotes)
        carry_quote_attribution(claims, quotes)
        attribute_reported_acts(claims, quoted, _claimer_dict)
        if self.learned is not None:
            self.learned.fill(doc, claims, _claimer_dict, quoted)
        doc.spans[SPANS_KEY] = claims
        doc._.skipped = skipped
        return doc

    def _sentences(self, doc: Doc) -> Iterator[Span]:
        """The Doc's sentences; with ``skip_captions``, a caption sentence the parser glued to the next sentence
        ("... in Landover  Md.  Earnhardt  has never attended a Super Bowl.") comes as the caption and the rest."""
        sents = list(doc.sents)
        for k, sent in enumerate(sents):
            if _lone_dash(sent) and k + 1 < len(sents) and "\n" not in sent.text:
                sents[k + 1] = doc[sent.start : sents[k + 1].end]  # "― | Sonya Herridge": one signature line
                continue
            start = glued_sentence_start(sent) if self.skip_captions and is_caption(sent) else None
            if start is None:
                yield sent
            else:
                yield doc[sent.start : start]
                yield doc[start : sent.end]

    def _make_claim(
        self,
        doc: Doc,
        sent: Span,
        parts: ClauseParts,
        replacements: dict[int, tuple[int, str]],
        quoted: set[int],
        rule: str | None,
        auxiliaries: tuple[Token, ...] = (),
    ) -> Span:
        content = parts.content
        span = doc[content[0].i : content[-1].i + 1]
        groups = _faithful_groups(replacements, sent)
        replacements = {**groups, **_pronoun_replacements(content, parts.claimer, sent, quoted)}
        subject = parts.shared_subject
        worded = [t for t in content if t.i not in _speaker_description(parts)] or content
        if _cuts_inside_a_word(worded, span):
            span._.statement = span.text  # "said X, a co-author of ...": "a co" would go, "-author of" stay
        else:
            span._.statement = _statement(worded, subject, doc, replacements, auxiliaries if subject else ())
        span._.claimer = _claimer_dict(parts.claimer, parts.cue) if parts.claimer is not None else None
        span._.rule = rule
        span._.claimer_rule = parts.claimer_rule if parts.claimer is not None else AUTHOR_RULE
        span._.modality = modality_of(content, is_question=_is_question(sent, content))
        span._.hedged = is_hedged(content, _frame_without_name(parts))
        return span


HYPHENS = frozenset({"-", "‐", "‑"})


def _cuts_inside_a_word(worded: list[Token], span: Span) -> bool:
    """True when the words of ``span`` left out of the statement (a frame, a speaker's description) and those kept
    meet inside a word, with no space between them ("a co" left out, "-author" kept): a frame's boundary must fall
    where the text has a space or punctuation (other than a hyphen inside a word)."""
    kept = {t.i for t in worded}
    doc = span.doc
    for i in range(span.start, span.end - 1):
        left, right = doc[i], doc[i + 1]
        if left.whitespace_ or (i in kept) == (i + 1 in kept):
            continue
        if _word_part(left) and _word_part(right):
            return True
    return False


def _word_part(token: Token) -> bool:
    return token.text in HYPHENS or not (token.is_punct or token.is_space or is_quote_like(token))


def _speaker_description(parts: ClauseParts) -> set[int]:
    """The content tokens that describe the claimer named after them ('"...," said Robert Stone, a 59-year-old from
    Hilton Head, who ...'): the appositions and relative or participial clauses of the claimer's head word that
    follow the name, each set off by a comma from the name or the one before, with those commas. With the frame
    left out of the statement, they would describe something else ("her")."""
    claimer = parts.claimer
    if claimer is None or not parts.content:
        return set()
    inside = {t.i for t in parts.content}
    found: set[int] = set()
    end = claimer.end  # where the name, or the description after it found so far, ends
    for child in claimer.root.children:
        if child.dep_ not in ("appos", "relcl", "acl") or child.i < end:
            continue
        between = claimer.doc[end : child.left_edge.i]
        if not any(t.text == "," for t in between) or not all(t.text == "," or t.is_space for t in between):
            break  # set off by a comma right after the name ("the report found  particularly ..." is not)
        words = set(range(child.left_edge.i, child.right_edge.i + 1))
        if not words & inside:
            break
        found |= words | {t.i for t in between}
        end = child.right_edge.i + 1  # "Freddy Ortega, German's brother ..., who also stars in the show"
    return found & inside


def _is_question(sent: Span, content: list[Token]) -> bool:
    """True when the sentence ends with a question mark (before its closing quote marks: '"Who gave them the
    right?"'), or the claim is a quoted question framed after it ('"Why accept it?" Rouhani asked.')."""
    if sent.text.rstrip().rstrip("\"'”’»").rstrip().endswith("?"):
        return True
    doc, end = sent.doc, content[-1].i + 1
    while end < sent.end and (doc[end].is_space or is_quote_like(doc[end])) and doc[end].text != "?":
        end += 1
    return end < sent.end and doc[end].text == "?" and any(is_quote_like(t) for t in doc[end + 1 : sent.end])


def _is_quoted_sentence(sent: Span, quoted: set[int]) -> bool:
    """True when every word of ``sent`` is inside a quotation ('"Why should we accept it?"')."""
    words = [t for t in sent if not (t.is_space or t.is_punct or is_quote_like(t))]
    return bool(words) and all(t.i in quoted for t in words)


def is_fragment(content: list[Token], quoted: set[int]) -> bool:
    """True when ``content`` holds no proposition of its own (quoted speech always does: '"Unacceptable," Peskov
    said'): fewer than two words ("deported"), a few words with no verb, or a text the source cut off: a negated
    auxiliary cut at its apostrophe ("They don", from "They don’t ..."), or a subject and an auxiliary with
    nothing after it ("She was"; "so does Ivanka" is a claim). A predicate sharing the subject and auxiliary of
    the one before ("has allowed X and given out Y") is a claim (guide C1)."""
    words = [t for t in content if not (t.is_space or t.is_punct or is_quote_like(t))]
    if not words:
        return True
    if all(t.i in quoted for t in words):
        return False
    if len(words) < 2 or words[-1].lower_ in CUT_CONTRACTIONS:
        return True
    if len(words) == 2 and words[0].dep_ in ("nsubj", "nsubjpass", "expl") and words[0].head.i == words[1].i:
        return words[1].pos_ == "AUX" and words[1].lemma_ in DANGLING_AUXILIARIES
    # no verb at all in a few words; a longer piece without one is a verb the tagger missed ("fuels foster jobs")
    return len(words) <= MAX_VERBLESS_FRAGMENT and not any(_verb_like(t) for t in words)


MAX_VERBLESS_FRAGMENT = 3


def _verb_like(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith(("VB", "MD")) or has_finite_verb([token])


# The first part of a negated auxiliary cut off at its apostrophe ("don" of "don’t"), ending a text the source cut.
CUT_CONTRACTIONS = frozenset(
    {"don", "didn", "doesn", "isn", "wasn", "weren", "aren", "hasn", "haven", "hadn", "couldn", "wouldn", "shouldn",
     "mustn", "needn", "ain"}
)  # fmt: skip
# Auxiliaries that a text the source cut off can end on ("She was", "They have").
DANGLING_AUXILIARIES = frozenset({"be", "have", "do", "will", "shall", "would", "could", "should", "must", "might"})


def _frame_without_name(parts: ClauseParts) -> list[Token]:
    """The frame's tokens without a "May" inside the claimer ("Theresa May said"): a name, not a hedge."""
    claimer = parts.claimer
    if claimer is None:
        return parts.frame
    return [t for t in parts.frame if not (t.text == "May" and claimer.start <= t.i < claimer.end)]


def _without_file_label(sent: Span) -> Span:
    """The sentence without the "FILE -" label that opens a photo caption ("FILE - In this 2012 photo, ...")."""
    label = FILE_LABEL.match(sent.text)
    if label is None or len(sent) < 3:
        return sent
    start = next((t.i for t in sent if t.idx >= sent.start_char + label.end()), sent.start)
    return sent.doc[start : sent.end]


def _sign(claims: list[Span], speaker: Span, cue: str, rule: str) -> None:
    """Give the claims before a frame line or a signature that have no claimer its speaker."""
    for claim in claims:
        if claim._.claimer is None:
            claim._.claimer = _claimer_dict(speaker, cue)
            claim._.claimer_rule = rule


def _skip(sent: Span, reason: str) -> dict[str, Any]:
    """The record of a sentence that gives no claim (``doc._.skipped``)."""
    return {"text": sent.text, "start": sent.start_char, "end": sent.end_char, "reason": reason}


def _lone_dash(sent: Span) -> bool:
    """True when the sentence is a signature dash alone (the parser cut "― Sonya Herridge" after the dash)."""
    words = [t for t in sent if not t.is_space]
    return len(words) == 1 and words[0].text in SIGNATURE_DASHES


def _after_closing_quote(sent: Span, previous: list[Span]) -> bool:
    """True when the sentence before ``sent`` (in the same paragraph) gave claims and ended with a quote mark."""
    if not previous:
        return False
    doc = sent.doc
    i = sent.start - 1
    while i >= 0 and doc[i].is_space and "\n" not in doc[i].text:
        i -= 1
    if i >= 0 and i >= previous[-1].end - 1 and is_quote_like(doc[i]):
        return True
    return is_quote_like(sent[0]) and i >= previous[-1].end - 1  # the closing quote went to this sentence


def _parts_in_frame(piece: Span, outer: SentenceFrame) -> ClauseParts | None:
    """The content of ``piece`` under a frame that covers its whole sentence; None when the piece is all frame."""
    content = trim_content([t for t in piece if t.i not in outer.frame])
    if content and content[-1].is_quote and content[-1].i + 1 in outer.frame:
        content = trim_content(content[:-1])  # the quote mark that closes the quoted speech before the frame
    if not any(not (t.is_punct or t.is_space) for t in content):
        return None
    frame = [t for t in piece.doc[min(outer.frame) : max(outer.frame) + 1] if t.i in outer.frame]
    return ClauseParts(content=content, frame=frame, claimer=outer.claimer, cue=outer.cue, claimer_rule=outer.rule)


def _inherit_frame(parts: ClauseParts, framed: list[ClauseParts], through_complement: bool = False) -> None:
    """A piece governed by an earlier piece's reporting verb shares its claimer ("A and B both said that X
    because Y": Y is said by them too; "he said the government allowed X and gave out Y"). With
    ``through_complement``, only a clause coordinated inside the verb's complement ("Peskov said Russia will
    respond and Japan will regret it"), not one coordinated with the frame itself."""
    if not parts.content:
        return
    ancestors = {t.i for t in parts.content[0].ancestors} | {t.i for t in parts.content[-1].ancestors}
    for earlier in framed:
        cues = {t.i for t in earlier.frame if t.lemma_ in CUE_VERBS}
        if through_complement:
            cues = {i for i in cues if _complement_holds(parts.content, i)}
        if cues & ancestors:
            parts.claimer, parts.cue, parts.claimer_rule = earlier.claimer, earlier.cue, "inherited"
            return


def _complement_holds(content: list[Token], cue: int) -> bool:
    """True when the content's top token descends from the verb ``cue`` through its clausal complement."""
    inside = {t.i for t in content}
    top = next((t for t in content if t.head.i not in inside or t.head.i == t.i), None)
    token = top
    while token is not None and token.head.i != token.i:
        if token.head.i == cue:
            return token.dep_ == "ccomp"
        token = token.head
    return False


def _opens_with_that(span: Span) -> bool:
    """True when ``span`` starts (past a connector) with the complementizer "that" and a subject after it."""
    words = [t for t in span if not (t.is_space or t.is_punct)]
    if words and words[0].lower_ in ("and", "but", "or"):
        words = words[1:]
    return len(words) > 2 and words[0].lower_ == "that" and words[1].dep_ in ("nsubj", "nsubjpass", "expl")


def _is_bare_predicate_after_but(span: Span) -> bool:
    """True when ``span`` comes after "but" and its top verb has no subject of its own."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_space or doc[i].text == ","):
        i -= 1
    if not ((i >= 0 and doc[i].lower_ == "but") or span[0].lower_ == "but"):
        return False
    inside = range(span.start, span.end)
    tops = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")]
    return bool(verbs) and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verbs[0].children)


def _follows_and(span: Span) -> bool:
    """True when the word before ``span`` (past commas and spaces) is "and"."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_space or doc[i].text == ","):
        i -= 1
    if i >= 0 and doc[i].lower_ == "and":
        return True
    return span[0].lower_ == "and"


QUOTE_INTRODUCERS = frozenset(
    {"call", "describe", "say", "write", "add", "tell", "label", "dub", "praise", "characterize", "portray", "brand"}
    | {"term"}
)


def attribute_quotes_opened_by_a_verb(claims: list[Span], quotes: list[tuple[int, int]]) -> None:
    """'Kelly called Porter "a man of integrity and I can't say enough good things about him."': a claim inside
    a quotation opened in the middle of a sentence, after a verb of calling or saying with a subject, is that
    subject's (a quoted noun phrase inside an author claim is no claim of its own, so it is not affected)."""
    for claim in claims:
        if claim._.claimer is not None:
            continue
        region = next(((a, b) for a, b in quotes if a <= claim.start and claim.end <= b), None)
        if region is None:
            continue
        doc, opening = claim.doc, region[0] - 1
        sent = doc[opening].sent
        if opening <= sent.start:
            continue
        verbs = [t for t in doc[sent.start : opening] if t.lemma_ in QUOTE_INTRODUCERS and t.pos_ == "VERB"]
        subject = next((c for c in verbs[-1].children if c.dep_ in ("nsubj", "nsubjpass")), None) if verbs else None
        if subject is not None and subject.i < opening:
            speaker = doc[subject.left_edge.i : subject.right_edge.i + 1]
            claim._.claimer = _claimer_dict(speaker, verbs[-1].text)
            claim._.claimer_rule = "quote_opened_by_verb"


def carry_quote_attribution(claims: list[Span], quotes: list[tuple[int, int]]) -> None:
    """Give claims inside a quote the claimer named for that quote in another sentence.

    Two cases: claims inside one multi-sentence quote share the claimer of whichever of them has one
    ('"We got stuck. We hit a wall," Clapton said.'), and a sentence that is a quote of its own, right after
    a quoted sentence with a claimer in the same paragraph, continues that speaker
    ('"We got stuck," Clapton says. "We hit a brick wall."').
    """

    def region_of(span: Span) -> tuple[int, int] | None:
        return next(((a, b) for a, b in quotes if a <= span.start and span.end <= b), None)

    regions = [region_of(c) for c in claims]
    text = claims[0].doc.text if claims else ""  # spaCy rebuilds doc.text on every access: read it once
    # a claimer inside the quotation ('"... She's been saving them; she said she knew ..."') is someone the quoted
    # speaker quotes
    inner = [
        region is not None and c._.claimer is not None and _inside_region(c.doc, c._.claimer, region)
        for c, region in zip(claims, regions, strict=True)
    ]
    speaker_of_region: dict[tuple[int, int], dict] = {}
    for claim, region, quoted in zip(claims, regions, inner, strict=True):
        claimer = claim._.claimer
        if region is None or claimer is None or claimer["kind"] == "author" or quoted:
            continue
        speaker_of_region.setdefault(region, claimer)
    previous: tuple[Span, tuple[int, int] | None] | None = None
    last_quoted: Span | None = None  # the last quoted claim with a claimer
    for claim, region, quoted in zip(claims, regions, inner, strict=True):
        claimer = claim._.claimer
        if claimer is not None and claimer["kind"] == "author" and region is not None:
            claim._.claimer = None  # "I know that ..." inside a quote is the quoted speaker's voice
            claim._.claimer_rule = AUTHOR_RULE
        # a frame inside the quotation ('"He mentioned he was going ...'): the quoted speaker's is the outermost (F2)
        if (claim._.claimer is None or quoted) and region is not None:
            speaker, rule = speaker_of_region.get(region), "same_quote"
            if speaker is None and previous is not None:
                before, before_region = previous
                same_paragraph = "\n" not in claim.doc[before.end : claim.start].text
                if before_region is not None and before._.claimer is not None and same_paragraph:
                    speaker, rule = before._.claimer, "continued_quote"
            adjacent = previous is not None and previous[0] is last_quoted
            if speaker is None and last_quoted is not None and _continues_quote(text, last_quoted, claim, adjacent):
                speaker, rule = last_quoted._.claimer, "continued_quote"
            if speaker is not None:
                claim._.claimer = dict(speaker)
                claim._.claimer_rule = rule
                speaker_of_region.setdefault(region, speaker)
        previous = (claim, region)
        if region is not None and claim._.claimer is not None and claim._.claimer["kind"] != "author":
            last_quoted = claim


OPENING_MARKS = " \t\n\"“‘'«"


def _continues_quote(text: str, before: Span, claim: Span, adjacent: bool) -> bool:
    """True when ``claim``, quoted, continues the speaker of the quoted claim ``before``: in the same paragraph
    ('"...," DuVernay said, emphasizing why ... "What we need ..."'), or opening the paragraph right after it
    ('"...," he said.\n\n"Right now, ..."'; ``adjacent``: no claim comes between them). ``text``: the Doc's."""
    between = text[before.end_char : claim.start_char]
    if "\n" not in between:
        return True
    return adjacent and not between[between.index("\n") :].strip(OPENING_MARKS)


def _inside_region(doc: Doc, claimer: dict[str, Any], region: tuple[int, int]) -> bool:
    """True when the claimer's words lie inside the quoted token range ``region``."""
    start, end = region
    return start < end and doc[start].idx <= claimer["start"] and claimer["end"] <= doc[end - 1].idx + len(doc[end - 1])


def _group_replacements(doc: Doc) -> dict[int, tuple[int, str]]:
    """For each "the two countries" reference: its first token -> (end token, "Russia and Japan")."""
    names = {kb: info["name"] for kb, info in (doc._.entity_info or {}).items()}
    replacements = {}
    for group in doc._.entity_groups or []:
        span = doc.char_span(group["start"], group["end"])
        if span is not None and all(kb in names for kb in group["ids"]):
            replacements[span.start] = (span.end, " and ".join(names[kb] for kb in group["ids"]))
    return replacements


def _faithful_groups(groups: dict[int, tuple[int, str]], sent: Span) -> dict[int, tuple[int, str]]:
    """The "the two countries" replacements (``groups``, from :func:`_group_replacements`) of ``sent`` whose pair
    the text itself makes certain (:func:`_pair_named_nearby`); the others stay as written in the statement (the
    entity stage's ``doc._.entity_groups`` is not changed)."""
    doc = sent.doc
    kept = {}
    for group in doc._.entity_groups or []:
        span = doc.char_span(group["start"], group["end"])
        if span is None or span.start not in groups or not sent.start <= span.start < sent.end:
            continue
        if _pair_named_nearby(span, group["ids"]):
            kept[span.start] = groups[span.start]
    return kept


# "both sides of the aisle / of his mouth / of the Atlantic", "the two states of the world": an idiom or a pair the
# following words name, never the two entities before; "both states" is most often two states of a country.
GROUP_NOUNS_KEPT = frozenset({"states"})


def _pair_named_nearby(reference: Span, ids: list[str]) -> bool:
    """True when the pair that "the two countries" / "both sides" (``reference``) refers to is certain: it is
    not followed by "of" and its noun is not "states"; both of ``ids`` are named in its sentence or in the
    sentence right before it in the same paragraph, and no other entity of their kind is named there ("the Syrian
    and Iraqi refugee crisis ... America's top diplomat ... the two nations" names three countries)."""
    doc = reference.doc
    if reference[-1].lower_ in GROUP_NOUNS_KEPT:
        return False
    after = next((t for t in doc[reference.end : reference.end + 3] if not t.is_space), None)
    if after is not None and after.lower_ == "of":
        return False
    sentence = doc[reference.start].sent
    start = sentence.start
    before = start - 1
    while before >= 0 and doc[before].is_space and "\n" not in doc[before].text:
        before -= 1
    first = next((t for t in sentence if not t.is_space), sentence[0])
    gap = doc[before].whitespace_ + doc[before + 1 : first.i].text_with_ws if before >= 0 else "\n"
    if before >= 0 and "\n" not in gap and not doc[before].is_space:
        start = doc[before].sent.start  # the sentence before, in the same paragraph
    info = doc._.entity_info or {}
    labels = {info[kb].get("label") for kb in ids if kb in info}
    named = {
        t.ent_kb_id_
        for t in doc[start : sentence.end]
        if t.ent_kb_id_ and t.ent_type_ in labels and not reference.start <= t.i < reference.end
    }
    return set(ids) == named


def _statement(
    content: list[Token],
    subject: Span | None,
    doc: Doc,
    groups: dict[int, tuple[int, str]],
    auxiliaries: tuple[Token, ...] = (),
) -> str:
    """A self-contained wording: the shared subject re-attached with the auxiliaries the predicate shares
    (``auxiliaries``: "Clinton would beat X but lose to Y" -> "Clinton would lose to Y"), "the two countries"
    replaced by the names (``groups``, from :func:`_group_replacements`), and the words of a frame inserted in the
    middle ("Russia, Peskov said, will respond") left out."""
    contiguous = len(content) == content[-1].i - content[0].i + 1
    inside = range(content[0].i, content[-1].i + 1)
    if subject is None and contiguous and not any(i in groups for i in inside):
        return doc[content[0].i : content[-1].i + 1].text
    pieces = []
    if subject is not None:
        pieces.append(subject.text)
        for aux in auxiliaries:  # "’d", "’ll" stay joined to the subject
            pieces.append(aux.text if aux.text[:1] in ("'", "’") else " " + aux.text)
        pieces.append(" ")
    kept = {t.i for t in content}
    skip_until = -1
    for token in content:
        if token.i < skip_until:
            continue
        if token.is_space and not (token.i - 1 in kept and token.i + 1 in kept):
            continue  # extra spaces at the edge of a left-out frame
        if token.i in groups:
            skip_until, replacement = groups[token.i]
            last = doc[skip_until - 1]
        else:
            replacement, last = token.text, token
        space = last.whitespace_ if last.i + 1 in kept else " "
        pieces.append(replacement + space)
    return "".join(pieces).strip()


def _is_speaker_label(sent: Span) -> bool:
    """ "Peskov:" or "Kremlin spokesman Dmitry Peskov:" — a short label naming a speaker."""
    words = sent[:-1]
    return 0 < len(words) <= 6 and any(t.ent_type_ in ("PERSON", "OFFICIAL", "ORG", "COUNTRY") for t in words)


# Upper-case line labels that head a section rather than name a speaker ("BACKGROUND:", "EDITOR'S NOTE:").
HEADING_LABELS = frozenset(
    """BACKGROUND UPDATE UPDATED NOTE EDITOR EDITOR'S CORRECTION SUMMARY ANALYSIS CONTEXT RELATED READ WATCH MORE
    BREAKING EXCLUSIVE OPINION COMMENTARY STATEMENT SOURCE SOURCES PHOTO VIDEO CAPTION DISCLAIMER WARNING""".split()
)


SPACE_RUN = re.compile(r"\s*")


def _spaces_from(text: str, at: int) -> str:
    """The run of whitespace in ``text`` from ``at`` on, read without copying the rest of the text."""
    match = SPACE_RUN.match(text, at)
    return match.group() if match else ""


def _block_introduction(sent: Span, text: str) -> tuple[Span, str] | None:
    """The speaker and cue of "He said:" / "The New York Times reports:" ending its line: a frame for the
    paragraph after it; None for any other sentence."""
    words = [t for t in sent if not t.is_space]
    if len(words) < 3 or words[-1].text != ":":
        return None
    after = words[-1].idx + 1
    gap = _spaces_from(text, after)
    if after + len(gap) < len(text) and "\n" not in gap:
        return None  # "He said: we will win": the content follows on the same line
    frame = sent.doc[words[0].i : words[-1].i]
    return attribution_line(frame) or _statement_introduction(frame)


# "The ministry issued the following statement:": a verb that hands over words, and the words it names
STATEMENT_VERBS = frozenset({"make", "issue", "give", "release", "post", "publish", "offer", "send"})
STATEMENT_NOUNS = frozenset(
    {"statement", "comment", "remark", "response", "explanation", "message", "answer", "reply", "warning", "note"}
)


def _statement_introduction(frame: Span) -> tuple[Span, str] | None:
    """The speaker and cue of "Sanders made the following comment" / "The ministry issued a statement" before a
    colon: the subject of a verb that hands over a statement, comment or reply (guide F6)."""
    verb = frame.root
    if verb.lemma_ not in STATEMENT_VERBS or any(c.dep_ == "neg" for c in verb.children):
        return None
    said = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_ in STATEMENT_NOUNS), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if said is None or subject is None or subject.tag_ in ("WP", "WDT"):
        return None
    speaker = frame.doc[subject.left_edge.i : subject.right_edge.i + 1]
    return speaker, frame.doc[verb.i : said.i + 1].text


BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _list_introduction(sent: Span, text: str, framed: list[ClauseParts]) -> tuple[Span, str] | None:
    """The speaker and cue of a framed sentence that announces "the following" and ends its line with a colon
    ("The ministry listed the following demands:"): the lines after it are the speaker's (guide F6)."""
    words = [t for t in sent if not t.is_space]
    if not framed or framed[-1].claimer is None or not words or words[-1].text != ":":
        return None
    if not any(t.lower_ == "following" for t in words) or _rest_of_line(sent, text).strip():
        return None
    return framed[-1].claimer, framed[-1].cue or ":"


def _end_of_next_block(text: str, at: int) -> int:
    """The character offset of the first blank line after the text that starts at or after ``at``."""
    start = at + len(_spaces_from(text, at))
    found = BLANK_LINE.search(text, start)
    return len(text) if found is None else found.start()


def _end_of_next_paragraph(text: str, at: int) -> int:
    """The character offset where the paragraph starting at or after ``at`` ends."""
    end = text.find("\n", at + len(_spaces_from(text, at)))
    return len(text) if end < 0 else end


def _is_transcript_label(sent: Span) -> bool:
    """ "HIRSCH:" or "MARY LOUISE KELLY, HOST:" opening a line: an upper-case speaker label of a transcript,
    whose speaker says the rest of the line (guide F6). Upper case is the transcript convention; a mixed-case
    "Japan:" is more often a section about Japan, so it does not count here."""
    words = [t for t in sent[:-1] if not t.is_punct]
    if not 0 < len(words) <= 5 or any(not (t.is_alpha and t.is_upper) for t in words):
        return False
    if len(words[0]) < 2 or words[0].text in HEADING_LABELS:
        return False  # "Q:" / "A:" name no one; "BACKGROUND:" heads a section
    return starts_line(sent[0])


# Titles that may stand before a name in a headline label ("Dr. Ben Carson:")
LABEL_TITLES = frozenset("dr. mr. mrs. ms. sen. rep. gov. gen. pres. prof. president senator minister".split())


def _is_headline_speaker(sent: Span, text: str) -> bool:
    """ "Pence:" or "Dr. Ben Carson:" opening a line with more text after it on the same line: a headline that
    gives a person's words ("Lavrov: the West is waging a hybrid war", guide F6). Only a person or an official:
    "Japan:", "Poll:" or "The Latest:" head a section."""
    words = [t for t in sent[:-1] if not t.is_punct]
    if words and words[0].lower_ in LABEL_TITLES:
        words = words[1:]
    if not 0 < len(words) <= 4 or any(t.ent_type_ not in ("PERSON", "OFFICIAL") for t in words):
        return False
    if all(t.is_upper for t in words):
        return False  # "BACKGROUND:" heads a section; an upper-case speaker is a transcript's (above)
    return bool(_rest_of_line(sent, text).strip()) and starts_line(sent[0])


def _label(sent: Span) -> Span:
    """A speaker label without its colon, and without a verb of saying before the name ("Added Lavrov:")."""
    return sent[1:-1] if len(sent) > 2 and sent[0].lower_ in SAID_FORMS else sent[:-1]


def _rest_of_line(sent: Span, text: str) -> str:
    """The text after ``sent`` up to the end of its line."""
    line_end = text.find("\n", sent.end_char)
    return text[sent.end_char : len(text) if line_end < 0 else line_end]


def _claimer_dict(claimer: Span, cue: str | None) -> dict[str, Any]:
    claimer = trim_speaker(claimer)
    entity_id = _linked_entity(claimer)
    root = claimer.root
    if root.lower_ in AUTHOR_PRONOUNS:
        kind = "author"
    elif root.ent_kb_id_ or any(t.ent_type_ in ("PERSON", "OFFICIAL") for t in claimer):
        kind = "named"  # "Canadian television analyst and former NHL goaltender Greg Millen"
    elif root.lemma_.lower() in ANONYMOUS_HEADS or root.lower_ in ANONYMOUS_HEADS:
        kind = "anonymous"
    else:
        kind = "named"
    return {
        "text": claimer.text,
        "start": claimer.start_char,
        "end": claimer.end_char,
        "entity_id": entity_id,
        "cue": cue,
        "kind": kind,
    }


PERSONAL_PRONOUNS = frozenset({"he", "she"})
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
PERSON_LABELS = ("PERSON", "OFFICIAL")


def _read_genders() -> dict[str, str]:
    genders = {}
    for line in files("claimscope").joinpath("resources", GENDER_FILE).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, gender = line.split("\t")
            genders[word.strip()] = gender.strip()
    return genders


GENDER_FILE = "gendered_names.txt"
GENDERS = _read_genders()


def _linked_entity(claimer: Span) -> str | None:
    """The id of the entity the claimer refers to: the one holding its head word, else the first inside it;
    "he"/"she" link to the closest compatible person mentioned before them in the same paragraph, else, when that
    paragraph names no one before them, in the nearest earlier paragraph that names someone, as a main clause's
    subject (not one named inside a quotation, who is what a quote is about, not who speaks it; see
    :func:`_antecedent_person`)."""
    if claimer.root.ent_kb_id_:
        return claimer.root.ent_kb_id_
    if len(claimer) == 1 and claimer.root.lower_ in PERSONAL_PRONOUNS:
        return _antecedent_person(claimer.root)
    return next((t.ent_kb_id_ for t in claimer if t.ent_kb_id_), None)


def _pronoun_replacements(
    content: list[Token], claimer: Span | None, sent: Span, quoted: set[int]
) -> dict[int, tuple[int, str]]:
    """For the subject "he"/"she" of the claim's own clause: its token -> (next token, the name of the person it
    refers to), so that the statement stands alone ("Perez said he was summoned" -> "Perez was summoned").

    Only a certain antecedent counts, never a guess: the claimer when it is a named person ("X said he ..."), else,
    for a claim without a claimer, the person who is the subject of the sentence's main clause outside the claim
    ("Macron said ..., and he urged ..."); either must agree with the pronoun (a country, organisation or place is
    never "he"/"she", "she" is not a man's name), with no other such person named before the pronoun in the
    claim. A pronoun inside a quotation (the speaker says "I", not "he"),
    one deeper in the claim (its antecedent may be inside the statement: "X was visiting family when she was
    jailed") and one whose antecedent is in another sentence stay as they are.

    The person's gender must be known and agree (:func:`_agrees_known`: "Ben Carson says Clinton is not fit
    because she ..." keeps "she"); and the pronoun stays when any other person is named between the person and it
    ("Blackwell pointed to Cruz's capabilities, noting that he ...": "he" may be Cruz) or when its clause hangs
    from a verb whose subject is someone else ("Carson says Clinton is not fit because she ...")."""
    inside = {t.i for t in content}
    found = {}
    for token in content:
        if token.lower_ not in PERSONAL_PRONOUNS or token.dep_ not in ("nsubj", "nsubjpass") or token.i in quoted:
            continue
        head = token.head
        if head.i in inside and head.head.i in inside and head.head.i != head.i:
            continue  # the subject of a clause inside the claim, not of the claim's own clause
        if claimer is not None:
            speaker = trim_speaker(claimer)  # "MACAU (Reuters) – ... Sheldon Adelson": no dateline
            name = _person_name(speaker, token.lower_)
            if name and (_other_person_before(content, token, claimer) or _governed_by_other(token, claimer)):
                name = None  # "X said before Perez was charged, he was arrested": "he" may be Perez
        else:
            name = _sentence_subject_name(sent, token, inside)
        if name:
            found[token.i] = (token.i + 1, name)
    return found


def _other_person_before(content: list[Token], pronoun: Token, claimer: Span) -> bool:
    """True when a person who may be ``pronoun`` (gender unknown or agreeing) and is not the claimer is named in the
    claim before it, or between the claimer and it ("Blackwell pointed to Cruz's capabilities, noting that he
    ...": "he" may be Cruz)."""
    person = _named_person(trim_speaker(claimer))
    own = person.root.ent_kb_id_ if person is not None else ""
    between = range(claimer.end, pronoun.i) if claimer.end <= pronoun.i else range(0)
    for i in sorted({t.i for t in content if t.i < pronoun.i} | set(between)):
        token = pronoun.doc[i]
        if claimer.start <= i < claimer.end or (own and token.ent_kb_id_ == own):
            continue
        other = _person_entity(token)
        if other is not None and _agrees(other, pronoun.lower_):
            return True
        if _is_person_description(token) and _role_agrees(token, pronoun.lower_):
            return True  # "Fallon called on the Vermont senator to ... and said he ...": "he" may be the senator
    return False


def _read_title_words() -> frozenset[str]:
    """The last word of every title alias without a preposition ("senator", "minister", "president"), lower-cased."""
    found = set()
    for line in files("claimscope").joinpath("resources", "titles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            for alias in json.loads(line)["aliases"]:
                if not {"of", "for", "to"} & set(alias.lower().split()):  # not "Member of Parliament"
                    found.add(alias.split()[-1].rstrip(".").lower())
    return frozenset(found)


# Nouns that name a person by a role or title ("spokesman", "senator", "minister").
ROLE_WORDS = derived(lambda: word_list("person_roles") | word_list("apposition_roles") | _read_title_words())
FEMALE_ROLES = word_list("female_roles")  # "wife", "actress": a person a "he" cannot be (also words in -woman)
MALE_ROLES = word_list("male_roles")  # "husband", "actor" (also words in -man)


def _is_person_description(token: Token) -> bool:
    """True when ``token`` heads a singular noun phrase that may refer to a person without naming them: a role or
    title ("the Vermont senator", "a spokesman") or a group word used of one person ("the Republican")."""
    if token.tag_ not in ("NN", "NNP") or token.dep_ in ("compound", "amod", "nmod"):
        return False
    return token.lower_ in ROLE_WORDS or token.ent_type_ == "NORP"


def _role_agrees(token: Token, pronoun: str) -> bool:
    word = token.lower_
    gender = "f" if word in FEMALE_ROLES or word.endswith("woman") else "m" if word in MALE_ROLES else None
    if gender is None and word.endswith("man"):
        gender = "m"
    return gender is None or gender == PRONOUN_GENDER.get(pronoun)


def _governed_by_other(pronoun: Token, person: Span) -> bool:
    """True when the clause of ``pronoun`` hangs (through any verbs) from a verb whose subject is not ``person``
    ("Carson says Clinton is not fit because she ...": "she" is in a clause of "is", whose subject is Clinton)."""
    verb = pronoun.head
    while verb.head.i != verb.i:
        verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return not any(person.start <= c.i < person.end for c in subjects)
    return False


def _person_entity(token: Token) -> Span | None:
    """The person (or official) mention holding ``token``, or None."""
    if token.ent_type_ not in PERSON_LABELS:
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _named_person(span: Span) -> Span | None:
    """The mention of the person ``span`` names: its head word's ("Russian Foreign Minister Sergei Lavrov"), or
    the name in apposition to its head ("The opposition leader, Juan Guaido"); None for "Guaido's wife"."""
    root = span.root
    person = _person_entity(root)
    if person is None:
        appos = next((c for c in root.children if c.dep_ == "appos" and span.start <= c.i < span.end), None)
        person = _person_entity(appos) if appos is not None else None
    return person


def gender_of(person: Span) -> str | None:
    """ "f", "m" or None (unknown) for a person's mention: from a title or given name in it, else from the first
    word of the linked entity's canonical name ("Merkel" -> "Angela Merkel")."""
    doc = person.doc
    words = [t.text.rstrip(".") for t in doc[max(0, person.start - 1) : person.end]]
    info = (doc._.entity_info or {}).get(person.root.ent_kb_id_) or {}
    if info.get("name"):
        words.append(info["name"].split()[0])
    for word in words:
        if word in GENDERS:
            return GENDERS[word]
    return None


def _agrees(person: Span, pronoun: str) -> bool:
    gender = gender_of(person)
    return gender is None or gender == PRONOUN_GENDER.get(pronoun)


def _agrees_known(person: Span, pronoun: str) -> bool:
    """True when the person's gender is known and is the pronoun's: the test for putting a name for "he"/"she" in
    a statement (an unknown gender could be either, so the pronoun stays)."""
    return gender_of(person) == PRONOUN_GENDER.get(pronoun)


def _person_name(claimer: Span, pronoun: str) -> str | None:
    """The name to put for ``pronoun`` when the claimer is a named person whose known gender agrees with it."""
    if any(t.lower_ == "and" for t in claimer):
        return None
    person = _named_person(claimer)
    if person is None or not _agrees_known(person, pronoun):
        return None
    return " ".join(t.text for t in person if not t.is_space)


def _sentence_subject_name(sent: Span, pronoun: Token, inside: set[int]) -> str | None:
    """The name of the person who is the subject of the sentence's main clause, before ``pronoun`` and outside the
    claim, whose known gender agrees with it, when no other person is named between them and the pronoun's clause
    hangs from no verb with another subject. A dateline ("MACAU (Reuters) –") is never that subject."""
    root = sent.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    subject = next((c for c in subjects if c.i >= sent.start + dateline_end(sent)), None)
    if subject is None or subject.i in inside or subject.i > pronoun.i:
        return None
    person = _named_person(sent.doc[subject.left_edge.i : subject.right_edge.i + 1])
    if person is None or not _agrees_known(person, pronoun.lower_):
        return None
    own = person.root.ent_kb_id_
    for token in sent.doc[person.end : pronoun.i]:
        other = _person_entity(token)
        if other is not None and _agrees(other, pronoun.lower_) and not (own and token.ent_kb_id_ == own):
            return None  # another person who could be meant ("Cruz's")
    if _governed_by_other(pronoun, person):
        return None
    return " ".join(t.text for t in person if not t.is_space)


ANTECEDENT_WINDOW = 200  # tokens back from "he"/"she" within its own paragraph
ANTECEDENT_PARAGRAPHS = 3  # earlier paragraphs "he"/"she" may look back into for the person it refers to


def _antecedent_person(pronoun: Token) -> str | None:
    """The id of the person "he"/"she" refers to, or None. People named inside quotations are skipped: what a
    quote is about, not who says it.

    First the pronoun's own paragraph (up to ``ANTECEDENT_WINDOW`` tokens back): the closest person before it who
    agrees with it. When that paragraph names no one before the pronoun, the earlier paragraphs, nearest first,
    at most ``ANTECEDENT_PARAGRAPHS`` of them (news often gives each sentence a paragraph: "Smith, the senator,
    criticised the bill." and then "He said ..."): the search ends at the first paragraph that names a person,
    which gives its closest person who agrees with the pronoun and is the subject of a main clause ("McCain said
    ...", "Trump went after Bush": Trump, not Bush), else None."""
    doc = pronoun.doc
    quoted = {i for a, b in quote_regions(doc) for i in range(a, b)}
    paragraphs_back = 0
    named = False  # a person is named (outside quotations) in the paragraph being read
    for i in range(pronoun.i - 1, -1, -1):
        token = doc[i]
        if "\n" in token.text:
            if named or paragraphs_back == ANTECEDENT_PARAGRAPHS:
                return None
            paragraphs_back += 1
            continue
        if paragraphs_back == 0 and pronoun.i - i >= ANTECEDENT_WINDOW:
            return None
        if i in quoted or token.ent_type_ not in PERSON_LABELS or not token.ent_kb_id_:
            continue
        named = True
        person = _person_entity(token)
        if person is None or not _agrees(person, pronoun.lower_):
            continue
        if paragraphs_back == 0 or _main_clause_subject(person):
            return token.ent_kb_id_
    return None


def _main_clause_subject(person: Span) -> bool:
    """True when ``person`` is the subject of its sentence's main verb (or of a verb joined to it: "X went there
    and said ..."), directly or through an apposition ("The senator, Maria Lopez, said ...")."""
    token = person.root
    if token.dep_ == "appos":
        token = token.head
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    root = token.sent.root
    verb = token.head
    return verb == root or (verb.dep_ in ("conj", "parataxis") and verb.head == root)
