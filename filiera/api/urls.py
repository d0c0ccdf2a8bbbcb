"""The JSON API under /api/v1/, assembled from per-resource routers.

Every operation needs a personal token (``Authorization: Bearer KEY``) and answers with the
caller's permissions; the OpenAPI description and the docs page are public.
"""

from filiera.api import districts, docs, firms, sites
from filiera.api.auth import TokenAuth
from filiera.api.errors import FilieraAPI

api = FilieraAPI(
    title="Filiera API",
    version="1",
    description="Registry of districts, firms and sites. Authenticate with a personal token: "
    "`Authorization: Bearer TOKEN` (create one on your account page). Lists answer "
    '`{"items": [...], "next_cursor": ...}`: pass `next_cursor` as `cursor` for the next page. '
    "Objects you may not see answer 404; objects you may see but not change answer 403 to "
    'changes. Bad input answers 422 with `{"detail": [{"loc": ["body", FIELD], "msg": ...}]}`.',
    auth=TokenAuth(),
    urls_namespace="api",
    # No validator badge: Swagger UI would send the description to validator.swagger.io.
    docs=docs.LocalSwagger(settings={"validatorUrl": None}),
    docs_url="/docs",
)
api.add_router("", districts.router)
api.add_router("", firms.router)
api.add_router("", sites.router)
api.add_router("", "filiera.api.qualification_methodologies.router")
api.add_router("", "filiera.api.qualification_assessments.router")
api.add_router("", "filiera.api.qualification_answers.router")
api.add_router("", "filiera.api.qualification_scores.router")
api.add_router("", "filiera.api.qualification_evidence.router")
api.add_router("", "filiera.api.chains.router")
api.add_router("", "filiera.api.chains_sharing.router")
api.add_router("", "filiera.api.footprint.router")
api.add_router("", "filiera.api.symbiosis_flows.router")
api.add_router("", "filiera.api.symbiosis_indicators.router")
api.add_router("", docs.router)
