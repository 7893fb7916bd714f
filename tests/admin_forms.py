"""Fill an admin change form the way a browser would, from the page the admin rendered."""


def _add(data: dict, bound) -> None:
    value = bound.value()
    if value is None or value is False:
        return
    if value is True:
        data[bound.html_name] = "on"
    elif isinstance(value, list | tuple):
        data[bound.html_name] = [str(v) for v in value]
    else:
        data[bound.html_name] = str(value)


def admin_form_data(response) -> dict:
    """Return the POST data of an admin change page as it stands: the main form and every inline."""
    data: dict = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _add(data, form[name])
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            _add(data, formset.management_form[name])
        for each in formset.forms:
            for name in each.fields:
                _add(data, each[name])
    return data


def inline_field(data: dict, response, *, prefix: str, match, field: str) -> str:
    """Return the POST name of `field` in the inline row (of formset `prefix`) whose instance matches."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix != prefix:
            continue
        for each in inline.formset.forms:
            if each.instance.pk and match(each.instance):
                return each[field].html_name
    raise LookupError(f"no {prefix} row matches")
