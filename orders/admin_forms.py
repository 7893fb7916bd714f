"""The order's address as staff correct it: the same rules per country as the checkout, with names, not codes."""

from django import forms

from orders.addresses import countries_known, countries_shipped_to, country_get
from orders.models import Order


class OrderAddressForm(forms.ModelForm):
    """Country and state chosen by name; the state and postcode checked by the chosen country's rules."""

    shipping_country = forms.ChoiceField(label="Country")
    shipping_region = forms.ChoiceField(
        label="State, province or territory",
        required=False,
        help_text="Needed where the country has them (United States, Canada, Australia); empty elsewhere.",
    )

    class Meta:
        model = Order
        fields = [
            "shipping_name",
            "shipping_line1",
            "shipping_line2",
            "shipping_country",
            "shipping_city",
            "shipping_region",
            "shipping_postcode",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = self.instance.shipping_country
        if "shipping_country" in self.fields:
            choices = [(known.code, known.name) for known in countries_shipped_to()]
            if country and country not in dict(choices):  # a country no longer offered stays the order's
                known = country_get(country)
                choices.append((country, known.name if known else country))
            self.fields["shipping_country"].choices = choices
        if "shipping_region" in self.fields:
            with_regions = sorted(
                (known for known in countries_known().values() if known.regions), key=lambda known: known.name
            )
            self.fields["shipping_region"].choices = [("", "None (the country has none)")] + [
                (known.name, [(f"{known.code}-{code}", f"{name} ({code})") for code, name in known.regions])
                for known in with_regions
            ]
            if self.instance.shipping_region and country:
                self.initial["shipping_region"] = f"{country}-{self.instance.shipping_region}"
        if "shipping_postcode" in self.fields:
            self.fields["shipping_postcode"].required = False

    def clean(self):
        cleaned = super().clean()
        in_country, _, code = cleaned.get("shipping_region", "").rpartition("-")  # the list says US-OR; stored: OR
        if "shipping_region" in cleaned:
            cleaned["shipping_region"] = code
        country = country_get(cleaned.get("shipping_country") or "")
        if country is None:
            return cleaned  # the country's own message is enough
        if "shipping_region" in cleaned:
            if in_country and in_country != country.code:
                other = country_get(in_country)
                region = other.region_name(code) if other else code
                self.add_error(
                    "shipping_region",
                    f"{region} is not in {country.name_in_sentence}: choose one there, or change the country.",
                )
            else:
                cleaned["shipping_region"], problem = country.region_check(code)
                if problem:
                    self.add_error("shipping_region", problem)
        if "shipping_postcode" in cleaned:
            cleaned["shipping_postcode"], problem = country.postcode_check(cleaned["shipping_postcode"] or "")
            if problem:
                self.add_error("shipping_postcode", problem)
        return cleaned
