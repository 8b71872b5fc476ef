from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from directory.views import RateLimitedPasswordResetView, SignUpActivateView, SignUpView

# The account pages share two templates; only their words differ, so the words live here, page by page.
NOTICE = "registration/notice.html"
FORM_PAGE = "registration/form_page.html"
CHANGED = _("Password changed")
CHECK_MAIL = _("Check your e-mail")


def notice(view, title, message):
    """A page that says one thing after an account step and offers to sign in."""
    return view.as_view(template_name=NOTICE, extra_context={"page_title": title, "message": message})


def form_page(view, title, submit_label, intro="", **initkwargs):
    """A page with one account form, its title as heading, an optional introduction and the button's words."""
    words = {"page_title": title, "intro": intro, "submit_label": submit_label}
    return view.as_view(template_name=FORM_PAGE, extra_context=words, **initkwargs)


signup_sent = notice(
    TemplateView,
    CHECK_MAIL,
    _("We have sent a message to the address you gave. Follow its link to activate your account, then sign in."),
)
password_change = form_page(auth_views.PasswordChangeView, _("Change your password"), _("Change password"))
password_change_done = notice(auth_views.PasswordChangeDoneView, CHANGED, _("Your password has been changed."))
password_reset = form_page(
    RateLimitedPasswordResetView,
    _("Reset your password"),
    _("Send the link"),
    intro=_("Enter the e-mail address of your account; we will send a link to choose a new password."),
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = notice(
    auth_views.PasswordResetDoneView,
    CHECK_MAIL,
    _("If an account uses that address, we have sent a link to choose a new password."),
)
password_reset_confirm = form_page(
    auth_views.PasswordResetConfirmView, _("Choose a new password"), _("Save the new password")
)
password_reset_complete = notice(
    auth_views.PasswordResetCompleteView, CHANGED, _("Your new password is set. You can sign in now.")
)

urlpatterns = [
    path("signup/", SignUpView.as_view(), name="signup"),
    path("signup/sent/", signup_sent, name="signup-sent"),
    path("signup/activate/<uidb64>/<token>/", SignUpActivateView.as_view(), name="signup-activate"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", password_change, name="password_change"),
    path("password/change/done/", password_change_done, name="password_change_done"),
    path("password/reset/", password_reset, name="password_reset"),
    path("password/reset/sent/", password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", password_reset_complete, name="password_reset_complete"),
]
