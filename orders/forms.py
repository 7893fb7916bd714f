"""Forms of the cart and checkout pages."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

from orders.cart import MAX_QUANTITY
from orders.models import Source
from orders.payments import providers_enabled
from orders.selectors import shipping_method_list
from shop.templatetags.shop_tags import money


class CartAddForm(forms.Form):
    """Add a product to the cart, remembering where the shopper found it."""

    product = forms.SlugField(max_length=200, widget=forms.HiddenInput)
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, initial=1)
    source = forms.ChoiceField(choices=Source.choices, required=False, widget=forms.HiddenInput)
    condition = forms.SlugField(max_length=100, required=False, widget=forms.HiddenInput)
    assessment = forms.UUIDField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)

    def safe_next(self, request) -> str:
        """Return the page to go back to, if it is on this site."""
        target = self.cleaned_data.get("next") or ""
        allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
        return target if allowed else ""


class ShippingMethodField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {money(obj.price, obj.currency)}"


class CheckoutDetailsForm(forms.Form):
    """Who the order is for, where it goes and how it is sent."""

    email = forms.EmailField(help_text="For the confirmation and the link to your order.")
    name = forms.CharField(max_length=200, label="Full name")
    line1 = forms.CharField(max_length=200, label="Address line 1")
    line2 = forms.CharField(max_length=200, label="Address line 2", required=False)
    city = forms.CharField(max_length=100, label="Town or city")
    postcode = forms.CharField(max_length=20, label="Postcode or ZIP")
    country = forms.RegexField(
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        label="Country code",
        help_text="Two letters, e.g. US, CA, GB.",
        error_messages={"invalid": "Enter the two-letter country code, e.g. US."},
    )
    shipping_method = ShippingMethodField(
        queryset=shipping_method_list(), to_field_name="code", widget=forms.RadioSelect, empty_label=None
    )

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def session_data(self) -> dict:
        """Return the cleaned values in a form the session can store."""
        data = dict(self.cleaned_data)
        data["shipping_method"] = data["shipping_method"].code
        return data


class PaymentMethodForm(forms.Form):
    """How the shopper will pay."""

    payment_method = forms.ChoiceField(widget=forms.RadioSelect, label="Payment")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        providers = providers_enabled()
        self.fields["payment_method"].choices = [(p.key, p.label) for p in providers]
        self.descriptions = {p.key: p.description for p in providers}
        if providers:
            self.fields["payment_method"].initial = providers[0].key
