from django.conf import settings

from filiera.registry import access


def navigation(request):
    """What the page header needs: the user's roles and districts, and map settings."""
    user = getattr(request, "user", None)
    r = access.roles(user) if user is not None else access.Roles()
    return {
        "roles": r,
        "nav_districts": list(access.staffed_districts(user))
        if r.is_district_staff or r.superuser
        else [],
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
