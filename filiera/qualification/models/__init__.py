from filiera.qualification.models.assessment import Answer, Assessment, Correction
from filiera.qualification.models.evidence import Evidence, EvidenceReminder
from filiera.qualification.models.methodology import Methodology, MethodologyVersion, Weighting
from filiera.qualification.models.plan import ImprovementAction
from filiera.qualification.models.publication import ScorecardPublication
from filiera.qualification.models.score import Score

__all__ = [
    "Answer",
    "Assessment",
    "Correction",
    "Evidence",
    "EvidenceReminder",
    "ImprovementAction",
    "Methodology",
    "MethodologyVersion",
    "Score",
    "ScorecardPublication",
    "Weighting",
]
