from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "filiera.api"
    label = "api"
