"""Template helpers used across Limber's pages."""

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

from shop.markup import markdown_render

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render Markdown written by staff as sanitised HTML."""
    return mark_safe(markdown_render(text or ""))  # noqa: S308 - nh3 has sanitised it


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """Return the current query string with some parameters replaced or removed."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


@register.filter
def money(amount, currency="USD"):
    """Format a price with its currency symbol, e.g. $24.99."""
    if amount in (None, ""):
        return ""
    amount = Decimal(amount)
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency}"


@register.filter
def get_item(mapping, key):
    """Look a key up in a mapping from a template."""
    return mapping.get(key) if mapping else None


@register.filter
def percent(value):
    """Show a probability as a whole percentage, e.g. 0.724 → 72%."""
    return f"{round(float(value) * 100)}%"
