"""The entity stage: the ``claimscope_entities`` spaCy component and its rules.

Text → mentions (countries, officials, organisations, places, projects, groups, "the two countries") with
claimscope's labels and canonical ids. One job per module:

- :mod:`.component`: the factory; runs the steps below and sets ``doc.ents``, ``doc._.entity_info``;
- :mod:`.mentions`: finding mentions (gazetteer matches, NER, projects and laws, names used as people);
- :mod:`.labels`: label decisions and span clean-up;
- :mod:`.offices`: officials and the offices their titles give them;
- :mod:`.linking`: canonical ids and document-level resolution ("Peskov" after "Dmitry Peskov");
- :mod:`.gazetteer`: loading and indexing the entity lists in ``claimscope/resources/`` and users' files;
- :mod:`.references`: references to a pair of countries ("the two countries", "both sides");
- :mod:`.tokens`, :mod:`.words`: token helpers and the word lists the rules consult.
"""
