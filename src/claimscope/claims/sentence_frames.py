"""Attribution frames found on the surface of a whole sentence (:func:`find_sentence_frame`), and sentences that
are a frame and nothing else (:func:`attribution_line`).

Scraped news often loses its commas ("... North Korea  police said."): the parser then attaches the speaker to
the content. A speaker noun phrase and a verb of saying standing between boundaries (a comma, a quote, a
dash, or the double space left where a comma was) are read as a frame whatever the parse says: "..., X said."
(with a short tail: "in a statement"), '"...," X added', '"...," said Smith', "According to X, ...", and a
frame inside the sentence ("A number of signs, he said, were posted") whose content runs across it (F4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from spacy.tokens import Span, Token

from claimscope.claims.nonclaims import FINITE_VERB_TAGS
from claimscope.claims.tokens import (
    _between_nouns,
    _is_cue,
    _is_lost_comma,
    _is_name,
    _is_padding,
    _is_speaker_word,
    _next_word,
    _previous_word,
    _with_adjacent_commas,
    complement_after_time,
    doc_text_before,
    has_clause_core,
    is_boundary,
    is_quote_like,
)
from claimscope.claims.words import (
    CLAUSE_OPENERS,
    CUE_VERBS,
    FRAME_AUXILIARIES,
    MAX_FRAME_TAIL,
    MAX_SPEAKER_WORDS,
    QUESTION_CUES,
    QUOTE_ONLY_CUES,
    RELATIVE_TAGS,
    SPEAKER_ENTITIES,
    SPEAKER_PREPOSITIONS,
    SPEAKER_TAGS,
    SUBJECT_DEPS,
    SURFACE_CUES,
    TIME_WORDS,
)
from claimscope.resources import derived


def _frame_adjunct_end(sent: Span, verb: Token) -> int | None:
    """Where a short adjunct right after an interrupting frame's verb ends, at the comma or dash that closes it
    ("..., the agency said in a June report, and ..."); None when the verb is not followed by a preposition, or
    the words up to the boundary hold a verb or run past :data:`MAX_FRAME_TAIL`, or nothing follows."""
    doc = sent.doc
    if verb.i + 1 >= sent.end or doc[verb.i + 1].tag_ != "IN" or doc[verb.i + 1].lower_ == "that":
        return None
    for t in doc[verb.i + 1 : min(sent.end, verb.i + 2 + MAX_FRAME_TAIL)]:
        if is_boundary(t) and not t.is_space:
            rest = [w for w in doc[t.i + 1 : sent.end] if not (w.is_space or w.is_punct)]
            return t.i if any(w.tag_ in FINITE_VERB_TAGS for w in rest) else None
        if t.tag_.startswith(("VB", "MD")) or t.is_punct:
            return None
    return None


def attribution_line(sent: Span) -> tuple[Span, str] | None:
    """The speaker and cue of a sentence that is a frame and nothing else ("AL.com reported.", "Maliki said in
    a televised speech.", "said John Smith."), left on its own when a quotation before it ended with a period."""
    words = [t for t in sent if not (t.is_space or t.is_punct or is_quote_like(t))]
    verb_at = next((k for k, t in enumerate(words) if t.lemma_ in LINE_CUES), None)
    if verb_at is None or words[verb_at].tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return None
    verb = words[verb_at]
    if any(c.dep_ in ("ccomp", "neg", "dobj", "xcomp") for c in verb.children):
        return None
    before, after = words[:verb_at], words[verb_at + 1 :]
    if before:
        speaker_words, tail = before, after
    else:  # '"...." said John Smith.'
        speaker_words, tail = after, []
    if not 0 < len(speaker_words) <= MAX_SPEAKER_WORDS or len(tail) > MAX_FRAME_TAIL:
        return None
    if not all(_is_speaker_word(t) for t in speaker_words):
        return None
    if not any((t.tag_.startswith(("NN", "PRP")) and t.tag_ != "PRP$") or _is_name(t) for t in speaker_words):
        return None
    if any(t.tag_.startswith(("VB", "MD")) and t.dep_ not in ("amod", "compound") for t in tail):
        if not _participle_tail(tail, verb):
            return None
    speaker = sent.doc[speaker_words[0].i : speaker_words[-1].i + 1]
    if any(is_quote_like(t) for t in speaker):
        return None  # '"I'm sorry," he wailed.': a quotation and its own frame, not a line for the one before
    return speaker, verb.text


SIGNATURE_DASHES = frozenset({"—", "―", "–", "--"})  # "... are our heroes." — Actress Meryl Streep


def dash_attribution_line(sent: Span) -> tuple[Span, str, bool] | None:
    """The speaker of a signature line after a quotation ('"... our greatest shame." ― Sonya Herridge',
    '"..." — Actress Meryl Streep in a statement in which ...'), its dash, and whether the line is nothing but the
    signature (a name with a short description and no verb of its own); None for any other sentence."""
    line_end = next((t.i for t in sent if "\n" in t.text), sent.end)  # a signature ends with its line
    words = [t for t in sent.doc[sent.start : line_end] if not (t.is_space or is_quote_like(t))]
    if len(words) < 2 or words[0].text not in SIGNATURE_DASHES:
        return None
    speaker_words: list[Token] = []
    for t in words[1:]:
        if t.is_punct or t.lower_ in SPEAKER_PREPOSITIONS or not _is_speaker_word(t):
            break
        speaker_words.append(t)
    if not 0 < len(speaker_words) <= MAX_SPEAKER_WORDS:
        return None
    if not any(t.tag_ in ("NNP", "NNPS") or _is_name(t) for t in speaker_words):
        return None  # "— and then it was over": no name, no signature
    rest = words[1 + len(speaker_words) :]
    if any(t.text.startswith("@") for t in rest):
        return None  # "— Chris Mortensen (@mortreport) October 9": an embedded post's credit, not the speaker
    if rest and not (rest[0].is_punct or rest[0].tag_ == "IN"):
        return None  # "— Trump won the debate": the name is a subject
    speaker = sent.doc[speaker_words[0].i : speaker_words[-1].i + 1]
    return speaker, words[0].text, not any(t.tag_ in FINITE_VERB_TAGS for t in rest)


def trailing_signature(sent: Span) -> tuple[Span, str, int] | None:
    """A signature closing the sentence after its quotation ('... this low?” ― Jacklyn Ashley'): the speaker,
    the dash and the dash's token index; None when the sentence does not end so."""
    for t in sent:
        if t.text in SIGNATURE_DASHES and t.i > sent.start and is_quote_like(sent.doc[_previous_word(t)]):
            found = dash_attribution_line(sent.doc[t.i : sent.end])
            if found is not None and found[2]:
                return found[0], found[1], t.i
    return None


def signature_report(sent: Span, speaker: Span) -> Span | None:
    """The report inside a signature line's description ("— Actress Meryl Streep in a statement in which she
    also clarified that X": "she also clarified that X"), a clause of its own; None when there is none."""
    for t in sent.doc[speaker.end : sent.end]:
        if t.lemma_ in CUE_VERBS and t.tag_ in FINITE_VERB_TAGS and any(c.dep_ == "ccomp" for c in t.children):
            subject = next((c for c in t.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                return sent.doc[subject.left_edge.i : t.right_edge.i + 1]
    return None


# The verbs of a frame standing alone after a quotation ("AL.com reported.", "he wailed.", '"Who gave them the
# right?" Rouhani asked.').
LINE_CUES = derived(lambda: SURFACE_CUES | QUOTE_ONLY_CUES | QUESTION_CUES)


def _participle_tail(tail: list[Token], verb: Token) -> bool:
    """True when the verbs of a frame's ``tail`` are only a participle clause that says where or how the words were
    spoken: "Rouhani asked while giving a speech in Tehran", "Maliki said, speaking on state television"."""
    verbs = [t for t in tail if t.tag_.startswith(("VB", "MD")) and t.dep_ not in ("amod", "compound")]
    if len(verbs) != 1 or verbs[0].tag_ != "VBG" or verbs[0].head.i != verb.i or verbs[0].dep_ != "advcl":
        return False
    opener = tail[0]
    return opener.i == verbs[0].i or (opener.lower_ in PARTICIPLE_OPENERS and opener.head.i == verbs[0].i)


PARTICIPLE_OPENERS = frozenset({"while", "when", "after", "before"})

NEGATIONS = frozenset({"not", "n't", "never", "n’t"})


@dataclass
class SentenceFrame:
    """A frame found on the surface of a sentence: its tokens, the speaker and the cue."""

    frame: set[int]
    claimer: Span
    cue: str
    extra: tuple[int, int] | None = None  # '..., adding that X': X is a claim of its own by the same speaker
    extra_cue: str | None = None
    rule: str | None = None  # the name of the rule that found it (``span._.claimer_rule``, see SENTENCE_FRAME_RULES)


# The names of the rules of :func:`find_sentence_frame`, as recorded in ``span._.claimer_rule``.
SENTENCE_FRAME_RULES = {
    "according_to": "According to X, A and B. / A, and B, according to X. (_sentence_according_to)",
    "quote_frame": "<quote>, X said.: a speaker and a verb of saying after a closing quote mark",
    "trailing_x_said": "..., X said (in a statement).: the frame ends the sentence",
    "x_said_quotation": "When asked, Streep said <quote>: the direct quotation after the frame is the content",
    "fronted_x_said": "In a statement, the ministry said ... / However, X says that ...: the words before the speaker "
    "belong to the frame",
    "interrupting_x_said": "A number of signs, he said, were posted: the content runs across the frame",
    "said_x": "<quote>, said Smith. (_inverted_frame)",
    "interrupting_said_x": "Today, says Kloss, she works ... (_interrupting_inverted_frame)",
    "adding_that": "..., Smith said, adding that X: the claimer of X",
}


def find_sentence_frame(sent: Span, quotes: Sequence[tuple[int, int]] = ()) -> SentenceFrame | None:
    """A frame after the start of the sentence's content, found on the surface rather than in the parse:
    "..., X said." (with a short tail: "in a statement"), '"...," X added', and a frame inside the sentence
    ("A number of signs, he said, were posted", "In the years since, Finkleman says, Egyptians have begun",
    "Before filming began, she told The Times Weinstein invited her") whose content runs across it (F4).
    A frame at the very start of the sentence is left to the parse (:func:`find_attribution`)."""
    doc = sent.doc
    according = _sentence_according_to(sent)
    if according is not None:
        return according
    quoted = {i for a, b in quotes for i in range(a, b)}
    for verb in reversed(sent):
        if not _is_cue(verb, SURFACE_CUES) or not _frame_verb_form(verb):
            continue
        ends_sentence = all(t.is_space or t.is_punct or is_quote_like(t) for t in doc[verb.i + 1 : sent.end])
        if verb.i in quoted and not ends_sentence:
            continue  # a verb of saying inside a quotation; but '"..., Simon says. "I ...' lost its closing mark
        found = _surface_speaker(sent, verb)
        if found is None:
            inverted = _inverted_frame(sent, verb)
            if inverted is not None:
                return inverted
            continue
        speaker, frame_start = found
        if _after_cue_verb(doc[frame_start]):
            continue  # "The pastor  said  he  thought ...": a frame inside an earlier frame's complement (F2)
        participle = _participle_after(sent, verb)
        end = participle[0].i if participle is not None else sent.end
        left = [t for t in doc[sent.start : frame_start] if not (t.is_space or t.is_punct or is_quote_like(t))]
        if not left:
            continue
        before = next((t for t in reversed(doc[sent.start : frame_start]) if not t.is_space), None)
        if before is not None and before.text == ";":
            continue  # '...; some views suggest it is ...': a frame opening its own clause, left to the parse
        if _subordinate_clause_before(left, verb):
            continue  # "While X said A, he insisted that B": two claims, not one content around the frame
        if _opens_conjoined_clause(verb, frame_start):
            continue  # "X was to come, but on Thursday, the party announced ...": the clause split's and the parse's
        tail = [t for t in doc[verb.i + 1 : end] if not (t.is_space or t.is_punct or is_quote_like(t))]
        # a quoted title before the speaker is no quotation of theirs when a clause follows the verb ('In an
        # interview on CBS's "Face the Nation," Ryan said the spate of shootings demands ...')
        after_quote = before is not None and is_quote_like(before) and not _title_then_clause(sent, before, verb)
        # the frame's own adjuncts: "said in a statement", "told The Associated Press in an interview on Monday"
        limit = MAX_FRAME_TAIL if verb.i + 1 < end and is_boundary(doc[verb.i + 1]) else 2 * MAX_FRAME_TAIL
        short_tail = len(tail) <= limit and not any(t.tag_.startswith(("VB", "MD")) for t in tail)
        if after_quote or short_tail:
            # after a closing quote the quotation is the content, however its words were tagged ("Itâ€™s")
            if not any(t.tag_ in FINITE_VERB_TAGS for t in left) and not (after_quote and len(left) > 1):
                continue
            frame = set(range(frame_start, sent.end))
            rule = "quote_frame" if after_quote else "trailing_x_said"
            if after_quote:  # '... despite the weather, "we got stuck," Clapton says': only the quote
                frame |= _outside_quote(sent, cast(Token, before), quotes)  # after_quote: before is a Token
        else:
            right = doc[verb.i + 1 : sent.end]
            words = [t for t in right if not t.is_space]
            if not words:
                continue
            adjunct_end = _frame_adjunct_end(sent, verb)
            if is_quote_like(words[0]) or words[0].text == ":":
                # 'When asked, Streep said "I ...': a direct quotation after the frame is the content alone
                frame = set(range(sent.start, words[0].i + 1))
                rule = "x_said_quotation"
            elif adjunct_end is not None:
                # "A, the agency said in a June report, and B": the frame's own adjunct, then its content goes on
                if not any(t.tag_ in FINITE_VERB_TAGS for t in left):
                    continue
                frame = set(range(frame_start, adjunct_end))
                rule = "interrupting_x_said"
            else:
                opens_clause = is_boundary(right[0]) or right[0].lower_ == "that"
                opens_clause = opens_clause or any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
                if not opens_clause or not any(t.tag_ in FINITE_VERB_TAGS for t in [*left, *tail]):
                    continue
                frame = set(range(frame_start, verb.i + 1))
                rule = "interrupting_x_said"
                if _is_speaker_apposition(left, doc[verb.i + 1 : sent.end]):
                    # "Ocon, a 40-year-old native of Mexico, told The Post that ...": one speaker, no content before
                    speaker = doc[left[0].i : speaker.end]
                    frame = set(range(sent.start, _complement_start(sent, verb)))
                    rule = "fronted_x_said"
                elif _no_clause_before(left) and _that_follows(sent, verb):
                    # "However, Easterbrook says that ...", "Now 61, McNair told the AP that ...": the "that"
                    # clause is the whole content; the words before the speaker are no clause of their own
                    frame = set(range(sent.start, _complement_start(sent, verb)))
                    rule = "fronted_x_said"
                elif _no_clause_before(left) and _clause_follows(sent, verb):
                    # "In a statement, the ministry said the talks had failed", "Asked about it, Smith said it
                    # was dead", "In a statement his office released Saturday  Rubio said ...": the adjunct
                    # belongs to the frame (not "In the years since, Finkleman says, ...")
                    frame = set(range(sent.start, _complement_start(sent, verb)))
                    rule = "fronted_x_said"
                elif _addressee_then_content(sent, verb):
                    # "..., he told the paper (that) ...": who is told belongs to the frame, not to the content; so
                    # does a clause fronted on the frame's verb ("Months after he savaged her, Trump tells Kelly
                    # that ...")
                    fronted = _modifies_verb(left, verb)
                    frame = set(range(sent.start if fronted else frame_start, _complement_start(sent, verb)))
                    rule = "fronted_x_said" if fronted else rule
        cue = " ".join(t.text for t in doc[speaker.end : verb.i + 1] if t.i == verb.i or t.lower_ in FRAME_AUXILIARIES)
        found_frame = SentenceFrame(frame=_with_adjacent_commas(sent, frame), claimer=speaker, cue=cue, rule=rule)
        if participle is not None:
            found_frame.frame |= set(range(participle[0].i, sent.end))
            found_frame.extra, found_frame.extra_cue = participle[1], participle[0].text
        return found_frame
    return None


def _title_then_clause(sent: Span, closing: Token, verb: Token) -> bool:
    """True when the quotation that ``closing`` ends is opened after other words of the sentence (a title: 'In an
    interview on CBS's "Face the Nation," Ryan said ...') and a content clause follows the verb."""
    doc = sent.doc
    opening = next((t for t in reversed(doc[sent.start : closing.i]) if is_quote_like(t)), None)
    if opening is None or not any(not (t.is_space or t.is_punct) for t in doc[sent.start : opening.i]):
        return False
    return _next_word(verb).lower_ not in CLAUSE_OPENERS and _clause_follows(sent, verb)


def _no_clause_before(left: list[Token]) -> bool:
    """True when the words before a frame's speaker are no clause of the content: they have no finite verb, they
    open with a participle that modifies the frame's verb ("Asked whether he would resign, ..."), or they open
    with a preposition whose noun the verb only modifies ("In a statement his office released ...", unlike
    "Before filming began, ...")."""
    if not any(t.tag_ in FINITE_VERB_TAGS for t in left):
        return True
    if left[0].tag_ in ("VBN", "VBG") and left[0].dep_ == "advcl":
        return True  # "Asked whether he would resign, the minister said ...": a participle adjunct of the frame
    return left[0].tag_ == "IN" and left[0].dep_ == "prep" and left[0].lower_ not in CLAUSE_OPENERS


def _after_cue_verb(token: Token) -> bool:
    """True when the word before ``token`` (past spaces and "that") is a verb of saying ("said  he  thought"). Not
    for a passive verb, which has no complement to hold the frame, nor across a lost comma ("than has been publicly
    acknowledged  CNN reported."; the spaces around a padded mention, "said  he  thought", are no lost comma)."""
    i = token.i - 1
    while i >= token.sent.start and (token.doc[i].is_space or token.doc[i].lower_ == "that"):
        i -= 1
    before = token.doc[i] if i >= token.sent.start else None
    if before is None or before.lemma_ not in CUE_VERBS or not before.tag_.startswith("VB"):
        return False
    if any(c.dep_ == "auxpass" for c in before.children):
        return False
    gap = token.doc[before.i + 1] if before.i + 1 < token.i else None
    return gap is None or not _is_lost_comma(gap) or _pads_mention(gap)


def _pads_mention(space: Token) -> bool:
    """True for extra spaces before a mention that has extra spaces after it too, before the next verb ("said  he
    thought", "aides said  a frustrated Mr. Trump  had told"): PerSenT pads mentions of the article's main
    entity so, where no comma was lost."""
    doc = space.doc
    for token in doc[space.i + 1 : min(space.i + 2 + MAX_SPEAKER_WORDS, space.sent.end)]:
        if token.is_space:
            return _is_lost_comma(token)
        if token.is_punct or token.tag_.startswith(("VB", "MD")):
            return False
    return False


def _clause_follows(sent: Span, verb: Token) -> bool:
    """True when a whole clause follows ``verb`` directly, with no boundary after the verb."""
    after = sent.doc[verb.i + 1] if verb.i + 1 < sent.end else None
    if after is not None and _pads_next_word(after):
        after = sent.doc[after.i + 1]  # "Merkel  said  her  top priorities were ...": spaces around a word
    if after is None or is_boundary(after) or after.is_punct:
        return False
    return any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children) and has_clause_core(
        sent.doc[verb.i + 1 : sent.end]
    )


SUBORDINATORS = frozenset({"while", "although", "though", "whereas"})  # concessive: a claim of its own (guide C2)


def _subordinate_clause_before(left: list[Token], verb: Token) -> bool:
    """True when the words before the speaker are a whole subordinate clause ("While Mr. Trump said he hoped ...")
    and the frame's verb takes a clause of its own after it ("he insisted ... that he was no puppet"): the content
    does not run across the frame."""
    if not left or left[0].lower_ not in SUBORDINATORS or not any(t.tag_ in FINITE_VERB_TAGS for t in left):
        return False
    return any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)


def _opens_conjoined_clause(verb: Token, frame_start: int) -> bool:
    """True when the frame's verb heads a clause conjoined to an earlier one and only its own adjuncts stand between
    the connector and the speaker ("..., but on Thursday, the party announced ..."): the clause before is not the
    frame's content."""
    if verb.dep_ != "conj" or verb.head.i >= frame_start:
        return False
    connector = next((c for c in verb.head.children if c.dep_ == "cc" and verb.head.i < c.i < frame_start), None)
    if connector is None:
        return False
    between = [t for t in verb.doc[connector.i + 1 : frame_start] if not (t.is_space or t.is_punct)]
    return all(any(a.i == verb.i for a in t.ancestors) for t in between)


def _addressee_then_content(sent: Span, verb: Token) -> bool:
    """True when only a noun phrase (who is told: "told the paper", "tells Fox News anchor Megyn Kelly") stands
    between the frame's verb and its content, which "that" opens or a verb of telling takes."""
    start = _complement_start(sent, verb)
    between = [t for t in sent.doc[verb.i + 1 : start] if not t.is_space and t.lower_ != "that"]
    if not between or not (_that_follows(sent, verb) or verb.lemma_ in ADDRESSEE_VERBS):
        return False
    return not any(t.tag_.startswith(("VB", "MD")) or t.is_punct for t in between)


def _modifies_verb(left: list[Token], verb: Token) -> bool:
    """True when every word before the frame's speaker hangs on ``verb`` through a fronted adjunct (not through the
    verb's complement): the parse puts them in the frame's clause."""
    adjuncts = [c for c in verb.children if c.i < left[-1].i + 1 and c.dep_ in ("advcl", "prep", "npadvmod", "advmod")]
    covered = {t.i for c in adjuncts for t in c.subtree}
    return bool(adjuncts) and all(t.i in covered for t in left)


def _that_follows(sent: Span, verb: Token) -> bool:
    """True when "that" comes within the frame's short tail after ``verb`` ("told the AP that ...")."""
    words = [t for t in sent.doc[verb.i + 1 : sent.end] if not t.is_space][: MAX_FRAME_TAIL + 1]
    return any(t.lower_ == "that" for t in words)


def _complement_start(sent: Span, verb: Token) -> int:
    """Where the content after a frame's verb starts: past "that" when it comes within the frame's short tail
    ("told The Post that ..."), else at the verb's clausal complement, else right after the verb."""
    doc = sent.doc
    words = [t for t in doc[verb.i + 1 : sent.end] if not t.is_space][: MAX_FRAME_TAIL + 1]
    that = next((t for t in words if t.lower_ == "that"), None)
    if that is not None:
        return that.i + 1
    complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    return complement_after_time(verb, complement) if complement is not None else verb.i + 1


def _is_speaker_apposition(left: list[Token], right: Span) -> bool:
    """True when the words before a frame's speaker are a noun phrase in apposition to it (a name or a
    description, no verb, not a fronted adverbial) and the words after the verb are a whole clause, so nothing
    before the speaker belongs to the content (unlike "A number of signs, he said, were posted")."""
    if not left or left[0].tag_ not in SPEAKER_TAGS - {"POS", "HYPH"} or left[0].tag_ == "PRP":
        return False
    if any(t.tag_ not in SPEAKER_TAGS and t.lower_ not in SPEAKER_PREPOSITIONS and t.tag_ != "CC" for t in left):
        return False
    if not any(t.tag_.startswith("NN") for t in left) or len(left) > 2 * MAX_SPEAKER_WORDS:
        return False
    first = next((t for t in right if not t.is_space), None)
    return first is not None and (first.lower_ == "that" or has_clause_core(right))


def _participle_after(sent: Span, verb: Token) -> tuple[Token, tuple[int, int]] | None:
    """ "X, Smith said, adding that Y": the participle and the token range of Y."""
    doc = sent.doc
    i = verb.i + 1
    while i < sent.end and (doc[i].is_space or doc[i].text == "," or is_quote_like(doc[i])):
        i += 1
    if i >= sent.end or doc[i].tag_ != "VBG" or doc[i].lemma_ not in CUE_VERBS:
        return None
    start = i + 1
    while start < sent.end and (doc[start].is_space or doc[start].lower_ == "that" or doc[start].text == ":"):
        start += 1
    end = sent.end
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if not has_clause_core(doc[start:end]):
        return None
    return doc[i], (start, end)


def _inverted_frame(sent: Span, verb: Token) -> SentenceFrame | None:
    """'"...," said Smith.' / "The product is safe  said spokesman John Smith  a former engineer.": the verb
    right after a boundary, then only the speaker (and an appositive) to the end of the sentence."""
    doc = sent.doc
    i = verb.i - 1
    while i >= sent.start and doc[i].is_space and i - 1 >= sent.start and doc[i - 1].is_space:
        i -= 1
    if i < sent.start or not is_boundary(doc[i]) or verb.tag_ not in ("VBD", "VBZ", "VBN"):
        return None
    # a subject inside the quotation before the verb is a misparse, and so is a mojibake quote taken for one
    subjects = [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass")
        and c.lower_ not in TIME_WORDS
        and not any(is_quote_like(t) for t in doc[c.i : verb.i])
    ]
    if subjects and all(c.i < verb.i for c in subjects):
        return None  # "Nicole Soos  speaking with her husband  said  Nassar  destroyed ...": not inverted
    if verb.lemma_ in ADDRESSEE_VERBS:
        return None  # '"...," Huy Vannak  a state secretary  told Reuters': the name after "told" is the addressee
    j = verb.i + 1
    while j < sent.end and doc[j].is_space:
        j += 1
    k = j
    while k < sent.end and not is_boundary(doc[k]) and not doc[k].is_punct and doc[k].tag_ not in RELATIVE_TAGS:
        k += 1
    if k == j:
        return None
    # the speaker's own relative clause ("said  Bourjos   who could fit nicely ...") is part of the frame
    relative = next((t.i for t in doc[k : sent.end] if not (t.is_space or t.is_punct)), sent.end)
    rest_end = relative if relative < sent.end and doc[relative].tag_ in RELATIVE_TAGS else sent.end
    rest = [t for t in doc[verb.i + 1 : rest_end] if not (t.is_space or t.is_punct)]
    time = _trailing_time(rest)
    if time:  # 'wrote former prosecutor Renato Mariotti on Friday': the date is part of the frame, not the speaker
        rest, k = rest[: -len(time)], min(k, time[0].i)
    speaker_words = rest
    if any(not (_is_speaker_word(t) or _place_of_speaker(t)) for t in rest):
        if not _speaker_then_apposition(doc, j, k, rest_end):
            return _interrupting_inverted_frame(sent, verb, doc[j:k])
        speaker_words = [t for t in doc[j:k] if not (t.is_space or t.is_punct)]
    if len(speaker_words) > 2 * MAX_SPEAKER_WORDS or not any(t.tag_.startswith("NN") for t in speaker_words):
        return None
    left = [t for t in doc[sent.start : i] if not (t.is_space or t.is_punct or is_quote_like(t))]
    closes_quote = any(is_quote_like(t) for t in doc[max(sent.start, i - 1) : verb.i])
    if not any(t.tag_ in FINITE_VERB_TAGS for t in left) and not (closes_quote and len(left) > 1):
        return None  # but '"... panic mode. Full panic mode," said X': the end of a quotation, however short
    frame = _with_adjacent_commas(sent, set(range(verb.i, sent.end)))
    if not any(t.is_punct for t in doc[j : rest[-1].i + 1]):
        k = rest[-1].i + 1  # "said  Trump  spokeswoman Sarah Sanders": spaces that pad a name inside the speaker
    return SentenceFrame(frame=frame, claimer=doc[j:k], cue=verb.text, rule="said_x")


TIME_PREPOSITIONS = frozenset({"on", "in", "last", "this", "late", "early", "earlier"})


def _place_of_speaker(token: Token) -> bool:
    """ "in" after the speaker's noun ("said one GOP source in the room", "said a diplomat in Brussels")."""
    return token.lower_ == "in" and token.dep_ == "prep" and token.head.tag_.startswith("NN")


def _trailing_time(words: list[Token]) -> list[Token]:
    """The time phrase that ends ``words`` ("on Friday", "last week", "Monday"), or an empty list."""
    k = len(words)
    while k > 0 and (words[k - 1].lower_ in TIME_WORDS or words[k - 1].tag_ == "CD"):
        k -= 1
    if k == len(words):
        return []
    while k > 0 and words[k - 1].lower_ in TIME_PREPOSITIONS:
        k -= 1
    return words[k:] if k > 0 else []


def _speaker_then_apposition(doc, j: int, k: int, end: int) -> bool:
    """ "said Sen. Lindsey Graham (R-S.C.), one of the few to acknowledge it": a speaker of speaker words up to
    a boundary, then an appositive with no finite verb of its own."""
    speaker = [t for t in doc[j:k] if not t.is_space]
    if not speaker or not all(_is_speaker_word(t) for t in speaker) or k >= end or not is_boundary(doc[k]):
        return False
    if not any(t.tag_ in ("NNP", "NNPS") or t.ent_type_ in SPEAKER_ENTITIES for t in speaker):
        return False
    # the appositive's own relative clause may have its verb ("a law professor ... who has been involved in ...")
    relative = next((t.i for t in doc[k:end] if t.tag_ in RELATIVE_TAGS), end)
    return not any(t.tag_ in FINITE_VERB_TAGS for t in doc[k:relative])


ADDRESSEE_VERBS = frozenset({"tell"})  # the noun phrase right after the verb is who is told, never the speaker


def _interrupting_inverted_frame(sent: Span, verb: Token, speaker: Span) -> SentenceFrame | None:
    """ "Today, says Kloss, she works with ...": an inverted frame (verb, then a short name) between two
    boundaries inside the sentence; the content runs across it (F4)."""
    doc = sent.doc
    if verb.tag_ not in ("VBD", "VBZ") or not 0 < len([t for t in speaker if not t.is_space]) <= MAX_SPEAKER_WORDS:
        return None
    if any(t.tag_ not in SPEAKER_TAGS for t in speaker if not t.is_space) or speaker.end >= sent.end:
        return None
    if any(t.lower_ in TIME_WORDS for t in speaker):
        return None
    if not any(t.tag_ in ("NNP", "NNPS") or t.ent_type_ in SPEAKER_ENTITIES for t in speaker):
        return None  # "..., announced Monday, ...", "..., says the report ..." are left alone
    if not is_boundary(doc[speaker.end]) or not has_clause_core(doc[speaker.end : sent.end]):
        return None
    if not any(not (t.is_space or t.is_punct or is_quote_like(t)) for t in doc[sent.start : verb.i]):
        return None
    frame = _with_adjacent_commas(sent, set(range(verb.i, speaker.end)))
    return SentenceFrame(frame=frame, claimer=speaker, cue=verb.text, rule="interrupting_said_x")


def _sentence_according_to(sent: Span) -> SentenceFrame | None:
    """ "According to X, A and B." / "A, and B, according to X.": the source covers every clause (F5)."""
    words = [t for t in sent if not (t.is_space or t.is_punct or is_quote_like(t))]
    if len(words) < 4:
        return None
    if words[0].lower_ == "according" and words[1].lower_ == "to":
        start = words[0].i
        first = words[2].i  # past the spaces that pad a name ("According to  Politico  Kushner left ...")
        end = next((t.i for t in sent if t.i > first and is_boundary(t) and not t.is_quote), None)
        if end is None:
            return None
    else:
        tail = next((t for t in words if t.lower_ == "according" and t.i + 1 < sent.end), None)
        if tail is None or sent.doc[tail.i + 1].lower_ != "to":
            return None
        if any(is_boundary(t) and not t.is_space for t in sent.doc[tail.i : sent.end] if not t.is_punct):
            return None
        after = [t for t in sent.doc[tail.i + 2 : sent.end] if not (t.is_space or t.is_punct)]
        if not after or any(t.tag_.startswith(("VB", "MD")) or t.dep_ == "relcl" for t in after):
            return None
        start, end = tail.i, sent.end
    speaker = sent.doc[start + 2 : end]
    while len(speaker) > 1 and (speaker[-1].is_space or speaker[-1].is_punct):
        speaker = speaker[:-1]
    while len(speaker) > 1 and speaker[0].is_space:
        speaker = speaker[1:]
    if not any(t.tag_.startswith(("NN", "PRP")) for t in speaker):
        return None
    frame = _with_adjacent_commas(sent, set(range(start, end)))
    return SentenceFrame(frame=frame, claimer=speaker, cue="according to", rule="according_to")


def _frame_verb_form(verb: Token) -> bool:
    """A finite verb of saying, or a participle after "has"/"had" (or a bare one the tagger misread)."""
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.tag_ == "POS" and _name_ends_in_s(before, verb):
        return True  # '" Christie's writes in ...' with "writes" tagged as a plural noun
    return verb.tag_ == "VBN" and not any(c.dep_ in ("auxpass",) for c in verb.children)


def _pads_next_word(token: Token) -> bool:
    """True for extra spaces before a word (or a name) that has extra spaces after it too ("said  her  top"):
    PerSenT pads the article's main entity so, where no comma was lost."""
    doc = token.doc
    if not _is_lost_comma(token) or token.i + 1 >= len(doc) or doc[token.i + 1].is_space:
        return False
    i = token.i + 1
    while i + 1 < len(doc) and not doc[i + 1].is_space and doc[i + 1].ent_iob_ == "I":
        i += 1
    return i + 1 < len(doc) and _is_lost_comma(doc[i + 1])


def _outside_quote(sent: Span, closing: Token, quotes: Sequence[tuple[int, int]]) -> set[int]:
    """The tokens of ``sent`` outside the quote that ``closing`` ends, unless the words before the quote
    hold the subject of a verb inside it ('Martins "told the young woman ..." Gonzalez said') or the quote is
    no clause of its own (a quoted word or phrase at the end of a clause)."""
    region = next(((a, b) for a, b in quotes if b == closing.i), None)
    if region is None:
        return set()
    start, end = region
    before = range(sent.start, start)
    if any(sent.doc[i].dep_ in SUBJECT_DEPS and start <= sent.doc[i].head.i < end for i in before):
        return set()
    if any(not (t.is_space or t.is_punct) for t in sent.doc[sent.start : start]) and not has_clause_core(
        sent.doc[start:end]
    ):
        return set()  # '... they were clearly marked "negative" the Post reports': a quoted word, not the content
    return {i for i in before} | {i for i in range(end, sent.end)}


def _speaker_relative_clause(sent: Span, last: Token) -> Token | None:
    """The verb of a non-restrictive relative clause that ends with ``last`` and follows a name after a boundary
    ("Smith  who chairs the committee"), or None."""
    for token in [last, *last.ancestors]:
        if token.dep_ != "relcl" or any(not t.is_space for t in token.doc[last.i + 1 : token.right_edge.i + 1]):
            continue
        head, start = token.head, token.left_edge.i
        if head.i < start and head.i >= sent.start and head.pos_ == "PROPN" and is_boundary(token.doc[start - 1]):
            return token
    return None


def _name_before_apposition(sent: Span, start: int) -> int:
    """Where a speaker that starts at ``start`` really starts: at the name before it when the speaker is an
    appositive set off by a lost comma, and the name follows a quote mark, a comma, or a lost comma when it is a
    person's ('..." Huy Vannak  undersecretary of state at the ministry  told Reuters'); else ``start``."""
    doc = sent.doc
    i = start - 1
    if not _is_lost_comma(doc[i]) or any(t.pos_ == "PROPN" for t in doc[start : start + 1]):
        return start
    i -= 1
    names = 0
    while i > sent.start and doc[i].pos_ == "PROPN" and names < MAX_NAME_WORDS:
        names += 1
        i -= 1
    before, name = doc[i], doc[i + 1 : start - 1]
    person = all(t.ent_type_ in ("PERSON", "OFFICIAL") for t in name)
    if names and (is_quote_like(before) or before.text == "," or (_is_lost_comma(before) and person)):
        return i + 1
    return start


MAX_NAME_WORDS = 4


def _is_long_name_phrase(span: Span) -> bool:
    """True for a speaker longer than :data:`MAX_SPEAKER_WORDS` that is one noun phrase headed by a title or
    a name and holding a name ("conservative writer Jonah Goldberg at the National Review"): no verb, a single
    noun whose head lies outside it, and a proper noun of a person or an official. Before "turned" between two
    nouns ("former Goldman executive turned White House staffer Marc Short"), only the noun phrase after it counts."""
    turned = next((t for t in span if t.lower_ == "turned" and t.i > span.start and _between_nouns(t)), None)
    if turned is not None:
        span = span.doc[turned.i + 1 : span.end]
    words = [t for t in span if not t.is_space]
    if any(t.tag_.startswith(("VB", "MD")) or t.tag_ in ("PRP", "PRP$", "CC") for t in words):
        return False
    inside = range(span.start, span.end)
    heads = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    if len(heads) != 1 or not heads[0].tag_.startswith("NN"):
        return False
    return any(t.tag_ in ("NNP", "NNPS") and t.ent_type_ in ("PERSON", "OFFICIAL") for t in words)


def _affiliation_start(sent: Span, close: int) -> int | None:
    """Where a short parenthesis of names and hyphens that ends at ``close`` opens ("(D-Md.)", "(R-Utah)"); None
    when ``close`` is no closing parenthesis or the parenthesis holds other words."""
    doc = sent.doc
    if close < sent.start or doc[close].text != ")":
        return None
    for k in range(close - 1, max(sent.start, close - 6) - 1, -1):
        if doc[k].text == "(":
            return k if k < close - 1 and k - 1 >= sent.start and _is_name(doc[k - 1]) else None
        if not (doc[k].tag_ in ("NNP", "HYPH") or doc[k].text in ("-", ".")):
            return None
    return None


def _surface_speaker(sent: Span, verb: Token) -> tuple[Span, int] | None:
    """The noun phrase right before ``verb`` (past "has"/"had" and extra spaces), starting at a boundary."""
    doc = sent.doc
    i = verb.i - 1
    while i >= sent.start and (doc[i].is_space or doc[i].lower_ in FRAME_AUXILIARIES):
        if doc[i].lower_ in NEGATIONS:
            return None
        i -= 1
    if i >= sent.start and (doc[i].lower_ in NEGATIONS or doc[i].tag_ == "MD"):
        return None  # "did not say", "will say": no attribution (F3)
    relative = _speaker_relative_clause(sent, doc[i]) if i >= sent.start else None
    if relative is not None:  # "...  Smith  who chairs the committee  said": the clause is part of the frame
        i = relative.head.i
    end = i + 1
    opening = _affiliation_start(sent, i)
    if opening is not None:  # '..." Rep. Elijah E. Cummings (D-Md.) said': the party and state belong to the name
        i = opening - 1
    words = 0
    while i >= sent.start and not (is_boundary(doc[i]) and not _is_padding(doc[i])):
        token = doc[i]
        if token.is_space:
            i -= 1
            continue
        if not _is_speaker_word(token):
            return None  # no boundary before the speaker: part of a longer clause
        words += 1
        i -= 1
    start = i + 1
    if start >= end or words > 2 * MAX_SPEAKER_WORDS or start == sent.start:
        return None
    if words > MAX_SPEAKER_WORDS and not _is_long_name_phrase(doc[start:end]):
        return None
    before = [t for t in doc[sent.start : start] if not t.is_space]
    if words > MAX_SPEAKER_WORDS and all(t.pos_ == "PROPN" for t in before):
        return None  # "Andrey Akimov  deputy chairman of ... told Reuters": the appositive of a name, left to the parse
    start = _name_before_apposition(sent, start)
    if doc_text_before(doc[start]).lower() in CLAUSE_OPENERS:
        # "a letter in which  she  wrote that ...", '..." Franken said  when  he  announced ...': a frame
        # inside a relative or adverbial clause attributes nothing (F2)
        return None
    speaker = doc[start:end]
    if not any((t.tag_.startswith(("NN", "PRP")) and t.tag_ != "PRP$") or _is_name(t) for t in speaker):
        return None
    if speaker[-1].tag_ == "POS" and _name_ends_in_s(speaker[-1], verb):
        return speaker, start  # '..." Christie's writes in the presentation'
    if speaker[0].lower_ in SPEAKER_PREPOSITIONS or speaker[-1].tag_ in ("POS", "DT", "JJ", "PRP$"):
        return None
    return speaker, start


def _name_ends_in_s(possessive: Token, verb: Token) -> bool:
    """True for the "'s" that ends a name ("Christie's writes", "McDonald's said"): right after a capitalised proper
    noun and right before a finite verb, where no possessive can stand."""
    doc = possessive.doc
    name = doc[possessive.i - 1] if possessive.i > 0 else None
    if name is None or name.pos_ != "PROPN" or not name.text[:1].isupper() or name.whitespace_:
        return False
    misread = verb.tag_ == "NNS" and verb.lower_.endswith("s")  # "writes" taken for a noun after the "'s"
    return _next_word(possessive).i == verb.i and (verb.tag_ in ("VBZ", "VBD") or misread)
