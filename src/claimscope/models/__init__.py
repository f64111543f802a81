"""Claim classifiers: one shared MiniLM multi-task artefact viewed as three task models."""

from .multitask import TASK_LABELS, MultiTaskModel
from .predict import (
    CheckworthinessModel,
    EntityStanceModel,
    FactOpinionModel,
    MultiTaskPredictor,
    Prediction,
    default_model_path,
)

__all__ = [
    "TASK_LABELS",
    "CheckworthinessModel",
    "EntityStanceModel",
    "FactOpinionModel",
    "MultiTaskModel",
    "MultiTaskPredictor",
    "Prediction",
    "default_model_path",
]
