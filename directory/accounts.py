"""Sign-up without account enumeration: the page answers every valid form the same way and only the typed
mailbox learns whether an account was created (an activation link), already exists, or needs another user name.
New accounts stay inactive until the link is followed, so nobody can take an address they do not read."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.sanitize import single_line
from directory.models import User


def _mail(to: str, subject: str, body: str) -> None:
    send_mail(
        subject=single_line(f"[{_('Smart County Exchange')}] {subject}"),
        message=body,
        from_email=None,
        recipient_list=[to],
    )


def signup(*, form, activation_url: Callable[[str, str], str], login_url: str, reset_url: str) -> User | None:
    """Create an inactive account from a valid SignUpForm and mail its activation link; when the address or the
    user name is taken, mail the address a note instead. Returns the new user, or None."""
    email = form.cleaned_data["email"]
    username = form.cleaned_data["username"]
    # A never-activated account of the address is replaced: whoever reads the mailbox decides, and nobody can
    # squat on an address by signing up with it first.
    User.objects.filter(
        email__iexact=email, is_active=False, last_login__isnull=True, memberships__isnull=True
    ).delete()
    if User.objects.filter(email__iexact=email).exists():
        _mail(
            email,
            _("You already have an account"),
            _(
                "Someone (perhaps you) tried to create an account with this e-mail address, which already has "
                "one. Sign in at %(login)s, or choose a new password at %(reset)s. If it was not you, ignore "
                "this message."
            )
            % {"login": login_url, "reset": reset_url},
        )
        return None
    user = None
    if not User.objects.filter(username__iexact=username).exists():
        try:
            with transaction.atomic():
                user = form.save(commit=False)
                user.is_active = False
                user.save()
        except IntegrityError:  # taken meanwhile
            user = None
    if user is None:
        _mail(
            email,
            _("Choose another user name"),
            _("The user name %(username)s is not available. Sign up again with another one.") % {"username": username},
        )
        return None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    _mail(
        email,
        _("Activate your account"),
        _("Welcome! Follow this link to activate your account %(username)s: %(url)s")
        % {"username": user.username, "url": activation_url(uid, token)},
    )
    return user


def signup_activate(*, uidb64: str, token: str) -> User | None:
    """Activate the account of a valid activation link; None for a bad or used link."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = User.objects.get(pk=pk, is_active=False, last_login__isnull=True)
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
