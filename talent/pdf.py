"""Certificate PDFs with reportlab's built-in CID font STSong-Light (Adobe-GB1): it renders Simplified
Chinese with no font file to ship or find on the machine (the PDF viewer supplies the glyphs from its standard
Asian font pack), which keeps the repository small and works on a fresh machine."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from talent.models import Certificate

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    enrolment = certificate.enrolment
    course = enrolment.session.course
    person = enrolment.person
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{course.title_zh} - {certificate.code}")
    pdf.setAuthor(course.provider.name_zh)
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)

    def centred(y: float, text: str, size: int) -> None:
        pdf.setFont(FONT, size)
        pdf.drawCentredString(width / 2, y, text)

    centred(height - 110, "结业证书", 34)
    centred(height - 140, "Certificate of Completion", 16)
    centred(height - 200, f"兹证明 {person.display_name or person.username} 已完成以下培训课程:", 16)
    centred(height - 225, f"This certifies that {person.display_name or person.username} has completed", 12)
    centred(height - 270, course.title_zh, 24)
    if course.title_en:
        centred(height - 295, course.title_en, 14)
    issued = timezone.localtime(certificate.issued_at).date().isoformat()
    centred(height - 340, f"学时 Hours: {certificate.hours_display}    颁发日期 Issued: {issued}", 13)
    centred(height - 365, f"培训机构 Provider: {course.provider.name_zh} / {course.provider.name_en}", 12)
    if not certificate.is_valid:
        pdf.setFillColorRGB(0.75, 0, 0)
        centred(height - 400, "已撤销 REVOKED", 20)
        pdf.setFillColorRGB(0, 0, 0)
    centred(80, f"验证码 Verification code: {certificate.code}", 12)
    centred(62, verify_url, 10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
