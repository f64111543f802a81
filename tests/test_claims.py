"""claimscope_claims: segmentation, attribution frames, non-claims, modality and hedging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


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


def test_a_frame_after_a_semicolon_opens_its_own_clause(nlp):
    text = (
        "Japanese experts believe that the Sakhalin-2 project may become a bargaining chip; "
        "some views suggest it is almost impossible to restore trust."
    )
    first, second = claims(nlp, text)
    assert first.text == "the Sakhalin-2 project may become a bargaining chip"
    assert first._.claimer["text"] == "Japanese experts"
    assert second.text == "it is almost impossible to restore trust"
    assert second._.claimer["text"] == "some views"


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


def test_a_transcript_speaker_label_speaks_to_the_end_of_its_line(nlp):
    doc = nlp("HIRSCH: Yeah. So these are men who never worked. They lied.\nThe court disagreed in 2019.")
    speakers = {c.text: c._.claimer and c._.claimer["text"] for c in doc.spans["claims"]}
    assert speakers == {
        "these are men who never worked": "HIRSCH",
        "They lied": "HIRSCH",
        "The court disagreed in 2019": None,
    }
    assert [s["reason"] for s in doc._.skipped][:1] == ["section_label"]


def test_upper_case_headings_and_mixed_case_labels_are_no_transcript_speakers(nlp):
    for text in ("BACKGROUND: The plan failed.", "Japan: Tokyo will keep the sanctions.", "Q: The plan failed."):
        assert [c._.claimer for c in claims(nlp, text)] == [None], text
    # a label in the middle of a line is no transcript turn
    assert [c._.claimer for c in claims(nlp, "The minister spoke. KELLY: That is wrong.")] == [None, None]


def test_statement_joins_content_around_an_inserted_frame(nlp):
    (claim,) = claims(nlp, "Russia, Peskov said, will respond.")
    assert claim._.statement == "Russia will respond"
    assert claim._.claimer["text"] == "Peskov"


def test_predicates_sharing_a_subject_give_one_claim_each_with_the_subject_reattached(nlp):
    found = claims(nlp, "Japan follows the West, imposes sanctions on Russia, and provides assistance to Ukraine.")
    assert [c.text for c in found] == [
        "Japan follows the West",
        "imposes sanctions on Russia",
        "provides assistance to Ukraine",
    ]
    assert [c._.statement for c in found] == [
        "Japan follows the West",
        "Japan imposes sanctions on Russia",
        "Japan provides assistance to Ukraine",
    ]


def test_asserted_reason_clause_is_a_claim_of_its_own(nlp):
    found = claims(nlp, "Because Japan imposes sanctions on Russia, Moscow has frozen the peace talks.")
    assert [c.text for c in found] == ["Japan imposes sanctions on Russia", "Moscow has frozen the peace talks"]
    found = claims(nlp, "Russia cut gas supplies because Tokyo joined the price cap.")
    assert [c.text for c in found] == ["Russia cut gas supplies", "Tokyo joined the price cap"]


def test_conditional_antecedent_stays_inside_its_claim(nlp):
    (claim,) = claims(nlp, "If the G7 tightens the price cap, Moscow will retaliate.")
    assert claim.text == "If the G7 tightens the price cap, Moscow will retaliate"
    assert claim._.modality == "conditional"


def test_conjoined_reporting_verbs_share_the_speaker(nlp):
    found = claims(nlp, "Peskov said the sanctions were illegal and warned that Moscow would respond.")
    assert [c.text for c in found] == ["the sanctions were illegal", "Moscow would respond"]
    assert [c._.claimer["cue"] for c in found] == ["said", "warned"]
    assert {c._.claimer["entity_id"] for c in found} == {"OFFICIAL:dmitry-peskov"}


def test_two_countries_are_replaced_by_their_names_in_the_statement(nlp):
    doc = nlp("Russia-Japan relations have worsened. The two countries have not held talks since 2022.")
    second = list(doc.spans["claims"])[1]
    assert second.text == "The two countries have not held talks since 2022"
    assert second._.statement == "Russia and Japan have not held talks since 2022"


def test_multi_sentence_quote_carries_its_speaker(nlp):
    text = '"We got stuck after two weeks," Clapton says. "We hit a brick wall."'
    doc = nlp(text)
    first, second = doc.spans["claims"]
    assert first._.claimer["text"] == "Clapton"
    assert second.text == "We hit a brick wall"
    assert second._.claimer["text"] == "Clapton"
    assert second._.claimer["start"] < second.sent.start_char  # the speaker is named in another sentence


def test_quote_spanning_sentences_shares_the_speaker(nlp):
    text = '"The talks are over. Nothing will change that," Zakharova said.'
    found = claims(nlp, text)
    assert [c.text for c in found] == ["The talks are over", "Nothing will change that"]
    assert {c._.claimer["entity_id"] for c in found} == {"OFFICIAL:maria-zakharova"}


def test_negated_and_question_frames_attribute_nothing(nlp):
    (claim,) = claims(nlp, "Peskov did not say that the talks had failed.")
    assert claim._.claimer is None
    (claim,) = claims(nlp, "Tokyo knew what it wanted to achieve.")
    assert claim._.claimer is None and claim.text == "Tokyo knew what it wanted to achieve"


def test_modality_cues_in_subordinate_clauses_do_not_count(nlp):
    (claim,) = claims(nlp, "The ministry rejected a deal that may collapse.")
    assert (claim._.modality, claim._.hedged) == ("asserted", False)
    found = claims(nlp, "Schmidt will report to the council and support the envoy.")
    assert [c._.modality for c in found] == ["predicted", "predicted"]


# -- robustness: odd input gives sensible claims and never an exception ------------------------------------
def test_unbalanced_quote_does_not_swallow_the_text(nlp):
    doc = nlp('Peskov said: "The sanctions are illegal.\n\nJapan has imposed new restrictions on Russia.')
    texts = [c.text for c in doc.spans["claims"]]
    assert "Japan has imposed new restrictions on Russia" in texts
    last = [c for c in doc.spans["claims"] if c.text.startswith("Japan")][0]
    assert last._.claimer is None  # the open quote closed at the paragraph break


def test_very_long_run_on_sentence(nlp):
    clause = "Tokyo imposed new sanctions on Moscow, and Moscow expelled two Japanese diplomats"
    text = ", and ".join([clause] * 25) + "."
    assert len(text.split()) > 300
    doc = nlp(text)
    found = list(doc.spans["claims"])
    assert len(found) >= 25
    assert all(text[c.start_char : c.end_char] == c.text for c in found)


def test_text_without_sentence_punctuation(nlp):
    doc = nlp("Japan imposed sanctions on Russia in 2022 Moscow responded with a ban on Japanese fishing boats")
    found = list(doc.spans["claims"])
    assert found and all(c.text.strip() for c in found)


def test_bullet_list_items_are_separate_claims(nlp):
    text = (
        "Key points:\n- Japan imposed sanctions on Russia.\n- Moscow suspended the peace talks.\n• Trade fell by half."
    )
    doc = nlp(text)
    assert [c.text for c in doc.spans["claims"]] == [
        "Japan imposed sanctions on Russia",
        "Moscow suspended the peace talks",
        "Trade fell by half",
    ]
    assert [s["reason"] for s in doc._.skipped] == ["section_label"]


def test_captions_are_skipped(nlp):
    doc = nlp("Photo: Delegations meet in Tokyo on Monday.\nThe delegations agreed on a new schedule.")
    assert {s["reason"] for s in doc._.skipped} == {"caption"}  # the "Photo:" label and the caption itself
    assert [c.text for c in doc.spans["claims"]] == ["The delegations agreed on a new schedule"]


def test_pronoun_claimer_links_to_the_person_named_before(nlp):
    doc = nlp("Dmitry Peskov spoke to reporters on Monday. He said that the talks had failed.")
    last = list(doc.spans["claims"])[-1]
    assert last._.claimer["text"] == "He" and last._.claimer["entity_id"] == "OFFICIAL:dmitry-peskov"


def test_participle_frame(nlp):
    (claim,) = claims(nlp, "The ministry released a statement saying that the talks had collapsed.")
    assert claim.text == "the talks had collapsed"
    assert claim._.claimer["text"] == "The ministry" and claim._.claimer["cue"] == "saying"


def test_pieces_inside_a_frame_share_its_claimer(nlp):
    found = claims(nlp, "Analysts said that the war had changed the region because trade collapsed.")
    assert [c.text for c in found] == ["the war had changed the region", "trade collapsed"]
    assert [c._.claimer["text"] if c._.claimer else None for c in found] == ["Analysts", "Analysts"]
    found = claims(nlp, "Tokyo wants talks, but Moscow refuses them.")
    assert [c._.claimer for c in found] == [None, None]


def test_first_person_frames_are_the_authors_voice(nlp):
    (claim,) = claims(nlp, "In my view, the sanctions have failed.")
    assert claim.text == "the sanctions have failed"
    assert claim._.claimer["kind"] == "author"
    (claim,) = claims(nlp, "I believe that the sanctions have failed.")
    assert claim._.claimer["kind"] == "author"


def test_first_person_frame_inside_a_quote_is_the_quoted_speaker(nlp):
    text = '"The accounts are horrific," Simon says. "I know that we all share the same resolve."'
    second = claims(nlp, text)[-1]
    assert second.text == "we all share the same resolve"
    assert second._.claimer["text"] == "Simon"


def test_participles_and_distant_quotes_are_not_frames(nlp):
    (claim,) = claims(nlp, "Revolvers under Douthat's suggested regime would be legal at age 21.")
    assert claim._.claimer is None


def _claimer_text(span):
    return span._.claimer["text"] if span._.claimer else None


def test_trailing_frame_after_a_lost_comma(nlp):
    # scraped news replaces commas by double spaces: the parser attaches "police" to the content
    found = claims(nlp, "His actions broke the sanctions against North Korea  police said.")
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("His actions broke the sanctions against North Korea", "police")
    ]


def test_trailing_frame_covers_every_clause_of_its_sentence(nlp):
    found = claims(nlp, "The man hit the guard as the driver waited  and then he stole the car  the prosecutor said.")
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("The man hit the guard as the driver waited", "the prosecutor"),
        ("he stole the car", "the prosecutor"),
    ]


def test_frame_after_a_quote_without_a_parsed_subject(nlp):
    found = claims(nlp, '"They were friends of Jesus " Smith added.')  # the parser reads "of ... Smith"
    assert [(c.text, _claimer_text(c), c._.claimer["cue"]) for c in found] == [
        ("They were friends of Jesus", "Smith", "added")
    ]


def test_outer_frame_keeps_an_inner_frame_in_the_claim(nlp):
    # only the outermost frame is stripped: "told" stays inside the quoted report
    found = claims(nlp, "Jones  \"told the woman he was a 'cop' and asked her for money \" Gonzalez said.")
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("Jones  \"told the woman he was a 'cop'", "Gonzalez"),
        ("asked her for money", "Gonzalez"),
    ]


def test_quote_before_a_frame_is_the_content_without_the_words_before_it(nlp):
    found = claims(nlp, 'But despite the sunny weather  "after two weeks we got stuck "  Clapton says.')
    assert [(c.text, _claimer_text(c)) for c in found] == [("after two weeks we got stuck", "Clapton")]


def test_frame_in_the_middle_after_a_lost_comma(nlp):
    text = (
        "The gaps have been growing in recent years  the report found  particularly following the court's 2005 ruling."
    )
    found = claims(nlp, text)
    assert [(c.text, _claimer_text(c)) for c in found] == [(text[:-1], "the report")]
    assert found[0]._.statement == (
        "The gaps have been growing in recent years particularly following the court's 2005 ruling"
    )
    found = claims(nlp, "In the years since the group launched  Finkleman says  women have begun to speak openly.")
    assert [_claimer_text(c) for c in found] == ["Finkleman"]
    assert found[0].text.startswith("In the years since")


def test_words_before_a_direct_quotation_belong_to_the_frame(nlp):
    found = claims(nlp, 'When she was asked about the movement  Streep said "I want to hear from her."')
    assert [(c.text, _claimer_text(c)) for c in found] == [("I want to hear from her", "Streep")]


def test_clauses_split_where_a_comma_was_lost(nlp):
    texts = [
        c.text for c in claims(nlp, "The bill was written by Senator Lamar Smith  and it was called the Workforce Act.")
    ]
    assert texts == ["The bill was written by Senator Lamar Smith", "it was called the Workforce Act"]


def test_quoted_word_inside_a_quotation_does_not_end_it(nlp):
    doc = nlp("\"He said they are 'freaks' and left. Then he came back.\" Gonzalez said.")
    from claimscope.quotes import quote_regions

    regions = quote_regions(doc)
    outer = [r for r in regions if doc[r[0] - 1].text == '"']
    assert len(outer) == 1 and doc[outer[0][1]].text == '"' and doc[outer[0][1] + 1].text == "Gonzalez"


def test_with_speaker_saying_gives_a_claim_of_its_own(nlp):
    text = (
        'The team placed him on injured reserve on Tuesday  with coach Mike Smith saying "He will be back next year."'
    )
    found = claims(nlp, text)
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("The team placed him on injured reserve on Tuesday", None),
        ("He will be back next year", "coach Mike Smith"),
    ]
    assert found[1]._.claimer["cue"] == "saying"


def test_main_clauses_joined_by_and_without_a_comma_split(nlp):
    found = claims(nlp, "Mary was a teenager and Joseph was an adult carpenter.")
    assert [c.text for c in found] == ["Mary was a teenager", "Joseph was an adult carpenter"]


def test_no_split_inside_an_embedded_question_or_a_noun_complement(nlp):
    text = "Many fans still wonder if Darnold will turn pro or return to USC for his junior season."
    assert [c.text for c in claims(nlp, text)] == [text[:-1]]
    text = "Perry rejects a narrative that fossil fuels are harmful because they contribute to climate change."
    assert [c.text for c in claims(nlp, text)] == [text[:-1]]


def test_modality_barring_recommend_and_kept_frame_complements(nlp):
    def modality(text):
        return [c._.modality for c in claims(nlp, text)]

    assert modality("The team set up a title game next week  barring a loss in between.") == ["conditional"]
    assert modality("Douthat recommends that rifles be legal at 18.") == ["recommended"]
    # cues in the complement of a frame kept in the claim count (guide F3)
    assert modality('"I don\'t know if I would have done that at my age " she recalled.') == ["predicted"]


def test_unclosed_quote_ends_where_a_new_one_opens(nlp):
    text = '"To the survivors  I am sorry   Simon  says. "I know that we all share the resolve. The accounts are sad."'
    found = claims(nlp, text)
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("To the survivors  I am sorry", "Simon"),
        ("we all share the resolve", "Simon"),
        ("The accounts are sad", "Simon"),
    ]


def test_clause_coordinated_inside_a_frame_complement_shares_its_claimer(nlp):
    found = claims(nlp, "Peskov said Russia will respond and Japan will regret it.")
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("Russia will respond", "Peskov"),
        ("Japan will regret it", "Peskov"),
    ]
    found = claims(nlp, "Peskov said that Russia will respond, but Japan has imposed sanctions.")
    assert [_claimer_text(c) for c in found] == ["Peskov", None]  # a "but" clause is the author's (F5)


def test_statement_replaces_a_subject_pronoun_by_the_person_it_names(nlp):
    found = claims(nlp, "Perez  said  he  discovered the oversight when  he  was summoned to court.")
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("he  discovered the oversight when  he  was summoned to court", "Perez")
    ]
    # only the subject of the claim's own clause is replaced; the "he" of "when he was summoned" has its antecedent
    # inside the statement already
    assert found[0]._.statement == "Perez  discovered the oversight when  he  was summoned to court"


def test_according_to_at_either_end_covers_every_clause(nlp):
    for text in (
        "Japan imposed sanctions  and Russia expelled its diplomats  according to the report.",
        "According to the report, Japan imposed sanctions, and Russia expelled its diplomats.",
    ):
        found = claims(nlp, text)
        assert [(c.text, _claimer_text(c)) for c in found] == [
            ("Japan imposed sanctions", "the report"),
            ("Russia expelled its diplomats", "the report"),
        ]


def test_final_frame_after_a_particle_and_a_lost_comma(nlp):
    found = claims(nlp, "The talks failed  and the troops moved in  the ministry said in a statement on Monday.")
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("The talks failed", "the ministry"),
        ("the troops moved in", "the ministry"),
    ]


def test_participle_after_a_possessive_is_no_frame(nlp):
    text = "Revolvers  under Douthat’s suggested gun control regime  would be legal at age 21."
    assert [(c.text, _claimer_text(c)) for c in claims(nlp, text)] == [(text[:-1], None)]


def test_then_after_and_is_left_out_of_the_claim(nlp):
    texts = [c.text for c in claims(nlp, "The man hit the guard  and then  he  stole the car.")]
    assert texts == ["The man hit the guard", "he  stole the car"]


def test_adding_that_after_a_final_frame_is_a_claim_by_the_same_speaker(nlp):
    found = claims(nlp, "The team is ready  Smith said  adding that the fans were loud.")
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("The team is ready", "Smith"),
        ("the fans were loud", "Smith"),
    ]
    assert found[1]._.claimer["cue"] == "adding"


def test_inverted_final_frame_after_a_lost_comma(nlp):
    found = claims(nlp, "The product is safe  said company spokesman John Smith.")
    assert [(c.text, _claimer_text(c)) for c in found] == [("The product is safe", "company spokesman John Smith")]


def test_final_frame_keeps_its_own_adjuncts(nlp):
    found = claims(nlp, "The team is ready  Smith said in an interview with The Associated Press on Monday.")
    assert [(c.text, _claimer_text(c)) for c in found] == [("The team is ready", "Smith")]


def _pairs(nlp, text):
    return [(c.text, _claimer_text(c)) for c in claims(nlp, text)]


def test_say_with_a_misparsed_object_still_frames_the_clause(nlp):
    # the parser makes "Jeremiah" the object of "said" and the rest a relative clause
    assert _pairs(nlp, "Robinson  said Jeremiah  who was called JJ  loved basketball.") == [
        ("Jeremiah  who was called JJ  loved basketball", "Robinson")
    ]
    # "foster" tagged as an adjective; "are" conjoined to "says" does not agree with "He"
    assert _pairs(nlp, "He says fossil fuels such as oil and gas foster economic development and are an asset.") == [
        ("fossil fuels such as oil and gas foster economic development", "He"),
        ("are an asset", "He"),
    ]
    # real objects of "say" are no frame
    assert _pairs(nlp, "Smith said nothing about the deal.") == [("Smith said nothing about the deal", None)]
    assert _pairs(nlp, "Smith said the word twice during the hearing.") == [
        ("Smith said the word twice during the hearing", None)
    ]


def test_made_it_clear_and_suspects_are_frames(nlp):
    (claim,) = claims(nlp, "Musk made it clear that he wants to cut the price of a ticket.")
    assert (claim.text, _claimer_text(claim), claim._.claimer["cue"]) == (
        "he wants to cut the price of a ticket",
        "Musk",
        "made clear",
    )
    assert _pairs(nlp, "Musk did not make it clear that he wants to cut prices.") == [
        ("Musk did not make it clear that he wants to cut prices", None)
    ]
    assert _pairs(nlp, "The minister suspects the problem is his frozen credit.") == [
        ("the problem is his frozen credit", "The minister")
    ]


def test_inverted_frame_with_the_speakers_relative_clause(nlp):
    text = '"You can feel this organization coming," said Bourjos, who could fit nicely as a bench player.'
    assert _pairs(nlp, text) == [("You can feel this organization coming", "Bourjos")]


def test_inverted_frame_inside_the_sentence(nlp):
    assert _pairs(nlp, "Today, says Kloss, she works with partners that share her values.") == [
        ("Today, says Kloss, she works with partners that share her values", "Kloss")
    ]
    # a participle and a date between commas are no frame
    assert _pairs(nlp, "The deal, announced Monday, will cut costs.") == [
        ("The deal, announced Monday, will cut costs", None)
    ]


def test_colon_between_clauses_splits_but_not_before_a_quotation(nlp):
    assert _pairs(nlp, "He gave them an out: there would be no hard feelings if they stayed.") == [
        ("He gave them an out", None),
        ("there would be no hard feelings if they stayed", None),
    ]
    assert _pairs(nlp, 'He said: "We will win."') == [("We will win", "He")]


def test_not_just_but_is_one_claim(nlp):
    text = "She works with partners who care about not just what she looks like but what she stands for."
    assert len(claims(nlp, text)) == 1


def test_quoting_participle_after_an_author_clause(nlp):
    text = 'Vietor seemed to confirm the story, writing: "We were well aware of the dangers. Obama sanctioned them."'
    found = claims(nlp, text)
    assert [(c.text, _claimer_text(c)) for c in found] == [
        ("Vietor seemed to confirm the story", None),
        ("We were well aware of the dangers", "Vietor"),
        ("Obama sanctioned them", "Vietor"),
    ]
    assert found[1]._.claimer["cue"] == "writing"
    # after "a statement", the clause before is the frame itself
    assert _pairs(nlp, 'The company issued a statement saying: "We are reviewing the report."') == [
        ("We are reviewing the report", "The company")
    ]


def test_frame_inside_a_relative_clause_or_a_that_clause_is_not_stripped(nlp):
    text = "Her mother sent the judge a letter in which  she  wrote that the attack had defined their lives."
    assert _pairs(nlp, text) == [(text[:-1], None)]
    text = 'She wrote that the attack "has defined our lives" and that her daughter still fears for her life.'
    assert _pairs(nlp, text) == [
        ('the attack "has defined our lives" and that her daughter still fears for her life', "She")
    ]


def test_participles_of_a_small_clause_are_one_predicate(nlp):
    assert len(claims(nlp, "She still keeps her bedroom windows closed and locked.")) == 1
    assert [c.text for c in claims(nlp, "The suspect was arrested and charged with murder.")] == [
        "The suspect was arrested",
        "charged with murder",
    ]


def test_apposition_before_a_frame_is_part_of_the_speaker(nlp):
    text = "Ocon  a 40-year-old native of Mexico  told The Washington Post that he served in the Army for seven years."
    assert _pairs(nlp, text) == [("he served in the Army for seven years", "Ocon  a 40-year-old native of Mexico")]


def test_words_before_a_speaker_followed_by_that_are_not_content(nlp):
    assert _pairs(nlp, "However   Easterbrook  says that most customers live close to a restaurant.") == [
        ("most customers live close to a restaurant", "Easterbrook")
    ]
    assert _pairs(nlp, "Now 61  McNair told the AP that the conductor had harassed her.") == [
        ("the conductor had harassed her", "McNair")
    ]


def test_according_to_a_name_padded_with_spaces(nlp):
    assert _pairs(nlp, "According to  Politico  Kushner  left the U.S. on Wednesday.") == [
        ("Kushner  left the U.S. on Wednesday", "Politico")
    ]


def test_frame_in_an_adverbial_clause_after_the_real_frame(nlp):
    text = (
        "“Others I remember very differently ”  Franken  said  when  he  announced  his  resignation  under pressure."
    )
    assert _pairs(nlp, text) == [("Others I remember very differently", "Franken")]


def test_but_that_continues_the_complement_of_the_frame(nlp):
    text = "The nominee said he did not have a litigation background but that he had overseen many cases."
    assert _pairs(nlp, text) == [
        ("he did not have a litigation background", "The nominee"),
        ("he had overseen many cases", "The nominee"),
    ]
    assert _pairs(nlp, "The nominee said he was ready, but that did not convince the senators.") == [
        ("he was ready", "The nominee"),
        ("that did not convince the senators", None),
    ]


def test_mojibake_quotation_before_a_frame(nlp):
    q1, q2, apostrophe = "\u00e2\u0080\u009c", "\u00e2\u0080\u009d", "\u00e2\u0080\u0099"
    text = (
        f"{q1}It{apostrophe}s a behavior that{apostrophe}s not good for anyone {q2}  Strawberry  said. "
        f"{q1}But we turn it on and turn it off.{q2}"
    )
    assert _pairs(nlp, text) == [
        (f"It{apostrophe}s a behavior that{apostrophe}s not good for anyone", "Strawberry"),
        ("we turn it on and turn it off", "Strawberry"),
    ]


def test_claimer_kind_of_a_described_person_and_an_unnamed_spokesperson(nlp):
    (claim,) = claims(
        nlp, '"They think he is sick," said Canadian television analyst and former goaltender Greg Millen.'
    )
    assert claim._.claimer["kind"] == "named"
    (claim,) = claims(nlp, "The deal will close soon  a spokesperson for the company said.")
    assert (claim._.claimer["text"], claim._.claimer["kind"]) == ("a spokesperson for the company", "anonymous")


def test_speaker_and_verb_opening_a_clause_the_parse_missed(nlp):
    assert _pairs(nlp, "Trump  announced in December 2016  he  would close the foundation.") == [
        ("he  would close the foundation", "Trump")
    ]
    # a relative clause after the boundary is no content
    text = "Officials announced the plan on Monday  which will cost $5 billion."
    assert _pairs(nlp, text) == [(text[:-1], None)]


def test_people_familiar_with_the_matter(nlp):
    assert _pairs(nlp, "The talks will resume next week  people familiar with the matter said.") == [
        ("The talks will resume next week", "people familiar with the matter")
    ]


def test_attribution_line_after_a_quotation_is_no_claim(nlp):
    doc = nlp('He spoke. "We are done. We will not come back." Maliki said in a televised speech. He left.')
    assert [(c.text, _claimer_text(c)) for c in doc.spans["claims"]] == [
        ("He spoke", None),
        ("We are done", "Maliki"),
        ("We will not come back", "Maliki"),
        ("He left", None),
    ]
    assert [s["reason"] for s in doc._.skipped] == ["attribution"]
    # without a quotation before it, the sentence stays a claim
    assert _pairs(nlp, "The team played well. AL.com reported.") == [
        ("The team played well", None),
        ("AL.com reported", None),
    ]


def test_quoted_questions_answered_by_a_frame_are_the_speakers_questions(nlp):
    doc = nlp(
        '"Who gave them the right?" "Why should we accept it?" "What is their excuse?" Rouhani asked while'
        " giving a speech in Tehran."
    )
    assert [(c.text, _claimer_text(c), c._.modality) for c in doc.spans["claims"]] == [
        ("Who gave them the right", "Rouhani", "question"),
        ("Why should we accept it", "Rouhani", "question"),
        ("What is their excuse", "Rouhani", "question"),
    ]
    assert [(s["text"], s["reason"]) for s in doc._.skipped] == [
        ("Rouhani asked while giving a speech in Tehran.", "attribution")
    ]
    # several quoted statements before the frame; the author's sentence before them stays the author's
    doc = nlp('The sanctions are illegal. "We will not accept them." "They are a crime." Maliki said in a speech.')
    assert [(c.text, _claimer_text(c)) for c in doc.spans["claims"]] == [
        ("The sanctions are illegal", None),
        ("We will not accept them", "Maliki"),
        ("They are a crime", "Maliki"),
    ]
    assert [s["reason"] for s in doc._.skipped] == ["attribution"]
    # a quotation in an earlier paragraph is not this frame's
    doc = nlp('"We will not accept them."\n"They are a crime." Maliki said.')
    assert [_claimer_text(c) for c in doc.spans["claims"]] == [None, "Maliki"]
    # "asked" with an object reports an act, not a frame
    doc = nlp('"We will not accept them." Then the minister asked the court to rule on the case.')
    assert [_claimer_text(c) for c in doc.spans["claims"]] == [None, None]
    assert doc._.skipped == []


def test_verb_of_saying_conjoined_to_an_earlier_one_keeps_its_subject(nlp):
    text = (
        "Prosecutors said  Manafort 's new bail proposal was worth less than $10 million  and warned that they"
        " had uncovered evidence that  Manafort  secured a mortgage."
    )
    assert _pairs(nlp, text) == [
        ("Manafort 's new bail proposal was worth less than $10 million", "Prosecutors"),
        ("they had uncovered evidence that  Manafort  secured a mortgage", "Prosecutors"),
    ]


def test_predicate_after_but_inside_the_complement_shares_the_speaker(nlp):
    text = (
        "Fernando Sanchez  told The Intercept that  his  mother and sister had previously been at the location"
        " but switched to another office because the company told them the building was not sound."
    )
    assert [_claimer_text(c) for c in claims(nlp, text)] == ["Fernando Sanchez", "Fernando Sanchez"]
    # a clause with its own subject after "but" stays the author's (F5)
    text = (
        "Earlier this week  UPMC released a statement saying that  Shazier  had begun rehabilitation  but little"
        " information has been made public about  his  condition."
    )
    assert [_claimer_text(c) for c in claims(nlp, text)] == ["UPMC", None]


def test_adjunct_before_a_speaker_directly_followed_by_the_clause_is_part_of_the_frame(nlp):
    assert _pairs(nlp, "In a statement  the ministry said the talks had failed.") == [
        ("the talks had failed", "the ministry")
    ]
    assert _pairs(nlp, "Asked about the deal  Smith said it was dead.") == [("it was dead", "Smith")]
    # with a boundary after the frame, the content runs across it (F4)
    assert _pairs(nlp, "In the years since, Finkleman says, Egyptians have begun to return.") == [
        ("In the years since, Finkleman says, Egyptians have begun to return", "Finkleman")
    ]


def test_tweeted_is_a_frame(nlp):
    assert _pairs(nlp, 'Smith tweeted: "The deal is dead."') == [("The deal is dead", "Smith")]


def test_quotation_opened_after_a_verb_of_calling_is_its_subjects(nlp):
    text = (
        'Kelly called  Porter  "a man of true integrity and honor and I can’t say enough good things about  him . '
        ' He  is a friend  a confidante and a trusted professional."'
    )
    assert [_claimer_text(c) for c in claims(nlp, text)] == [None, "Kelly", "Kelly"]
    # a quoted noun phrase inside an author claim stays the author's
    assert _pairs(nlp, 'Officials have called Perez a "terrorist cell".') == [
        ('Officials have called Perez a "terrorist cell"', None)
    ]


def test_verbs_of_replying_and_of_the_manner_of_speaking_next_to_a_quotation(nlp):
    text = 'The man bent over the body. "I am sorry," he wailed. "I am so sorry."'
    assert _pairs(nlp, text) == [
        ("The man bent over the body", None),  # the quotation's own frame is no attribution line for it
        ("I am sorry", "he"),
        ("I am so sorry", "he"),
    ]
    assert _pairs(nlp, 'The mayor retorted: "Those are not fireworks."') == [("Those are not fireworks", "The mayor")]
    assert _pairs(nlp, '"We never saw the money," the lawyer responded in an email.') == [
        ("We never saw the money", "the lawyer")
    ]
    assert _pairs(nlp, "The coach conceded that the team had played poorly.") == [
        ("the team had played poorly", "The coach")
    ]
    # away from a quotation the manner verbs report acts
    assert _pairs(nlp, "He continued to play for the club after the injury.") == [
        ("He continued to play for the club after the injury", None)
    ]


def test_sentence_whose_only_verb_is_a_mojibake_contraction_is_a_claim(nlp):
    q1, q2, apostrophe = "\u00e2\u0080\u009c", "\u00e2\u0080\u009d", "\u00e2\u0080\u0099"
    text = f"{q1}We{apostrophe}re going to fight this,{q2} the mayor said. {q1}It isn{apostrophe}t over.{q2}"
    assert _pairs(nlp, text) == [
        (f"We{apostrophe}re going to fight this", "the mayor"),
        (f"It isn{apostrophe}t over", "the mayor"),
    ]


def test_clause_after_a_lost_comma_and_and_splits_when_the_parse_joined_its_subject_to_the_object(nlp):
    text = "But we knew we had the coaches  and things were going to change."
    assert [c.text for c in claims(nlp, text)] == ["we had the coaches", "things were going to change"]
    # a list of nouns before one verb stays one claim
    text = "The coach  the players  and the fans were happy with the result."
    assert [c.text for c in claims(nlp, text)] == [text[:-1]]


def test_quoted_word_before_a_final_frame_keeps_the_clause_around_it(nlp):
    text = 'She says the results were clearly marked "negative" the Washington Post reports.'
    ((span, claimer),) = _pairs(nlp, text)
    assert span.startswith("She says the results were clearly marked") and claimer == "the Washington Post"
    # a quoted clause before the frame is the content alone
    assert _pairs(nlp, 'Despite the weather, "we got stuck," Clapton says.') == [("we got stuck", "Clapton")]


def test_complement_cut_at_a_mojibake_possessive_runs_to_the_next_boundary(nlp):
    apostrophe = "\u00e2\u0080\u0099"
    text = (
        f"Carter  said it was the offensive line{apostrophe}s best performance  Harris had the same assessment of"
        " the defense."
    )
    assert _pairs(nlp, text)[0] == (f"it was the offensive line{apostrophe}s best performance", "Carter")


def test_said_with_its_subject_before_it_is_no_inverted_frame(nlp):
    # lost commas around a participial phrase: "said  Nassar" looked like the inverted "says Kloss"
    text = (
        "Jane Doe  speaking with her husband beside her  said  Nassar  ruined her dreams of becoming a skater and"
        " recalled the day he hurt her."
    )
    assert _pairs(nlp, text)[0] == ("Nassar  ruined her dreams of becoming a skater", "Jane Doe")


def test_fronted_phrase_with_a_relative_clause_belongs_to_the_frame(nlp):
    # "In a statement [that] his office released": the finite verb is the noun's, not a clause of the content
    text = 'In a letter her lawyers sent on Friday  Lane  said the company "had ignored every warning about the plant."'
    assert _pairs(nlp, text) == [('the company "had ignored every warning about the plant', "Lane")]
    q1, q2 = "\u00e2\u0080\u009c", "\u00e2\u0080\u009d"
    text = (
        f"In a statement his office released late Saturday   Rubio  said the staffer {q1}had violated office"
        f" policies regarding relations between a supervisor and their staff.{q2}"
    )
    # the parse takes "his office released" for a fronted complement of "said": it runs into the speaker with no
    # boundary, so it is not one
    ((span, claimer),) = _pairs(nlp, text)
    assert span.endswith("had violated office policies regarding relations between a supervisor and their staff")
    assert claimer == "Rubio"


def test_claimer_span_leaves_out_a_non_restrictive_clause_and_a_fronted_time(nlp):
    text = "Rep. Charles Rangel  who has spent half of his 80 years in Congress  says he looks forward to the fight."
    assert _pairs(nlp, text) == [("he looks forward to the fight", "Rep. Charles Rangel")]
    assert _pairs(nlp, "Jim Smith, who runs the shop, said prices rose.") == [("prices rose", "Jim Smith")]
    assert _pairs(nlp, "Late Saturday  Rubio  said the staffer had violated office policies.") == [
        ("the staffer had violated office policies", "Rubio")
    ]
    # a restrictive relative clause is part of the speaker
    assert _pairs(nlp, "One woman who worked with him said he was often late.") == [
        ("he was often late", "One woman who worked with him")
    ]


def test_a_frame_inside_a_quotation_does_not_take_over_the_quotation(nlp):
    text = (
        '"I draw a lot of cartoons," the artist explained. "I have been doing them for years. My teacher kept them'
        ' all, and she said she knew I would be famous."'
    )
    assert _pairs(nlp, text) == [
        ("I draw a lot of cartoons", "the artist"),
        ("I have been doing them for years", "the artist"),
        ("My teacher kept them all", "the artist"),
        ("she knew I would be famous", "the artist"),  # the quoted speaker's frame is the outermost (F2)
    ]


def test_inverted_frame_speaker_runs_across_the_spaces_that_pad_a_name(nlp):
    # the parse also makes "remarks" a subject of "said": a subject after the verb still makes it inverted
    text = "The critics were plainly misreading the governor’s remarks  said  Cuomo  spokesman Rich Azzopardi."
    assert _pairs(nlp, text) == [
        ("The critics were plainly misreading the governor’s remarks", "Cuomo  spokesman Rich Azzopardi")
    ]


def test_final_frame_whose_speaker_has_a_relative_clause_set_off_by_lost_commas(nlp):
    doc = nlp("The plan will fail  Smith  who chairs the committee  said on Tuesday.")
    ((claim,),) = [list(doc.spans["claims"])]
    assert claim.text == "The plan will fail"
    assert (claim._.claimer["text"], claim._.claimer["cue"]) == ("Smith", "said")


def test_told_is_never_inverted_and_a_name_before_its_appositive_is_the_speaker(nlp):
    # the name after "told" is the addressee; the speaker is the name and its title (with "at") before the verb
    q1, q2 = "\u00e2\u0080\u009c", "\u00e2\u0080\u009d"
    text = f"{q1}He is not ready. He has no plan and no ideas  only anger {q2} Sok Chea  spokesman at the Interior"
    text += " Ministry  told Reuters."
    assert _pairs(nlp, text) == [
        ("He is not ready", "Sok Chea  spokesman at the Interior Ministry"),
        ("He has no plan and no ideas  only anger", "Sok Chea  spokesman at the Interior Ministry"),
    ]
    text = "The party has no plan and no leader  Sok Chea  a spokesman at the Interior Ministry  told Reuters."
    assert _pairs(nlp, text) == [
        ("The party has no plan and no leader", "Sok Chea  a spokesman at the Interior Ministry")
    ]


def test_a_frame_inside_the_complement_of_an_earlier_frame_is_not_the_claims_frame(nlp):
    text = "The pastor  said  he  thought the call was from a robot meant to stir up the race."
    assert _pairs(nlp, text) == [("he  thought the call was from a robot meant to stir up the race", "The pastor")]


def test_inverted_frame_speaker_may_open_with_a_participle(nlp):
    text = (
        "The two officers were arraigned Monday on an indictment that included fraud and theft counts  said acting"
        " Queens District Attorney John Ryan."
    )
    assert _pairs(nlp, text) == [
        (
            "The two officers were arraigned Monday on an indictment that included fraud and theft counts",
            "acting Queens District Attorney John Ryan",
        )
    ]


def test_a_frame_inside_a_quotation_that_continues_an_earlier_one_takes_the_earlier_speaker(nlp):
    text = (
        '"He was very nice to me," the designer Jane Roe told People. "He mentioned he was going to a show the'
        ' next day and gave me his number."'
    )
    pairs = _pairs(nlp, text)
    assert pairs[0] == ("He was very nice to me", "the designer Jane Roe")
    assert pairs[1] == ("he was going to a show the next day", "the designer Jane Roe")


def test_proclaim_is_a_verb_of_saying_and_pronounce_one_next_to_a_quotation(nlp):
    assert _pairs(nlp, "The mayor proclaimed that the city would never give up.") == [
        ("the city would never give up", "The mayor")
    ]
    text = '"The forces of evil will lie and cheat to silence us "  Moore  pronounced in an email to supporters.'
    assert {claimer for _, claimer in _pairs(nlp, text)} == {"Moore"}
    # away from a quotation "pronounced" reports an act
    text = "The doctor checked the monitor and pronounced the death official."
    assert {claimer for _, claimer in _pairs(nlp, text)} == {None}


def test_a_transcript_label_after_indentation_still_opens_a_turn(nlp):
    doc = nlp("The hearing went on.\n    KELLY: That is wrong.")
    assert [_claimer_text(c) for c in doc.spans["claims"]] == [None, "KELLY"]


def test_photo_credit_alone_is_skipped_and_so_is_the_caption_before_it(nlp):
    doc = nlp(
        "FILE - In this 2012 file photo  team owner Dan Snyder walks on the field before a game."
        " (AP Photo/Nick Wass  File)"
    )
    assert list(doc.spans["claims"]) == []
    assert [(s["text"], s["reason"]) for s in doc._.skipped] == [
        ("In this 2012 file photo  team owner Dan Snyder walks on the field before a game.", "caption"),
        ("(AP Photo/Nick Wass  File)", "credit"),
    ]
    # a description with no caption opening before a credit is a claim
    doc = nlp("Team owner Dan Snyder walks on the field before a game. (AP Photo/Nick Wass  File)")
    assert [c.text for c in doc.spans["claims"]] == ["Team owner Dan Snyder walks on the field before a game"]
    assert [s["reason"] for s in doc._.skipped] == ["credit"]
    text = "President Trump said the schools would be safer. (Reuters)"
    assert _pairs(nlp, text) == [("the schools would be safer", "President Trump")]


def test_conditional_opening_the_complement_is_no_embedded_question(nlp):
    text = "He says if no apology is made  he's ready to encourage a boycott of the network."
    assert _pairs(nlp, text) == [("if no apology is made  he's ready to encourage a boycott of the network", "He")]
    # an embedded question is no frame
    assert _claimer_text(claims(nlp, "She asked if he would resign.")[0]) is None


def test_say_with_a_misparsed_object_after_extra_spaces(nlp):
    text = (
        "EU foreign policy chief Federica Mogherini says  the decision to recognize Jerusalem as the capital of"
        " Israel is worrying."
    )
    assert _pairs(nlp, text) == [
        (
            "the decision to recognize Jerusalem as the capital of Israel is worrying",
            "EU foreign policy chief Federica Mogherini",
        )
    ]


def test_inverted_frame_after_a_quote_with_a_date_or_an_appositive(nlp):
    (claim,) = claims(nlp, '"The inquiry is over " said the spokesman last week.')
    assert claim._.claimer["text"] == "the spokesman"
    text = (
        "‘That may be where we’re headed because Congress is pretty dysfunctional ’ said Sen. Lindsey Graham"
        " (R-S.C.)  one of the few to publicly acknowledge the possibility of a temporary fix."
    )
    assert _pairs(nlp, text) == [
        ("That may be where we’re headed because Congress is pretty dysfunctional", "Sen. Lindsey Graham")
    ]


def test_inverted_frame_after_a_mojibake_quote(nlp):
    q1, q2 = "\u00e2\u0080\u009c", "\u00e2\u0080\u009d"
    text = f"{q1}There are so few jobs {q2} said one of the women who worked there."
    (claim,) = claims(nlp, text)
    assert claim.text == "There are so few jobs" and _claimer_text(claim) == "one of the women"


def test_adjunct_before_a_speaker_and_a_padded_word_is_part_of_the_frame(nlp):
    text = "At a summit of EU leaders last week   Merkel  said  her  top priority was a common asylum policy."
    assert _pairs(nlp, text) == [("her  top priority was a common asylum policy", "Merkel")]


def test_participle_of_saying_after_a_comma_gives_a_claim_of_its_own(nlp):
    assert _pairs(nlp, "White House officials had ruled out a visit, saying it was becoming a cliche.") == [
        ("White House officials had ruled out a visit", None),
        ("it was becoming a cliche", "White House officials"),
    ]
    assert _pairs(nlp, "Smith said the deal was dead  adding that talks would resume next year.") == [
        ("the deal was dead", "Smith"),
        ("talks would resume next year", "Smith"),
    ]
    # after a statement, the participle only introduces its words (F5); "hoping" is no verb of saying
    assert _pairs(nlp, "The company released a statement on Monday  saying that it had fired the manager.") == [
        ("it had fired the manager", "The company")
    ]
    assert _claimer_text(claims(nlp, "He left the meeting early, hoping that the vote would be delayed.")[0]) is None


def test_and_before_a_speaker_and_a_verb_of_saying_splits_the_clauses(nlp):
    assert _pairs(nlp, "Moscow has denied any interference and  Trump  has said there was no collusion.") == [
        ("Moscow has denied any interference", None),
        ("there was no collusion", "Trump"),
    ]
    text = (
        "The FBI expressed concerns about the memo and the Justice Department said in advance that its release"
        " would be reckless."
    )
    assert _pairs(nlp, text) == [
        ("The FBI expressed concerns about the memo", None),
        ("its release would be reckless", "the Justice Department"),
    ]
    assert _pairs(nlp, "Smith and Jones said that the plan had failed.") == [("the plan had failed", "Smith and Jones")]
    # adjectives coordinated inside a noun phrase open no speaker
    text = "Supporters see it as a way to reverse the racial and ethnic transformation  Frey said it is unrealistic."
    assert not any(c.text.startswith("ethnic") for c in claims(nlp, text))


def test_concession_clause_is_a_claim_of_its_own(nlp):
    # a reason clause the parse runs into the main clause's subject stays in one claim
    text = (
        "Even though Ronaldo was named the man of the match in the Internet vote that is proving more of a"
        " popularity contest than a true measure of the game  Ronaldo and Queiroz agreed that Tiago had been their"
        " man of the match."
    )
    assert len(claims(nlp, text)) == 1
    assert [
        c.text for c in claims(nlp, "His name was missing from the rolls  even though he had registered to vote.")
    ] == [
        "His name was missing from the rolls",
        "he had registered to vote",
    ]
    text = (
        "Trump  denied making the remarks Friday  although Senator Richard Durbin  who was in the meeting  said"
        " the president had used the term."
    )
    assert _pairs(nlp, text) == [
        ("Trump  denied making the remarks Friday", None),
        ("the president had used the term", "Senator Richard Durbin"),
    ]


def test_told_with_the_complement_misparsed_as_a_relative_clause_of_the_addressee(nlp):
    text = (
        "One woman  Lucia Evans  told the magazine she was forced to perform oral sex on  Weinstein  in 2004 at the"
        " New York office building for Miramax."
    )
    assert _pairs(nlp, text) == [(text[text.index("she") : -1], "One woman  Lucia Evans")]


def test_passive_frame_with_it_names_its_agent_or_no_one(nlp):
    assert _pairs(nlp, "It was reported by the BBC that the talks had collapsed.") == [
        ("the talks had collapsed", "the BBC")
    ]
    text = "It has been said that the talks had collapsed."
    assert _pairs(nlp, text) == [(text[:-1], None)]


def test_may_taken_for_a_modal_is_the_speaker(nlp):
    text = "May said  Green 's behavior fell short of the standards expected from people in British public life."
    (claim,) = claims(nlp, text)
    assert claim.text.startswith("Green 's behavior fell short")
    assert claim._.claimer["text"] == "May" and claim._.claimer["cue"] == "said"
    assert not claim._.hedged
    text = "Befuddled by the demand  May reportedly told  Trump  there wasn't much she could do."
    (claim,) = claims(nlp, text)
    assert claim.text == "there wasn't much she could do"
    assert claim._.claimer["text"] == "May"


def test_long_speaker_headed_by_a_title_with_a_name(nlp):
    text = (
        "Beyond the Capitol  conservative writer Jonah Goldberg at the National Review said  "
        '"there wasn\'t a hint of fiscal conservatism to it."'
    )
    (claim,) = claims(nlp, text)
    assert claim.text == "there wasn't a hint of fiscal conservatism to it"
    assert claim._.claimer["text"] == "conservative writer Jonah Goldberg at the National Review"
    # a long appositive after a name at the start of the sentence is not the speaker on its own
    text = (
        "Andrey Akimov  deputy chairman of the board of directors at Russian lender Gazprombank  told Reuters "
        "in 2015  Tikhonova  was Putin's daughter."
    )
    (claim,) = claims(nlp, text)
    assert "Andrey Akimov" not in claim.text


def test_that_after_an_adjunct_opens_the_complement_not_a_relative_clause(nlp):
    text = "Trump  in January said for the first time that  he  might seek to reenter the trade pact."
    (claim,) = claims(nlp, text)
    assert claim.text == "he  might seek to reenter the trade pact"
    assert claim._.claimer["text"] == "Trump" and claim._.claimer["cue"] == "said"
    # a relative clause of the object of "say" stays in the claim
    (claim,) = claims(nlp, "He said the thing that he wanted most was peace.")
    assert claim.text == "the thing that he wanted most was peace"


def test_speaker_whose_name_ends_in_apostrophe_s(nlp):
    text = (
        '"Its inclusion in the landmark exhibition came after more than six years of painstaking research " '
        "Christie's writes in the presentation of the portrait."
    )
    (claim,) = claims(nlp, text)
    assert (
        claim.text == "Its inclusion in the landmark exhibition came after more than six years of painstaking research"
    )
    assert claim._.claimer["text"] == "Christie's" and claim._.claimer["cue"] == "writes"
    (claim,) = claims(nlp, "The painting was sold for $450 million  Christie's said.")
    assert claim.text == "The painting was sold for $450 million"
    assert claim._.claimer["text"] == "Christie's"


def test_as_frame_that_swallowed_the_main_clause(nlp):
    text = "One night  as Lewis later told West Point investigators  she came back to her room after a shower."
    (claim,) = claims(nlp, text)
    assert claim.text.startswith("One night") and claim.text.endswith("she came back to her room after a shower")
    assert claim._.claimer["text"] == "Lewis" and claim._.claimer["cue"] == "told"


def test_a_final_frame_after_a_passive_verb_of_saying_and_a_lost_comma(nlp):
    # the passive "acknowledged" has no complement to hold "CNN reported": the final frame is the outermost one
    text = "The FBI has taken the dossier more seriously than has been previously publicly acknowledged  CNN reported."
    (claim,) = claims(nlp, text)
    assert claim.text == "The FBI has taken the dossier more seriously than has been previously publicly acknowledged"
    assert claim._.claimer["text"] == "CNN" and claim._.claimer["cue"] == "reported"
    # the spaces around a padded name are no lost comma: "he" stays inside the pastor's complement (F2)
    (claim,) = claims(nlp, "The pastor  said  he  thought the church would close.")
    assert claim.text == "he  thought the church would close" and claim._.claimer["text"] == "The pastor"
    # "That being said": a passive verb of saying is no frame around "I think"
    (claim,) = claims(nlp, "That being said  I think the coordinator was too conservative with  Petty .")
    assert claim._.claimer["text"] == "I"


def test_that_after_an_adjunct_with_a_participle(nlp):
    # the parser hangs the complement on the participle of the adjunct ("made public", "posted")
    text = "Prosecutors wrote in the redacted document made public on Friday that they were prepared to go to trial."
    (claim,) = claims(nlp, text)
    assert claim.text == "they were prepared to go to trial"
    assert claim._.claimer["text"] == "Prosecutors" and claim._.claimer["cue"] == "wrote"
    text = "Trump tells The New York Times in an interview posted Thursday night that Mueller's probe angered his base."
    (claim,) = claims(nlp, text)
    assert claim.text == "Mueller's probe angered his base" and claim._.claimer["text"] == "Trump"


def test_a_padded_mention_after_a_verb_of_saying_stays_inside_its_complement(nlp):
    # "  a frustrated Mr. Trump  " is a padded mention, not a speaker after a lost comma (F2)
    text = (
        "The decision was the second time  his  administration certified the deal  and aides said  a frustrated "
        "Mr. Trump  had told  his  security team that  he  would not keep doing so indefinitely."
    )
    assert [c._.claimer and c._.claimer["text"] for c in claims(nlp, text)] == [None, "aides"]


def test_an_as_frame_inside_a_complement_attributes_nothing_of_its_own(nlp):
    # "It's true" is the author's: the "as" frame sits inside the author's claim (F2)
    text = (
        "It's true that  as Deputy Attorney General Rod Rosenstein said in an announcement  these particular "
        "indictments do not allege that any American knew about the influence campaign."
    )
    (claim,) = claims(nlp, text)
    assert claim._.claimer is None and claim.text.startswith("It's true that")
    # a temporal "as" clause with a verb of believing inside the complement of "says": Trump's claim
    text = (
        "President Donald Trump  says the East Coast could use a little bit of that good old Global Warming as "
        "bitter cold temperatures are expected to freeze large swaths of the country."
    )
    (claim,) = claims(nlp, text)
    assert claim._.claimer["text"] == "President Donald Trump" and claim.text.startswith("the East Coast")


def test_a_speaker_with_turned_between_two_nouns(nlp):
    # "executive turned White House staffer": "turned" joins two titles of one speaker, it is no verb of its own
    speaker = "Goldman executive turned White House staffer Marc Short"
    (claim,) = claims(nlp, f"The bill will pass easily  former {speaker} said.")
    assert claim.text == "The bill will pass easily" and claim._.claimer["text"] == f"former {speaker}"
    (claim,) = claims(nlp, f"Former {speaker} said the bill would pass easily.")
    assert claim.text == "the bill would pass easily" and claim._.claimer["text"] == f"Former {speaker}"
    # the parser makes "turned" the main verb and "told" its complement
    text = (
        "Former \u00e2 Never Trump\u00e2  Koch brothers executive turned White House staffer  Marc Short  told "
        "NBC\u00e2s Meet the Press that  President Trump  would be \u00e2willing to expand\u00e2 an amnesty beyond "
        "the nearly 800 000 illegal aliens."
    )
    (claim,) = claims(nlp, text)
    assert claim._.claimer["text"].endswith("executive turned White House staffer  Marc Short")
    assert claim._.claimer["cue"] == "told"


def test_a_participle_of_a_named_speaker_inside_a_frame_complement_stays_in_the_claim(nlp):
    # "saying" hangs from "mocked", whose subject Trump is inside the official's words: one claim (F2)
    text = "A senior official said  Trump  mocked Rosenstein's recent testimony in private  saying  he  looked weak."
    (claim,) = claims(nlp, text)
    assert claim.text == "Trump  mocked Rosenstein's recent testimony in private  saying  he  looked weak"
    assert claim._.claimer["text"] == "A senior official"
    # under a pronoun the participle is the frame's own: two claims by the same speaker
    text = "Jackson said that he has a goal for the president  telling reporters  he is more enthusiastic about diets."
    assert [c._.claimer["text"] for c in claims(nlp, text)] == ["Jackson", "Jackson"]


def test_the_that_clause_of_a_content_noun_is_no_frame_complement(nlp):
    # "pointed to the fact that ...": the clause is the noun's complement, not words said by the critics
    text = (
        "Critics of the commission pointed to the fact that its appointees included longtime advocates of "
        "restrictive voting laws."
    )
    assert [c._.claimer for c in claims(nlp, text)] == [None]


def test_a_participial_phrase_set_off_by_lost_commas_between_speaker_and_verb(nlp):
    text = (
        "But Wray   testifying before the Senate Intelligence Committee   said that the FBI submitted a partial "
        "report last March."
    )
    (claim,) = claims(nlp, text)
    assert claim.text == "the FBI submitted a partial report last March" and claim._.claimer["text"] == "Wray"
    text = "Bloomberg  citing an unnamed source  reported that Mueller is seeking information on the German lender."
    (claim,) = claims(nlp, text)
    assert claim.text == "Mueller is seeking information on the German lender"
    assert claim._.claimer["text"] == "Bloomberg" and claim._.claimer["cue"] == "reported"


def test_a_time_phrase_after_the_verb_of_saying_belongs_to_the_frame(nlp):
    # the parser hangs "on Monday" / "last week" on the complement's verb; it dates the saying, not the content
    for text in [
        "The company said on Monday it would cut 500 jobs.",
        "The company said last week it would cut 500 jobs.",
        "The company said Tuesday it would cut 500 jobs.",
        "The company  said on Monday  it would cut 500 jobs.",
    ]:
        (claim,) = claims(nlp, text)
        assert claim.text == "it would cut 500 jobs", text
        assert claim._.claimer["text"] == "The company" and claim._.claimer["cue"] == "said", text
    (claim,) = claims(nlp, "The ministry said in a statement on Monday that the talks had failed.")
    assert claim.text == "the talks had failed"
    # a date inside the complement's subject is content
    (claim,) = claims(nlp, "The opposition said the vote on Monday was rigged.")
    assert claim.text == "the vote on Monday was rigged"
    (claim,) = claims(nlp, "He said Monday was the worst day of his life.")
    assert claim.text == "Monday was the worst day of his life"


def test_a_news_dateline_is_no_part_of_a_claim_or_a_speaker(nlp):
    (claim,) = claims(nlp, "LONDON (Reuters) - Inflation rose sharply in May.")
    assert claim.text == "Inflation rose sharply in May" and claim._.claimer is None
    (claim,) = claims(nlp, "WASHINGTON  (Reuters)  -  The Pentagon said it was reviewing the deal.")
    assert claim.text == "it was reviewing the deal" and claim._.claimer["text"] == "The Pentagon"
    (claim,) = claims(nlp, "CLEVELAND — Hillary Clinton said on Sunday that the plan would fail.")
    assert claim._.claimer["text"] == "Hillary Clinton"
    *_, claim = claims(nlp, "The talks failed.\n\nPARIS (AFP) - Inflation rose.")
    assert claim.text == "Inflation rose"
    # an organisation before a spaced dash opens an appositive, not a dateline; a dash inside a line is no dateline
    (claim,) = claims(nlp, "NATO - the alliance of 32 states - said it would respond.")
    assert claim._.claimer["text"].startswith("NATO")
    (claim,) = claims(nlp, "Trade between the U.S. - and China - fell.")
    assert claim.text == "Trade between the U.S. - and China - fell"


# -- statements say nothing the text does not (real wire-news sentences, tests/data/statements_real_news.jsonl) --
STATEMENT_CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "statements_real_news.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", STATEMENT_CASES, ids=lambda case: case["text"][:50])
def test_statements_of_real_news_sentences_invent_nothing(nlp, case):
    # each expected statement was checked by hand: a pronoun is replaced only by its certain antecedent (the named
    # person who frames the claim, or the subject of the sentence's main clause), agreeing in gender and animacy
    assert [c._.statement for c in claims(nlp, case["text"])] == case["statements"], case["note"]


def test_a_country_claimer_is_never_she(nlp):
    text = "Britain says Nazanin Zaghari-Ratcliffe was visiting family on holiday when she was jailed by Iran."
    (claim,) = claims(nlp, text)
    assert "Britain was jailed" not in claim._.statement
    assert claim._.statement == "Nazanin Zaghari-Ratcliffe was visiting family on holiday when she was jailed by Iran"


def test_a_pronoun_that_disagrees_with_the_speaker_stays(nlp):
    (claim,) = claims(nlp, "Theresa May said he had broken the ministerial code.")
    assert claim._.statement == "he had broken the ministerial code"
    (claim,) = claims(nlp, "Russian Foreign Minister Sergei Lavrov said on Monday that he would travel to Beijing.")
    assert claim._.statement == "Sergei Lavrov would travel to Beijing"  # the name, not the title


def test_pronoun_claimer_is_never_the_person_named_inside_the_quote(nlp):
    doc = nlp('" Kulbhushan Jadhav is an established terrorist " he told reporters.')
    (claim,) = doc.spans["claims"]
    assert claim._.claimer["text"] == "he"
    assert claim._.claimer["entity_id"] != "PERSON:kulbhushan-jadhav"
    text = (
        "Pakistan's foreign office spokesman Mohammad Faisal spoke on Thursday."
        ' " Kulbhushan Jadhav is an established terrorist " he told reporters.'
    )
    doc = nlp(text)
    quoted = doc.spans["claims"][-1]
    assert quoted._.claimer["entity_id"] == "OFFICIAL:mohammad-faisal"


def test_pronoun_claimer_skips_a_person_of_the_other_gender(nlp):
    doc = nlp('Theresa May met Donald Trump on Friday. "We had a good meeting," she said.')
    assert doc.spans["claims"][-1]._.claimer["entity_id"] == "OFFICIAL:theresa-may"


@pytest.mark.parametrize(
    "credit",
    [
        "President.ir/Handout via REUTERS",
        "(AP Photo/Vahid Salemi)",
        "(AP Photo/Ebrahim Noroozi, File)",
        "REUTERS/Carlos Barria",
        "(Photo by Chip Somodevilla/Getty Images)",
        "Official Presidential website/Handout via REUTERS.",
    ],
)
def test_photo_credits_are_skipped_as_credit(nlp, credit):
    doc = nlp(f"Iranian President Hassan Rouhani speaks in Tehran. {credit}")
    assert [c.text for c in doc.spans["claims"]] == ["Iranian President Hassan Rouhani speaks in Tehran"]
    assert [(s["text"], s["reason"]) for s in doc._.skipped] == [(credit, "credit")]


def test_a_report_via_an_agency_is_no_credit(nlp):
    doc = nlp("The talks were held via video link, Reuters reported.")
    assert [c.text for c in doc.spans["claims"]] == ["The talks were held via video link"]
    assert doc._.skipped == []


def test_a_sentence_opening_as_a_photo_caption_is_a_caption_with_skip_captions(nlp):
    from claimscope.nonclaims import skip_reason

    text = (
        "In this March 29, 2016, file photo, Iranian President Hassan Rouhani meets with Chinese President Xi"
        " Jinping in Tehran."
    )
    doc = nlp(text)
    (sent,) = doc.sents
    assert skip_reason(sent, doc.text, captions=True) == "caption"
    assert skip_reason(sent, doc.text) is None  # skip_reason's own default reads the description as a claim
    assert list(doc.spans["claims"]) == []  # the claims component skips captions by default
    assert [s["reason"] for s in doc._.skipped] == ["caption"]
    other = nlp("In this case, the court ruled that the photo was taken legally.")
    assert skip_reason(next(iter(other.sents)), other.text, captions=True) is None


def test_skip_captions_is_a_setting_of_the_claims_component_on_by_default(nlp):
    from claimscope.components.claims import ClaimSegmenter

    assert nlp.get_pipe_config("claimscope_claims")["skip_captions"] is True
    text = (
        "In this March 29, 2016, file photo, Iranian President Hassan Rouhani meets with Chinese President Xi"
        " Jinping in Tehran. (AP Photo/Vahid Salemi) Iran said the deal was fair."
    )
    doc = nlp(text)
    assert [c.text for c in doc.spans["claims"]] == ["the deal was fair"]
    assert [s["reason"] for s in doc._.skipped] == ["caption", "credit"]
    # a sentence the parser glued to the caption after an abbreviation keeps its claims
    glued = nlp(
        "In this 2012 file photo  team owner Dan Snyder walks on the field in Landover  Md.  Earnhardt  has never"
        " attended a Super Bowl  but is a rabid Redskins fan."
    )
    assert [s["text"] for s in glued._.skipped] == [
        "In this 2012 file photo  team owner Dan Snyder walks on the field in Landover  Md."
    ]
    assert [c.text for c in glued.spans["claims"]][0].startswith("Earnhardt  has never attended a Super Bowl")
    # a title before a name, or no verb before the period, is no sentence boundary
    for caption in (
        "In this photo, U.S. President Barack Obama meets with Chinese President Xi Jinping in Beijing.",
        "In this photo, team owner Dan Snyder walks with Gov. Larry Hogan, who has said he will run again.",
    ):
        doc = nlp(caption)
        assert list(doc.spans["claims"]) == [] and [s["text"] for s in doc._.skipped] == [caption]
    doc = ClaimSegmenter(skip_captions=False)(nlp(text))
    assert [c.text for c in doc.spans["claims"]][0].startswith("In this March 29, 2016, file photo")
    assert [s["reason"] for s in doc._.skipped] == ["credit"]


def test_a_text_cut_off_by_the_source_is_a_fragment_not_a_claim(nlp):
    doc = nlp('"They don\'t want us here," he said. They don')
    assert [c.text for c in doc.spans["claims"]] == ["They don't want us here"]
    assert [(s["text"], s["reason"]) for s in doc._.skipped] == [("They don", "fragment")]
    doc = nlp("They don")
    assert list(doc.spans["claims"]) == [] and [s["reason"] for s in doc._.skipped] == ["fragment"]


def test_fragment_rule_keeps_short_real_claims(nlp):
    from claimscope.components.claims import is_fragment

    for text in ("Prices rose.", "Biden won.", "So does Ivanka."):
        doc = nlp(text)
        assert not is_fragment([t for t in doc if not t.is_punct], set()), text
    doc = nlp("They don")
    assert is_fragment(list(doc), set())
    doc = nlp("deported")
    assert is_fragment(list(doc), set())
    quoted = nlp('"Unacceptable," Peskov said.')
    assert not is_fragment([quoted[1]], {1})  # an explicitly quoted verbless statement


def test_a_participle_sharing_the_auxiliary_is_no_claim_of_its_own(nlp):
    assert [c.text for c in claims(nlp, "Some 40 people were arrested and later deported.")] == [
        "Some 40 people were arrested and later deported"
    ]
    # with a complement of its own, the first verb's predicate is a claim and the second one too (guide C1)
    found = claims(nlp, "The government has allowed more children to attend schools and given out more permits.")
    assert len(found) == 2


def test_the_main_clause_is_kept_over_an_embedded_one(nlp):
    text = (
        "Tuesday's parade speech was also meant to underline Ahmadinejad's strength at a time when he faces"
        " criticism, and to show that Iran is not isolated."
    )
    found = claims(nlp, text)
    assert [c.text for c in found] == [text[:-1]]
    text = (
        "Tuesday's parade speech was also meant to underline Ahmadinejad's strength as he faces growing criticism"
        " from rivals at home."
    )
    assert [c.text for c in claims(nlp, text)] == [text[:-1]]
