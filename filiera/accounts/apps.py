from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "filiera.accounts"
    label = "accounts"
