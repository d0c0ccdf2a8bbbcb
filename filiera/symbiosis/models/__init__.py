from filiera.symbiosis.models.flow import Flow
from filiera.symbiosis.models.match import Delivery, Match
from filiera.symbiosis.models.policy import CircularityProfile, SymbiosisPolicy

__all__ = ["CircularityProfile", "Delivery", "Flow", "Match", "SymbiosisPolicy"]
