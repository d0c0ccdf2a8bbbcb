"""District insight and marketing: dashboard, public showcase, open data, good practices,
networks of firms, labs and events."""

from filiera.district.views import (
    events,
    events_public,
    insight,
    networks,
    networks_public,
    news_public,
    open_data,
    practices,
    practices_public,
    profile,
    showcase_manage,
    showcase_public,
)

urlpatterns: list = [
    *insight.urlpatterns,
    *showcase_public.urlpatterns,
    *profile.urlpatterns,
    *showcase_manage.urlpatterns,
    *news_public.urlpatterns,
    *open_data.urlpatterns,
    *practices.urlpatterns,
    *practices_public.urlpatterns,
    *networks.urlpatterns,
    *networks_public.urlpatterns,
    *events.urlpatterns,
    *events_public.urlpatterns,
]
