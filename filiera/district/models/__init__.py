from filiera.district.models.events import Event, EventMaterial, Registration
from filiera.district.models.insight import DistrictSnapshot, FirmFact
from filiera.district.models.networks import (
    Network,
    NetworkDocument,
    NetworkMember,
    NetworkProject,
    NetworkService,
)
from filiera.district.models.practices import GoodPractice, PracticeAdoption, PracticeEvaluation
from filiera.district.models.showcase import (
    ContactRequest,
    NewsItem,
    PublicProfile,
    Showcase,
    ShowcaseEntry,
)

__all__ = [
    "ContactRequest",
    "DistrictSnapshot",
    "Event",
    "EventMaterial",
    "FirmFact",
    "GoodPractice",
    "Network",
    "NetworkDocument",
    "NetworkMember",
    "NetworkProject",
    "NetworkService",
    "NewsItem",
    "PracticeAdoption",
    "PracticeEvaluation",
    "PublicProfile",
    "Registration",
    "Showcase",
    "ShowcaseEntry",
]
