from filiera.passports.models.credentials import Credential, Passport
from filiera.passports.models.issuers import Issuer, IssuerKey, StatusList
from filiera.passports.models.tiers import AuthorityToken, PassportViewer

__all__ = [
    "AuthorityToken",
    "Credential",
    "Issuer",
    "IssuerKey",
    "Passport",
    "PassportViewer",
    "StatusList",
]
