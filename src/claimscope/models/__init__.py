"""Claim classifiers: one shared MiniLM multi-task artefact viewed as three task models, and the topic-stance
model (an artefact of the same format with one topic-stance head)."""

from claimscope.models.multitask import TASK_LABELS, MultiTaskModel
from claimscope.models.predict import (
    CheckworthinessModel,
    EntityStanceModel,
    FactOpinionModel,
    MultiTaskPredictor,
    Prediction,
    TopicStanceModel,
    default_model_path,
    default_topic_model_path,
)

__all__ = [
    "TASK_LABELS",
    "CheckworthinessModel",
    "EntityStanceModel",
    "FactOpinionModel",
    "MultiTaskModel",
    "MultiTaskPredictor",
    "Prediction",
    "TopicStanceModel",
    "default_model_path",
    "default_topic_model_path",
]
