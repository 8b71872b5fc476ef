from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from core.sanitize import single_line
from core.validators import validate_web_url
from directory.models import Membership, Organization, Region, User


class SignUpForm(UserCreationForm):
    email = forms.EmailField(label=_("E-mail"), help_text=_("Used to reset your password and for notifications."))
    display_name = forms.CharField(label=_("Your name"), max_length=100, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "display_name", "email"]

    # Whether the user name or the e-mail address is taken is never said here (that would tell anyone which
    # accounts exist); SignUpView mails the address instead. So the form checks only the format.
    def clean_username(self):
        return self.cleaned_data["username"]

    def validate_unique(self):
        pass

    def _get_validation_exclusions(self):
        # The model's constraints on these two (case-insensitive uniqueness) are the database's last word; the
        # form's own fields already check their format.
        return {*super()._get_validation_exclusions(), "username", "email"}

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_display_name(self):
        # A display name reaches mail headers (notification subjects): one line.
        return single_line(self.cleaned_data["display_name"])


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        if obj.level == Region.Level.COUNTY and obj.parent:
            return f"{obj.parent.name} · {obj.name}"
        return obj.name


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", validators=[validate_web_url])
    region = RegionChoiceField(
        label=_("Region"),
        queryset=Region.objects.select_related("parent").order_by("code"),
        help_text=_("County offices choose their county-level region; the provincial office chooses the province."),
    )

    class Meta:
        model = Organization
        fields = ["kind", *Organization.EDITABLE_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields.pop("kind")

    def _post_clean(self):
        # Model validation runs in the service, which also checks the region against the kind.
        pass


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the administrators"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApproveForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.VIEWER)
