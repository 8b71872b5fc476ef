"""A participant's agenda as a PDF with reportlab's built-in CID font STSong-Light (as talent's certificates:
Simplified Chinese with no font file to ship)."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from fairs.models import Participant
from fairs.selectors import AgendaLine

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def agenda_pdf(*, participant: Participant, lines: list[AgendaLine]) -> bytes:
    event = participant.event
    buffer = io.BytesIO()
    _width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{event.title_zh} - {participant.organization.name_zh}")
    y = height - 60
    pdf.setFont(FONT, 18)
    pdf.drawString(50, y, event.title_zh)
    y -= 22
    if event.title_en:
        pdf.setFont(FONT, 11)
        pdf.drawString(50, y, event.title_en)
        y -= 18
    pdf.setFont(FONT, 12)
    pdf.drawString(50, y, f"日程 Agenda: {participant.organization.name_zh}")
    y -= 16
    pdf.drawString(50, y, f"{event.date.isoformat()} · {event.venue}")
    y -= 28
    if not lines:
        pdf.drawString(50, y, "暂无安排 Nothing scheduled yet.")
    for line in lines:
        if y < 60:
            pdf.showPage()
            pdf.setFont(FONT, 12)
            y = height - 60
        start = timezone.localtime(line.start)
        end = timezone.localtime(line.end)
        kind = "洽谈 Meeting" if line.kind == "meeting" else "发布 Stage"
        pdf.drawString(50, y, f"{start:%m-%d %H:%M}–{end:%H:%M}  {kind}")
        pdf.drawString(250, y, line.title[:40])
        y -= 15
        if line.where:
            pdf.setFont(FONT, 10)
            pdf.drawString(250, y, str(line.where)[:60])
            pdf.setFont(FONT, 12)
            y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
