"""Notify people in the app and by e-mail.

A notification is stored as a message code with parameters (``core.notification_text``) and put into words in
the reader's language when shown: the notification centre and the API in the language of the request, e-mails
in the recipient's preferred language (``User.language``, else the site's).

``notify`` stores one in-app notification per recipient and e-mails at once those who chose immediate
delivery for that kind (the default). ``send_digests`` e-mails everyone else's un-mailed notifications of a day
as one message; it marks what it sent, so running it twice sends nothing twice.

Callers decide what a notification may say: a notification is read by its recipient only, but it must never
carry data the recipient may not see (sealed proposals stay sealed in notifications too).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core import notification_text, outbox
from core.models import Notification, NotificationPreference
from core.notification_text import Message, message, term
from core.sanitize import single_line
from core.text import prefers_chinese

__all__ = [
    "Message",
    "bilingual_params",
    "in_reader_language",
    "kinds",
    "language_of",
    "mark_read",
    "message",
    "notify",
    "register_kind",
    "send_digests",
    "set_preference",
    "site_language",
    "term",
]


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise


_KINDS: dict[str, Kind] = {}


def site_language():
    """For callers that still pass ready-made words (``title=``): compose them in the site's language, whatever
    language the acting user browses in. Prefer ``message=`` with parameters: those are shown in each reader's
    language."""
    return translation.override(settings.LANGUAGE_CODE)


def language_of(user) -> str:
    """The language a person reads their e-mail in: their choice (``language``), else the site's."""
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def bilingual_params(name: str, organization) -> dict[str, str]:
    """An organisation's name in both languages as a message's parameters ``<name>_zh`` and ``<name>_en``; the
    message shows it in the reader's language with ``prepare=in_reader_language(name)``."""
    return {f"{name}_zh": organization.name_zh, f"{name}_en": organization.name_en}


def in_reader_language(name: str) -> Callable[[dict], dict]:
    """A message's ``prepare``: the parameter ``<name>`` is the name stored in both languages (``<name>_zh``,
    ``<name>_en``) in the reader's language, else the other one."""

    def prepare(values: dict) -> dict:
        zh, en = values.get(f"{name}_zh") or "", values.get(f"{name}_en") or ""
        return {**values, name: (zh or en) if prefers_chinese() else (en or zh)}

    return prepare


def register_kind(code: str, label: str | Promise) -> None:
    """Declare a notification kind (call from an AppConfig.ready); users choose its delivery."""
    _KINDS[code] = Kind(code=code, label=label)


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.code)


def delivery_for(users: Iterable, kind: str) -> dict[int, str]:
    """Each user's delivery choice for ``kind`` (immediate unless they chose otherwise)."""
    ids = [user.pk for user in users]
    chosen = dict(NotificationPreference.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "delivery"))
    return {pk: chosen.get(pk, NotificationPreference.Delivery.IMMEDIATE) for pk in ids}


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") and settings.SITE_URL else url


def notify(
    *,
    users: Iterable,
    kind: str,
    message: Message | None = None,
    params: dict | None = None,
    title: str = "",
    body: str = "",
    url: str = "",
) -> list[Notification]:
    """Notify each user once with ``message`` and its ``params`` (put into words in each reader's language);
    ``body`` is free text a person wrote, shown as it is, for messages that have no body of their own.
    (``title`` without ``message`` stores ready-made words, shown alike in every language.)

    E-mails are written to the outbox in the caller's transaction and delivered by a background task after it
    commits, so a mail outage never fails the caller."""
    if kind not in _KINDS:
        raise ValueError(f"unregistered notification kind {kind!r}")
    code, stored_params = "", {}
    if message is not None:
        if message.body and body:
            raise ValueError(f"notification message {message.code!r} has its own body; do not pass body=")
        code, stored_params = message.code, notification_text.encode(params)
        with site_language():
            rendered = notification_text.render(code, stored_params)
        if rendered is None:
            raise ValueError(f"notification message {code!r} does not fit its parameters")
        title, body = rendered[0], rendered[1] or body
    elif not title:
        raise ValueError("a notification needs a message (or a title)")
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    if not recipients:
        return []
    created = Notification.objects.bulk_create(
        Notification(user_id=pk, kind=kind, code=code, params=stored_params, title=title[:200], body=body, url=url)
        for pk in recipients
    )
    delivery = delivery_for(recipients.values(), kind)
    immediate = [n for n in created if delivery[n.user_id] == NotificationPreference.Delivery.IMMEDIATE]
    none = [n.pk for n in created if delivery[n.user_id] == NotificationPreference.Delivery.NONE]
    if none:
        # In-app only: nothing will ever be mailed; mark them so digests skip them.
        Notification.objects.filter(pk__in=none).update(emailed_at=timezone.now())

    # Handed to the outbox in this transaction: mailed after commit by a task, retried while the mail server
    # is down; ``emailed_at`` marks them so digests skip them. Each e-mail in its recipient's language.
    emails = []
    for n in immediate:
        recipient = recipients[n.user_id]
        if not recipient.email:
            continue
        with translation.override(language_of(recipient)):
            emails.append(
                (
                    recipient.email,
                    single_line(f"[{_('Smart County Exchange')}] {n.display_title}"),
                    f"{n.display_body}\n\n{_absolute(n.url)}".strip(),
                )
            )
    outbox.queue_many(emails)
    if immediate:
        Notification.objects.filter(pk__in=[n.pk for n in immediate]).update(emailed_at=timezone.now())
    return created


def send_digests(*, until: dt.datetime | None = None) -> int:
    """E-mail one digest per user of the notifications not yet mailed, created before ``until``.

    Returns the number of e-mails sent. Idempotent: what was sent is marked and never sent again.
    """
    until = until or timezone.now()
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, created_at__lt=until)
        .select_related("user")
        .order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    sent = 0
    for notifications in by_user.values():
        user = notifications[0].user
        with transaction.atomic():
            ids = [n.pk for n in notifications]
            # Claim the rows first so a concurrent run cannot mail them again.
            claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=timezone.now())
            if claimed != len(ids) or not user.email:
                continue
            with translation.override(language_of(user)):
                lines = [
                    f"• {n.display_title}\n  {_absolute(n.url)}" if n.url else f"• {n.display_title}"
                    for n in notifications
                ]
                email = outbox.queue(
                    to=user.email,
                    subject=f"[{_('Smart County Exchange')}] "
                    + _("%(n)d new notifications") % {"n": len(notifications)},
                    body="\n".join(lines),
                )
            sent += 1
        # A batch job already runs in the background: deliver now (the queued task then finds it sent); a failure
        # leaves it in the outbox for the next sweep.
        outbox.deliver(email.pk)
    return sent


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())


def set_preference(*, user, kind: str, delivery: str) -> NotificationPreference:
    if kind not in _KINDS:
        raise ValueError(f"unregistered notification kind {kind!r}")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )
    return preference
