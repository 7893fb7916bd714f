"""API tokens: django-rest-knox's hashed, expiring tokens under the `Authorization: Token <key>` scheme."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's token check, refusing a key that is not plain text with a 401 rather than failing on it."""

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        return super().authenticate_credentials(token)


class TokenScheme(KnoxTokenScheme):
    """Document the scheme in the OpenAPI schema: an `Authorization` header of `Token <key>`."""

    target_class = "shop.api.authentication.TokenAuthentication"
    name = "tokenAuth"
