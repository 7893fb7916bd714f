"""Forms of the cart, checkout and "did it help?" pages."""

from django import forms
from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

from analytics.models import COMMENT_MAX_LENGTH, FeedbackAnswer
from orders.addresses import Country, countries_shipped_to, country_get
from orders.limits import max_units
from orders.models import Source
from orders.payments import providers_for
from orders.selectors import FeedbackItem, shipping_method_list
from shop.numbers import WholeNumberField
from shop.templatetags.shop_tags import money

MAX_NEXT_LENGTH = 4000  # longer than any address the symptom check makes; browsers keep far longer ones


class ErrorSummaryMixin:
    """Give a form the links of the error summary at the top of its page (orders/_error_summary.html)."""

    def error_links(self) -> list[tuple[str, str]]:
        """Return (the id of the field to jump to, the message) for each problem, in the page's order."""
        links = []
        for bound in self:
            anchor = f"{bound.auto_id}_0" if isinstance(bound.field.widget, forms.RadioSelect) else bound.auto_id
            links += [(anchor, str(message)) for message in bound.errors]
        return links


class CartAddForm(forms.Form):
    """Add a product to the cart, remembering where the shopper found it."""

    product = forms.SlugField(max_length=200, widget=forms.HiddenInput)
    quantity = WholeNumberField(minimum=1, initial=1, error_messages={"required": "Enter a number."})
    source = forms.ChoiceField(choices=Source.choices, required=False, widget=forms.HiddenInput)
    condition = forms.SlugField(max_length=100, required=False, widget=forms.HiddenInput)
    assessment = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # No max_length: a symptom-check result carries every answer in its address, and an address too
    # long to go back to must not stop the product going into the cart (the cart page is shown instead).
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].set_bounds(minimum=1, maximum=max_units())

    def safe_next(self, request) -> str:
        """Return the page to go back to, if it is on this site and of a sane length."""
        target = self.cleaned_data.get("next") or ""
        if len(target) > MAX_NEXT_LENGTH:
            return ""
        allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
        return target if allowed else ""


class OrderLinkForm(ErrorSummaryMixin, forms.Form):
    """ "Lost your link?": the order number and the email it was placed with."""

    number = forms.RegexField(
        regex=r"^\s*[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}\s*$",
        max_length=12,
        label="Order number",
        help_text="Eight letters and digits, e.g. 7KQ4-M2XR: it is in your confirmation email.",
        error_messages={"invalid": "Enter the order number as it is in your email, e.g. 7KQ4-M2XR."},
    )
    email = forms.EmailField(label="Email address", help_text="The one you placed the order with.")

    def clean_number(self):
        raw = self.cleaned_data["number"].strip().upper().replace("-", "")
        return f"{raw[:4]}-{raw[4:]}"


class ShippingMethodField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {money(obj.price, obj.currency)}"


def _text(autocomplete: str, widget=forms.TextInput) -> forms.Widget:
    return widget(attrs={"autocomplete": autocomplete})


class CheckoutDetailsForm(ErrorSummaryMixin, forms.Form):
    """Who the order is for, where it goes and how it is sent; the address is checked by its country's rules."""

    email = forms.EmailField(
        help_text="For the confirmation and the link to your order.",
        widget=_text("email", forms.EmailInput),
        error_messages={"required": "Enter your email address."},
    )
    name = forms.CharField(
        max_length=200,
        label="Full name",
        widget=_text("name"),
        error_messages={"required": "Enter the name the parcel is addressed to."},
    )
    country = forms.ChoiceField(
        label="Country",
        widget=forms.Select(attrs={"autocomplete": "country"}),
        error_messages={
            "required": "Choose the country the parcel goes to.",
            "invalid_choice": "Choose a country from the list: we ship to those countries only.",
        },
    )
    line1 = forms.CharField(
        max_length=200,
        label="Address line 1",
        widget=_text("address-line1"),
        error_messages={"required": "Enter the first line of the address: house number and street."},
    )
    line2 = forms.CharField(max_length=200, label="Address line 2", required=False, widget=_text("address-line2"))
    city = forms.CharField(
        max_length=100,
        label="Town or city",
        widget=_text("address-level2"),
        error_messages={"required": "Enter the town or city."},
    )
    region = forms.ChoiceField(
        label="State, province or territory",
        required=False,
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
        error_messages={"invalid_choice": "Choose a state, province or territory from the list."},
    )
    postcode = forms.CharField(max_length=20, label="ZIP or postcode", required=False, widget=_text("postal-code"))
    shipping_method = ShippingMethodField(
        queryset=shipping_method_list(),
        to_field_name="code",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose how the parcel is sent.",
            "invalid_choice": "Choose one of the shipping methods listed.",
        },
    )
    # Needed or not depending on the country: the page does not mark them "(optional)".
    conditional_fields = ("region", "postcode")

    def __init__(self, *args, initial=None, **kwargs):
        initial = {"country": settings.LIMBER_DEFAULT_COUNTRY, **(initial or {})}
        if initial.get("region") and "-" not in initial["region"]:  # the session keeps "OR"; the list says "US-OR"
            initial["region"] = f"{initial['country']}-{initial['region']}"
        super().__init__(*args, initial=initial, **kwargs)
        countries = countries_shipped_to()
        self.fields["country"].choices = [("", "Choose a country")] + [(c.code, c.name) for c in countries]
        with_regions = [country for country in countries if country.regions]
        self.fields["region"].choices = [("", "None (not needed for my country)")] + [
            (country.name, [(f"{country.code}-{code}", name) for code, name in country.regions])
            for country in with_regions
        ]
        if with_regions:
            names = [country.name_in_sentence for country in with_regions]
            listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
            self.fields["region"].help_text = f"Needed for addresses in {listed}."

    def clean(self):
        cleaned = super().clean()
        country = country_get(cleaned.get("country") or "")
        if country is None:
            return cleaned
        if "region" in cleaned:
            cleaned["region"] = self._region_clean(cleaned["region"], country)
        if "postcode" in cleaned:
            cleaned["postcode"] = self._postcode_clean(cleaned["postcode"].strip(), country)
        return cleaned

    def _region_clean(self, value: str, country: Country) -> str:
        """Return the region's own code (OR) when it belongs to the country; "" where the country has none."""
        if not country.regions:
            return ""
        in_country, _, code = value.partition("-")
        label = country.region_label.lower()
        if not value:
            self.add_error("region", f"Choose a {label}: an address in {country.name_in_sentence} needs one.")
        elif in_country != country.code or not country.region_name(code):
            named = dict(choice for group in self.fields["region"].choices[1:] for choice in group[1]).get(value, value)
            self.add_error("region", f"{named} is not in {country.name_in_sentence}: choose a {label} there.")
        return code

    def _postcode_clean(self, value: str, country: Country) -> str:
        """Return the postcode written the country's way, or add a message naming the format it needs."""
        written, problem = country.postcode_check(value)
        if problem:
            self.add_error("postcode", problem)
        return written

    def session_data(self) -> dict:
        """Return the cleaned values in a form the session can store."""
        data = dict(self.cleaned_data)
        data["shipping_method"] = data["shipping_method"].code
        return data


class PaymentMethodForm(forms.Form):
    """How the shopper will pay: the ways that can take the order's currency, and why any other cannot."""

    payment_method = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Payment",
        error_messages={"invalid_choice": "Choose one of the ways to pay listed."},
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        providers, self.refusals = providers_for(currency=currency)
        self.fields["payment_method"].choices = [(p.key, p.label) for p in providers]
        self.descriptions = {p.key: p.description for p in providers}
        if providers:
            self.fields["payment_method"].initial = providers[0].key

    @property
    def can_pay(self) -> bool:
        """Whether any way to pay is offered for this order."""
        return bool(self.fields["payment_method"].choices)


class FeedbackForm(forms.Form):
    """ "Did it help?" for each product of an order not answered yet, with an optional comment."""

    def __init__(self, *args, items: list[FeedbackItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.open_items = [item for item in items if not item.answer]
        for item in self.open_items:
            name = item.line.product_name
            self.fields[f"answer-{item.line.pk}"] = forms.ChoiceField(
                label=item.question,
                choices=FeedbackAnswer.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Choose one of the answers about {name}."},
            )
            self.fields[f"comment-{item.line.pk}"] = forms.CharField(
                label=f"Anything to add about {name}?",
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=f"Optional, up to {COMMENT_MAX_LENGTH} characters.",
                error_messages={
                    "max_length": f"Keep the comment about {name} to {COMMENT_MAX_LENGTH} characters "
                    "(it has %(show_value)d)."
                },
            )

    def clean(self):
        cleaned = super().clean()
        answered = 0
        for item in self.open_items:
            answer, comment = f"answer-{item.line.pk}", f"comment-{item.line.pk}"
            if cleaned.get(answer):
                answered += 1
            elif cleaned.get(comment, "").strip() and answer not in self.errors:
                self.add_error(answer, f"Choose an answer about {item.line.product_name} to go with your comment.")
        if not answered and not self.errors:
            again = [
                item.line.product_name for item in self.items if item.answer and self.data.get(f"answer-{item.line.pk}")
            ]
            if again:
                raise forms.ValidationError(f"{', '.join(again)} is already answered: each product counts once.")
            raise forms.ValidationError("Choose an answer for at least one product.")
        return cleaned

    def rows(self):
        """Yield each product with its answer and comment fields (bound), for the template."""
        for item in self.open_items:
            yield item, self[f"answer-{item.line.pk}"], self[f"comment-{item.line.pk}"]

    def given(self) -> list[tuple[FeedbackItem, str, str]]:
        """Return (item, answer, comment) for each product answered."""
        return [
            (item, self.cleaned_data[f"answer-{item.line.pk}"], self.cleaned_data.get(f"comment-{item.line.pk}", ""))
            for item in self.open_items
            if self.cleaned_data.get(f"answer-{item.line.pk}")
        ]
