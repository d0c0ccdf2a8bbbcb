from filiera.chains.models.alerts import ChainAlert
from filiera.chains.models.relations import SupplyInvitation, SupplyRelation, Tier
from filiera.chains.models.sharing import AccessLog, Consent, Level, Scope

__all__ = [
    "AccessLog",
    "ChainAlert",
    "Consent",
    "Level",
    "Scope",
    "SupplyInvitation",
    "SupplyRelation",
    "Tier",
]
