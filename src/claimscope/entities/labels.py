"""Label decisions and clean-up for the entity component: what the NER's spans are (a person, an organisation,
a place, a headline's predicate, a title), judged from the words and the parse around them."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimscope.claims import DATELINE_DASHES
from claimscope.entities.gazetteer import Gazetteer
from claimscope.entities.tokens import _skip_spaces
from claimscope.entities.words import (
    ACTOR_GROUP_WORDS,
    APPOSITION_ROLES,
    CLAUSE_DEPS,
    COMPANY_NOUNS,
    COUNT_NOUNS,
    FUNCTION_POS,
    GENERIC_EVENT_WORDS,
    HEADLINE_PREPOSITIONS,
    HEADLINE_VERBS,
    INDEFINITE_DETERMINERS,
    MONTHS,
    ORG_POSSESSIONS,
    ORG_WORDS,
    PERSON_ROLE_WORDS,
    PERSONAL_POSSESSIONS,
    PERSONAL_POSSESSIVES,
    PROJECT_LAST_WORDS,
    SPEECH_VERBS,
)


def _relabel(span: Span, label: str, kinds: dict[int, str], listed: set[int] | frozenset[int] = frozenset()) -> str:
    """Fix the small NER's usual confusions: laws tagged ORG, organisations tagged PERSON, people tagged ORG."""
    if len(span) > 1 and span[-1].text in PROJECT_LAST_WORDS and label in ("ORG", "PERSON", "EVENT"):
        return "PROJECT"  # "United States Constitution", "Withdrawal Agreement Bill"
    if label in ("PROJECT", "EVENT") and len(span) <= 3 and _plain_name(span):
        if _used_as_person(span) or _after_role_word(span):
            return "PERSON"  # "Delaney and his wife" tagged LAW, "Trump accuser Summer Zervos" tagged EVENT
    if label == "ORG" and span.text.isupper() and _speaker_tag(span):
        return "PERSON"  # "MARTIN : But as we said earlier ...": a transcript's speaker
    if label == "PERSON" and any(t.text in ORG_WORDS for t in span):
        return "ORG"  # "Joseph Wheeler High School"
    if label == "PERSON" and _one_word(span) and _used_as_organisation(span):
        return "ORG"  # "Sinopec said its profit rose", "Petrobras, the state oil company, ..."
    if len(span) <= 3 and label in ("PERSON", "ORG") and not span.text.isupper() and _plain_name(span):
        # One word coordinated only with names of the other type takes their type: "Amazon, Starbucks, and
        # Chipotle" (Chipotle tagged PERSON), "Manafort and Gates", "Obama and Hatoyama" (tagged ORG).
        other = "ORG" if label == "PERSON" else "PERSON"
        conjuncts = span.root.conjuncts
        if label == "PERSON" and len(conjuncts) == 1 and conjuncts[0].i not in listed:
            # "Sanchez and Ortega" tagged ORG and PERSON: in a pair of unlisted names the person wins (flipping
            # both would swap the error); a listed organisation still makes its partner one ("Amazon and X").
            return label
        if _coordinated_with(span, other, kinds, only=True):
            return other
    if label == "ORG" and _one_word(span) and _used_as_organisation(span):
        return label  # "Transneft said its pipeline was damaged": no person, though it speaks
    if label == "ORG" and _one_word(span) and span.text.istitle() and _is_speaker(span.root):
        return "PERSON"  # "Vadri said": an unknown one-word name that speaks is a person, not an organisation
    if label == "ORG" and _one_word(span) and _bare_name_subject(span.root):
        return "PERSON"  # "Riehl is aware he has shot ...", "McGee was hired": an unknown one-word subject
    if label == "ORG" and len(span) <= 3 and _plain_name(span) and _after_role_word(span):
        return "PERSON"  # "ICE spokesperson Shawn Neudauer" tagged ORG
    if label == "ORG" and len(span) == 1 and span.text.istitle() and _owns_personal_things(span):
        return "PERSON"  # "Vissarion's first wife"
    if label == "ORG" and len(span) <= 3 and _plain_name(span):
        if _person_by_pronoun(span) or _person_in_apposition(span) or _reflexive_follows(span):
            return "PERSON"  # "Rutherford dropped her complaint", "Navarro, a veteran nurse", "Lauer himself"
    if label == "ORG" and not span.text.isupper() and not any(t.text in ORG_WORDS for t in span):
        after = span.end
        doc = span.doc
        while after < len(doc) and (doc[after].is_space or doc[after].text == ","):
            after += 1
        if after < len(doc) and doc[after].lower_ == "who":
            return "PERSON"  # "Nassar, who was a sports doctor"
    return label


def _plain_name(span: Span) -> bool:
    """Capitalised words only, none of them an organisation word."""
    return all(t.is_title and t.is_alpha and t.text not in ORG_WORDS for t in span)


def _after_role_word(span: Span) -> bool:
    """The span follows a word for a person's role: "spokesperson Shawn Neudauer", "candidate Blake Masters"."""
    k = span.start - 1
    while k >= 0 and span.doc[k].is_space:
        k -= 1
    return k >= 0 and span.doc[k].lower_ in PERSON_ROLE_WORDS


def _owns_personal_things(span: Span) -> bool:
    """ "<name>'s [first] wife", "<name>'s parents": only a person has these."""
    doc = span.doc
    k = span.end
    if k >= len(doc) or doc[k].tag_ != "POS":
        return False
    head = span.root.head
    return span.root.dep_ == "poss" and head.lower_ in PERSONAL_POSSESSIONS


def _is_speaker(token: Token) -> bool:
    """The subject of a speech verb ("Vadri said", "X ... told reporters")."""
    if token.dep_ != "nsubj":
        return False
    head = token.head
    return head.lemma_ in SPEECH_VERBS or any(c.dep_ == "conj" and c.lemma_ in SPEECH_VERBS for c in head.children)


def _one_word(span: Span) -> bool:
    """One token, or words joined by hyphens without spaces ("Colson-Unglesbee", which spaCy splits in three)."""
    if len(span) == 1:
        return True
    tokens = list(span)
    return (
        len(tokens) % 2 == 1
        and all(t.text == "-" for t in tokens[1::2])
        and all(t.is_alpha for t in tokens[::2])
        and not any(t.whitespace_ for t in tokens[:-1])
    )


def _bare_name_subject(token: Token) -> bool:
    """A singular proper noun with no determiner, not an acronym, that is the subject of a clause ("Dutoit
    assaulted her", "McGee was hired"): a surname far more often than an organisation, whose one-word names
    (teams, parties, "the Company") are plural, take "the" or are listed."""
    text = token.text
    return (
        token.dep_ in ("nsubj", "nsubjpass")
        and token.tag_ == "NNP"
        and len(text) > 1  # "Chart A shows"
        and text[:1].isupper()
        and not text[1:2].isupper()  # "CAUdacity", "NASA"
        and all(ch.isalpha() or ch in "'’-" for ch in text)
        and not any(c.dep_ == "det" for c in token.children)
    )


def _coordinated_with(span: Span, kind: str, kinds: dict[int, str], only: bool = False) -> bool:
    """True when the span's root is coordinated with a name of ``kind`` (a label in ``kinds``, token index ->
    label); with ``only``, when every coordinated token is one."""
    conjuncts = span.root.conjuncts
    if not conjuncts:
        return False
    matches = [kinds.get(t.i) == kind for t in conjuncts]
    return all(matches) if only else any(matches)


# The separators of a list of names: "Kharkiv and Odesa", "Donetsk, Luhansk".
_LIST_SEPARATORS = re.compile(r",? and |, ")


# A clock time: "12:17pm".
_CLOCK_TIME = re.compile(r"^\d{1,2}:\d\d")


def _looks_like_a_name(span: Span, label: str) -> bool:
    """False for spans the NER tags that cannot be names: no capital letter ("bobby", "chapter 11"), a link
    ("pic.twitter.com/..."), the start of a hyphenated word ("Mar" of "Mar-a-Lago") or an acronym's plural
    ("NGOs", "NDMPs")."""
    text = span.text
    if not any(ch.isupper() for ch in text) or any(t.like_url or "/" in t.text[1:] for t in span):
        return False
    doc = span.doc
    end = span.end
    if end + 2 < len(doc) and doc[end].text == "-" and doc[end + 1].is_lower and doc[end + 2].text == "-":
        return False  # "Mar-a-Lago", but "Trump-backed" keeps "Trump"
    if span[0].text.rstrip(".") in MONTHS and any(t.like_num for t in span):
        return False  # "Jun 5"
    if any(_CLOCK_TIME.match(t.text) for t in span):
        return False  # "12:17pm PDT"
    if span[0].tag_ == "VBG" or (len(span) == 1 and span[0].tag_.startswith("VB")):
        return False  # "Dislodging Syrian leader ...", "Beginning with Wisconsin"
    if len(span) == 1 and span[0].pos_ in FUNCTION_POS:
        return False  # "Later" split off "Later  Judicial Watch"
    if label == "ORG" and len(span) > 1 and span[-1].is_digit and len(span[-1].text) > 1:
        return False  # "Interstate 375", "Exchange 106", "FTSE 350"
    return not (len(span) == 1 and len(text) > 2 and text.endswith("s") and text[:-1].isupper())


def _actor_group(span: Span, gazetteer: Gazetteer) -> bool:
    """ "UK Government", "Trump Administration": a listed country or person followed by a group word."""
    if len(span) < 2 or span[-1].lower_ not in ACTOR_GROUP_WORDS:
        return False
    entry = gazetteer.lookup(span[:-1].text)
    return entry is not None and entry.label in ("COUNTRY", "OFFICIAL", "PERSON")


def _ends_with_its_acronym(span: Span) -> bool:
    """ "Christian Democratic Union CDU": the last word is the initials of the capitalised words before it."""
    last = span[-1].text
    if len(span) < 3 or len(last) < 2 or not last.isalpha() or not last.isupper():
        return False
    initials = "".join(t.text[0] for t in span[:-1] if t.is_title)
    return sorted(initials) == sorted(last)  # also "Social Democratic Party SPD" (German word order)


def _common_noun_use(span: Span) -> bool:
    """A one-word name with an indefinite determiner is used as a common noun ("another Karen"), or it is the
    owner in a holiday's name ("Valentine's Day")."""
    if len(span) != 1:
        return False
    root = span.root
    if root.dep_ == "poss" and root.head.text == "Day" and root.head.i == span.end + 1:
        return True
    return any(c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS for c in root.children)


def _bare_name_clause_subject(span: Span) -> bool:
    """ "Neighbors said Long made them uncomfortable", "Merlan seemed to double down": an untagged name, not the
    first word, that is the bare subject of a clause, outside a title-case headline ("Report Shows ...")."""
    token = span.root
    return (
        not span[0].is_sent_start
        and all(t.is_title or not t.text[1:2].isupper() for t in span)
        and _bare_name_subject(token)
        and not _headline_like(span.sent)
    )


def _used_as_person(span: Span) -> bool:
    """Something in the sentence that only a person does or has: it speaks, "who" follows, "his"/"her" in its
    clause, "<name>'s wife", an age or a person's role in apposition."""
    return (
        _is_speaker(span.root)
        or _relative_follows(span, "who")
        or _reflexive_follows(span)
        or _person_by_pronoun(span)
        or _owns_personal_things(span)
        or _person_in_apposition(span)
    )


def _used_as_organisation(span: Span) -> bool:
    """Something in the sentence that only an organisation has or does, and nothing a person does: "which"
    follows, a company noun in apposition ("Petrobras, the state oil company"), "<name>'s shareholders",
    or "its" refers back to it ("Sinopec said its profit rose")."""
    if (
        _relative_follows(span, "who")
        or _reflexive_follows(span)
        or _owns_personal_things(span)
        or _person_in_apposition(span)
    ):
        return False
    root = span.root
    if root.dep_ == "poss" and root.head.lower_ in ORG_POSSESSIONS:
        return True
    if root.dep_ == "compound" and root.head.lower_ in ORG_POSSESSIONS:
        return True  # "Novatek shareholders"
    if any(c.dep_ == "appos" and c.lower_ in COMPANY_NOUNS for c in root.children):
        return True
    return _relative_follows(span, "which") or _its_follows(span)


def _relative_follows(span: Span, pronoun: str) -> bool:
    """The relative ``pronoun`` follows the span, after commas or spaces: "Hollis, who was fired" refers to a
    person, "Gazprombank, which handles payments" to a thing."""
    doc = span.doc
    k = span.end
    while k < len(doc) and (doc[k].is_space or doc[k].text == ","):
        k += 1
    return k < len(doc) and doc[k].lower_ == pronoun


def _its_follows(span: Span) -> bool:
    """The span is a subject and the first possessive after it, before any noun, is "its"."""
    doc = span.doc
    if span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    for token in doc[span.end : min(len(doc), span.end + 8)]:
        if token.lower_ == "its" and token.dep_ == "poss":
            return True
        if token.pos_ in ("NOUN", "PROPN", "PRON") or token.is_sent_start:
            return False
    return False


def _speaker_tag(span: Span) -> bool:
    """The span opens its sentence and a colon follows it: "MARTIN :", "Holly Williams:"."""
    doc = span.doc
    k = _skip_spaces(doc, span.end)
    return span.start == span.sent.start and k < len(doc) and doc[k].text == ":"


def _person_in_apposition(span: Span) -> bool:
    """ "Navarro, a veteran nurse, ...", "Hollis, 45, ...": a role noun or an age in apposition; also "her fellow
    grandmother, Margolies"."""
    doc = span.doc
    if span.root.dep_ == "appos" and span.root.head.lower_ in APPOSITION_ROLES:
        return True
    k = span.end
    if k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].like_num and doc[k + 2].text == ",":
        return len(doc[k + 1].text) <= 3 and doc[k + 1].text.isdigit()
    return any(c.dep_ == "appos" and c.lower_ in APPOSITION_ROLES for c in span.root.children)


def _reflexive_follows(span: Span) -> bool:
    """ "Lauer himself", "such as Wing herself": a personal reflexive pronoun right after the name."""
    doc = span.doc
    k = span.end
    while k < len(doc) and doc[k].is_space:
        k += 1
    return k < len(doc) and doc[k].lower_ in ("himself", "herself")


def _person_by_pronoun(span: Span) -> bool:
    """The span is the subject of a clause whose object holds "his" or "her" with no other name between ("Harth
    dropped her lawsuit", "Delgado lied to investigators about his finances"), or it is coordinated with
    "her husband", "his wife"."""
    doc = span.doc
    root = span.root
    for conj in root.conjuncts:
        if conj.lower_ in PERSONAL_POSSESSIONS and any(
            c.dep_ == "poss" and c.lower_ in PERSONAL_POSSESSIVES for c in conj.children
        ):
            return True
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head.i < span.end - 1:
        return False
    verb = root.head
    for k in range(span.end, min(len(doc), span.end + 12)):
        token = doc[k]
        if token.pos_ == "PROPN" or token.is_sent_start or token.lower_ in ("who", "which", "that"):
            return False  # another name, or another clause, comes first
        if token.lower_ in PERSONAL_POSSESSIVES and token.dep_ == "poss":
            head = token.head
            while head.i != verb.i and head.dep_ not in CLAUSE_DEPS and head.head.i != head.i:
                head = head.head
            return head.i == verb.i
    return False


def _headline_like(sent: Span) -> bool:
    """Most longer words are capitalised: a title-case headline."""
    words = [t for t in sent[1:] if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title or t.is_upper for t in words) >= 0.7 * len(words)


def _cut_at_headline_verb(span: Span) -> Span | None:
    """The part of an NER span before a headline's verb ("Kessler" in "Kessler Tells Board He Was Misled");
    None when the span starts with one."""
    for token in span[1:] if len(span) > 1 else ():
        verb = token.lower_ in HEADLINE_VERBS or token.tag_ == "MD"  # "Edward Snowden Must Stop Harming US"
        capitalised = token.is_title or (token.is_upper and span.text.isupper())  # "OBAMA SURPRISES"
        if verb and capitalised and _headline_like(span.sent):
            return span.doc[span.start : token.i] if token.i > span.start else None
    if span[0].lower_ in HEADLINE_VERBS and len(span) > 1 and span[0].is_title and _headline_like(span.sent):
        return None
    if span[0].tag_ == "VB" and span.start > 0 and span.doc[span.start - 1].lower_ == "to":
        return None  # "Plan to Cut Drug Prices": an infinitive, not a name
    return span


def _headline_phrase(span: Span, label: str) -> bool:
    """In a title-case headline, an ORG or PERSON span that is a piece of the predicate: three words or more with
    a preposition and no organisation word ("Economy Ahead of Midterms"), or words after an infinitive's "to"
    ("Plan to Avert Shutdown")."""
    if label not in ("ORG", "PERSON"):
        return False
    after_to = span.start > 0 and span.doc[span.start - 1].tag_ == "TO"
    predicate_like = (
        len(span) >= 3
        and any(t.lower_ in HEADLINE_PREPOSITIONS for t in span[1:])
        and not any(t.text in ORG_WORDS for t in span)
    )
    # The sentence test is the costly one: only for spans that would be a predicate in a headline.
    return (after_to or predicate_like) and _headline_like(span.sent)


def _capitalised_common_noun(span: Span, label: str) -> bool:
    """A plural common noun capitalised only because it opens the sentence ("Commuters near LAX ...", "Millions
    watched ...") that the NER took for an organisation or a person."""
    if label not in ("ORG", "PERSON") or len(span) != 1 or not span[0].is_sent_start:
        return False
    token = span[0]
    return token.tag_ == "NNS" or token.lower_ in COUNT_NOUNS


def _quoted_title(span: Span, label: str) -> bool:
    """ "comedies like “Happy Gilmore” and “Billy Madison”": a person's name alone in quotes is a title."""
    doc = span.doc
    return (
        label == "PERSON"
        and 0 < span.start
        and span.end < len(doc)
        and doc[span.start - 1].is_quote
        and doc[span.end].is_quote
        and doc[span.start - 1].text not in ("'", "’")  # a closing apostrophe, not an opening quote
    )


def _dateline(span: Span, label: str) -> bool:
    """ "CLEVELAND — Hillary Clinton ...", "PRAGUE (Reuters) - ...": the upper-case place that opens a news
    report, tagged as an organisation or a person."""
    if label not in ("ORG", "PERSON") or not span.text.isupper():
        return False
    doc = span.doc
    if any(not t.is_space for t in doc[: span.start]):
        return False
    k = _skip_spaces(doc, span.end)
    if k + 3 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        k = _skip_spaces(doc, k + 3)  # "(Reuters)", "(AP)": the agency between the place and the dash
    return k < len(doc) and doc[k].text in DATELINE_DASHES


def _generic_event(span: Span) -> bool:
    """A lower-case event noun in the mention ("Ukraine war", "war in Ukraine", "financial crisis"): the guide
    annotates named events only, and the country in it is a COUNTRY mention of its own."""
    return any(t.is_lower and t.text in GENERIC_EVENT_WORDS for t in span)
