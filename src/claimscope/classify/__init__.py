"""The classification stage: the learned half of the pipeline, run over the claims.

- :mod:`.component`: ``claimscope_classify``, one encoder pass per claim: verdict (fact / opinion),
  check-worthiness and the stance towards each entity;
- :mod:`.topic_stance`: ``claimscope_topic_stance``, the stance towards each topic the user names, for the
  claims about it;
- :mod:`.topics`: topic validation and relevance (is a claim about a topic at all).

The networks themselves live in :mod:`claimscope.models`.
"""
