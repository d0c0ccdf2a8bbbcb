from django.utils import timezone
from ninja.security import HttpBearer

from filiera.api.models import ApiToken, hash_key


class TokenAuth(HttpBearer):
    """Bearer token from a person's account page; requests act with that person's permissions."""

    def authenticate(self, request, token: str):
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_key(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user
