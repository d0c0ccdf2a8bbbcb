"""URLs of this qualification topic; composed in filiera/qualification/urls/__init__.py."""

urlpatterns: list = []
