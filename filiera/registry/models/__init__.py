from filiera.registry.models.district import District, DistrictMembership
from filiera.registry.models.duplicates import DuplicateCandidate
from filiera.registry.models.firm import Firm, FirmActivity, FirmMembership
from filiera.registry.models.reference import Municipality, Process
from filiera.registry.models.site import FacilityId, Site

__all__ = [
    "District",
    "DistrictMembership",
    "DuplicateCandidate",
    "FacilityId",
    "Firm",
    "FirmActivity",
    "FirmMembership",
    "Municipality",
    "Process",
    "Site",
]
