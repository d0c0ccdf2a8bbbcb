"""The shape of a methodology file set, checked on load (plain Python, no Django).

A methodology is versioned data: a profile block (asked, not scored), a catalogue of the
certificates and documents that can serve as evidence, and the scored areas. Each area holds
questions in three levels (L1 basics, L2 managed, L3 leading). See DESIGN.md, "Scoring".
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
SIZE_CLASSES = ("micro", "small", "medium", "large")
FIRM_ROLES = ("brand", "manufacturer", "subcontractor", "material_supplier", "service")
# A process code in ``processes_any`` may also be this keyword: any wet process of the taxonomy.
WET = "wet"

AnswerType = Literal["yesno", "number", "choice", "date", "file", "text"]
YESNO_VALUES = ("yes", "partial", "no", "na")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages of the platform."""

    it: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str | None) -> str:
        return self.en if (language or "it").startswith("en") else self.it


class Choice(Strict):
    code: str = Field(pattern=CODE)
    label: Text
    # The credit this choice earns, from 0 (nothing) to 1 (full); ``None`` means not applicable.
    credit: float | None = Field(default=0, ge=0, le=1)


class AppliesIf(Strict):
    """Who a question is asked of. Each list left empty means "everyone"; lists combine with AND."""

    size_classes: list[Literal["micro", "small", "medium", "large"]] = []
    roles: list[
        Literal["brand", "manufacturer", "subcontractor", "material_supplier", "service"]
    ] = []
    # Taxonomy process codes, or ``wet``: the firm performs at least one of them at some site.
    processes_any: list[str] = []


class Question(Strict):
    code: str = Field(pattern=CODE)
    level: Literal[1, 2, 3]
    weight: float = Field(default=1, ge=0)
    text: Text
    help: Text | None = None
    type: AnswerType = "yesno"
    unit: str = ""  # for ``number``
    choices: list[Choice] = []  # for ``choice``
    max_age_days: int | None = Field(default=None, gt=0)  # for ``date``: credit only if recent
    critical: bool = False  # L1 only: L2 and L3 count only when every critical item is positive
    red_flag: bool = False  # a "no" caps the area at grade E
    evidence: Literal["none", "optional", "required"] = "optional"
    certificates: list[str] = []  # codes from the methodology's certificate catalogue
    effort: Literal["low", "medium", "high"] = "medium"  # for ranking improvement actions
    applies_if: AppliesIf = AppliesIf()
    vsme: list[
        str
    ] = []  # VSME datapoint concepts this answer reports, e.g. ``vsme:NumberOfEmployees``
    enabled: bool = True  # a derived version can switch a question off without deleting it

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.critical and self.level != 1:
            raise ValueError("only level 1 questions can be critical")
        if self.type == "choice" and len(self.choices) < 2:
            raise ValueError("a choice question needs at least two choices")
        if self.type != "choice" and self.choices:
            raise ValueError("only choice questions have choices")
        if self.type == "number" and not self.unit:
            raise ValueError("a number question needs a unit")
        if self.max_age_days is not None and self.type != "date":
            raise ValueError("max_age_days is for date questions")
        if self.red_flag and self.type not in ("yesno", "choice"):
            raise ValueError("a red flag needs a yes/no or choice question")
        codes = [c.code for c in self.choices]
        if len(codes) != len(set(codes)):
            raise ValueError("choice codes must be unique")
        return self


class Area(Strict):
    code: str = Field(pattern=CODE)
    name: Text
    description: Text | None = None
    weight: float = Field(default=1, ge=0)
    questions: list[Question] = Field(min_length=1)


class Certificate(Strict):
    """A kind of evidence: a certification, an official document, a test report, a rating."""

    code: str = Field(pattern=CODE)
    name: Text
    kind: Literal["certification", "document", "test", "rating", "assessment"] = "certification"
    issuer: str = ""  # who usually issues it, as a hint on the upload form
    validity_days: int | None = Field(default=None, gt=0)  # default validity; None: no expiry


class ProfileField(Strict):
    """A profile item: asked once, reported (VSME), never scored."""

    code: str = Field(pattern=CODE)
    label: Text
    help: Text | None = None
    type: Literal["text", "number", "choice", "date", "yesno"] = "text"
    unit: str = ""
    choices: list[Choice] = []
    vsme: list[str] = []


class Qualification(Strict):
    """Thresholds for the qualification status (a red flag anywhere means not qualified)."""

    qualified_min_overall: float = Field(default=51, ge=0, le=100)
    qualified_min_area: float = Field(default=30, ge=0, le=100)
    improvement_plan_min_overall: float = Field(default=30, ge=0, le=100)


class Grades(Strict):
    """Lowest score (rounded to one decimal) of each grade; below ``D`` is ``E``."""

    A: float = 86
    B: float = 71
    C: float = 51
    D: float = 30


class Methodology(Strict):
    slug: str = Field(pattern=CODE)
    version: int = Field(ge=1)
    name: Text
    description: Text | None = None
    based_on: str | None = None  # ``slug@version`` of the version this one derives from
    level_weights: dict[Literal[1, 2, 3], float] = {1: 25, 2: 50, 3: 25}
    grades: Grades = Grades()
    red_flag_cap: float = Field(default=29, ge=0, le=100)
    evidence_grace_days: int = Field(default=30, ge=0)
    qualification: Qualification = Qualification()
    certificates: list[Certificate] = []
    profile: list[ProfileField] = []
    areas: list[Area] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Methodology:
        seen: set[str] = set()
        for code in [p.code for p in self.profile] + [
            q.code for a in self.areas for q in a.questions
        ]:
            if code in seen:
                raise ValueError(f"question code {code} is used twice")
            seen.add(code)
        area_codes = [a.code for a in self.areas]
        if len(area_codes) != len(set(area_codes)):
            raise ValueError("area codes must be unique")
        cert_codes = [c.code for c in self.certificates]
        if len(cert_codes) != len(set(cert_codes)):
            raise ValueError("certificate codes must be unique")
        known = set(cert_codes)
        for area in self.areas:
            for q in area.questions:
                unknown = [c for c in q.certificates if c not in known]
                if unknown:
                    raise ValueError(
                        f"question {q.code} names unknown certificates: {', '.join(unknown)}"
                    )
        return self

    # Lookups used by the engines and pages -------------------------------------------------

    def question(self, code: str) -> Question | None:
        for area in self.areas:
            for q in area.questions:
                if q.code == code:
                    return q
        return None

    def area_of(self, code: str) -> Area | None:
        for area in self.areas:
            if any(q.code == code for q in area.questions):
                return area
        return None

    def certificate(self, code: str) -> Certificate | None:
        return next((c for c in self.certificates if c.code == code), None)

    @property
    def key(self) -> str:
        return f"{self.slug}@{self.version}"
