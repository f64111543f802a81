"""claimscope_claims: segmentation, attribution frames, non-claims, modality and hedging."""

from __future__ import annotations


def claims(nlp, text):
    doc = nlp(text)  # keep the Doc alive while the span group is read
    return list(doc.spans["claims"])


def test_independent_clauses_split_on_but_and_semicolon_and_while(nlp):
    assert [c.text for c in claims(nlp, "Tokyo wants talks, but Moscow refuses them.")] == [
        "Tokyo wants talks",
        "Moscow refuses them",
    ]
    assert [c.text for c in claims(nlp, "Trade has collapsed; investment has stopped.")] == [
        "Trade has collapsed",
        "investment has stopped",
    ]
    assert [c.text for c in claims(nlp, "NATO is watching closely, while the EU is divided.")] == [
        "NATO is watching closely",
        "the EU is divided",
    ]
    assert len(claims(nlp, "Japan imposed sanctions, and Russia expelled its diplomats.")) == 2


def test_no_split_without_a_second_subject_and_verb(nlp):
    texts = [c.text for c in claims(nlp, "Japan, China, and South Korea signed the deal in May.")]
    assert texts == ["Japan, China, and South Korea signed the deal in May"]


def test_every_asserting_sentence_gives_a_claim(commentary_doc):
    claim_sentences = {c.sent.start for c in commentary_doc.spans["claims"]}
    skipped_starts = {s["start"] for s in commentary_doc._.skipped}
    for sent in commentary_doc.sents:
        if sent.text.strip() and sent.start_char not in skipped_starts:
            assert sent.start in claim_sentences, sent.text


def test_as_x_put_it_frame(nlp):
    (claim,) = claims(nlp, "As the Kremlin put it, Japan has chosen to follow the West.")
    assert claim.text == "Japan has chosen to follow the West"
    claimer = claim._.claimer
    assert claimer["text"] == "the Kremlin" and claimer["entity_id"] == "COUNTRY:RUS"
    assert claimer["cue"] == "put it" and claimer["kind"] == "named"


def test_x_said_that_frame_with_offsets(nlp):
    text = "Kremlin spokesman Dmitry Peskov said that Tokyo's sanctions were unfriendly."
    (claim,) = claims(nlp, text)
    assert claim.text == "Tokyo's sanctions were unfriendly"
    claimer = claim._.claimer
    assert text[claimer["start"] : claimer["end"]] == claimer["text"] == "Kremlin spokesman Dmitry Peskov"
    assert claimer["entity_id"] == "OFFICIAL:dmitry-peskov" and claimer["cue"] == "said"


def test_according_to_believes_and_has_warned(nlp):
    (a,) = claims(nlp, "According to analysts, the alliance is weakening.")
    assert a.text == "the alliance is weakening"
    assert (a._.claimer["text"], a._.claimer["kind"], a._.claimer["cue"]) == ("analysts", "anonymous", "according to")
    (b,) = claims(nlp, "Japanese experts believe that the project may fail.")
    assert b.text == "the project may fail"
    assert b._.claimer["entity_id"] == "COUNTRY:JPN" and b._.claimer["kind"] == "anonymous"
    (c,) = claims(nlp, "Lavrov has warned that Moscow will respond.")
    assert c.text == "Moscow will respond"
    assert c._.claimer["cue"] == "has warned" and c._.claimer["entity_id"] == "OFFICIAL:sergey-lavrov"


def test_postposed_quote_attribution(nlp):
    (claim,) = claims(nlp, '"The sanctions are unfriendly," Peskov said.')
    assert claim.text == "The sanctions are unfriendly"
    assert claim._.claimer["text"] == "Peskov"


def test_author_voice_has_no_claimer(nlp):
    (claim,) = claims(nlp, "The sanctions have hurt Japanese exporters more than Russian ones.")
    assert claim._.claimer is None


def test_non_claim_lines_are_skipped_with_reasons(commentary_doc):
    reasons = {s["text"]: s["reason"] for s in commentary_doc._.skipped}
    assert reasons["where next?"] == "heading"
    assert reasons["Short-term (1-2 years):"] == "section_label"
    assert reasons["https://example.com/commentary/japan-russia"] == "source_line"
    assert reasons["The article represents the views of the author only."] == "disclaimer"
    claim_texts = " ".join(c.text for c in commentary_doc.spans["claims"])
    assert "example.com" not in claim_texts and "views of the author" not in claim_texts
    assert "Short-term" not in claim_texts


def test_byline_is_skipped(nlp):
    doc = nlp("By Anna Petrova\nMoscow has rejected the plan.")
    assert [s["reason"] for s in doc._.skipped] == ["byline"]
    assert [c.text for c in doc.spans["claims"]] == ["Moscow has rejected the plan"]


def test_modality_and_hedging(nlp):
    def first(text):
        claim = claims(nlp, text)[0]
        return claim._.modality, claim._.hedged

    assert first("Relations will remain frozen.") == ("predicted", False)
    assert first("The project may become a bargaining chip.") == ("predicted", True)
    assert first("If the G7 tightens the cap, Moscow will retaliate.") == ("conditional", False)
    assert first("Tokyo should reopen talks with Moscow.") == ("recommended", False)
    assert first("Will Tokyo change course?") == ("question", False)
    assert first("Japan imposed sanctions in 2022.") == ("asserted", False)
    assert first("Trade has reportedly collapsed.") == ("asserted", True)


def test_some_views_suggest_is_a_hedged_anonymous_claim(nlp):
    (claim,) = claims(nlp, "Some views suggest it is almost impossible to restore trust.")
    assert claim._.hedged is True
    assert claim._.claimer["kind"] == "anonymous"


def test_speaker_label_before_a_quote(nlp):
    doc = nlp('Peskov: "We will respond to any new sanctions."')
    (claim,) = doc.spans["claims"]
    assert claim._.claimer["entity_id"] == "OFFICIAL:dmitry-peskov"


def test_statement_joins_content_around_an_inserted_frame(nlp):
    (claim,) = claims(nlp, "Russia, Peskov said, will respond.")
    assert claim._.statement == "Russia will respond"
    assert claim._.claimer["text"] == "Peskov"
