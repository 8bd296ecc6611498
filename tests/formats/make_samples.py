"""Writes the PDF and Word samples of tests/formats (text written here).

Run in a virtualenv with reportlab, python-docx and pypdf:
    python tests/formats/make_samples.py tests/formats
The mail samples are written by hand.
"""
import sys
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from docx import Document
from pypdf import PdfReader, PdfWriter

out = Path(sys.argv[1])


def wrap(c, text, x, y, size, width=80):
    """Draw text as lines of at most `width` characters; returns the next y."""
    words, line = text.split(), ""
    c.setFont("Helvetica", size)
    for w in words:
        if len(line) + len(w) + 1 > width:
            c.drawString(x, y, line)
            y -= size * 1.25
            line = w
        else:
            line = (line + " " + w).strip()
    if line:
        c.drawString(x, y, line)
        y -= size * 1.25
    return y - size * 0.6


def report_pdf(path):
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("Water Rights in the Amu Darya Basin")
    c.setAuthor("Dilnoza Karimova")
    c.setCreator("dossier tests")
    y = 780
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, y, "Water Rights in the Amu Darya Basin")
    c.bookmarkPage("p1")
    c.addOutlineEntry("Water Rights in the Amu Darya Basin", "p1", level=0)
    y -= 40
    y = wrap(c, "Tashkent, 12 March 2024. The Interstate Commission for Water "
             "Coordination met in Tashkent to settle the spring allocations "
             "between Uzbekistan, Turkmenistan and Tajikistan.", 72, y, 11)
    y = wrap(c, "Delegates said the Kaltaminor canal would take 8.5 cubic "
             "kilometres, up from 7.9 last year.", 72, y, 11)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(72, y, "Allocations agreed")
    c.addOutlineEntry("Allocations agreed", "p1", level=1)
    y -= 28
    for item in ["Uzbekistan: 22.0 cubic kilometres",
                 "Turkmenistan: 22.0 cubic kilometres",
                 "Tajikistan: 9.5 cubic kilometres"]:
        c.setFont("Helvetica", 11)
        c.drawString(80, y, "\u2022 " + item)
        y -= 15
    c.setFont("Helvetica", 9)
    c.drawString(290, 40, "1")
    c.showPage()
    y = 780
    c.bookmarkPage("p2")
    c.setFont("Helvetica-Bold", 15)
    c.drawString(72, y, "Objections")
    c.addOutlineEntry("Objections", "p2", level=1)
    y -= 28
    y = wrap(c, "Rustam Azimov of the Khorezm water authority objected that "
             "the downstream provinces had received less than their share "
             "since 2021.", 72, y, 11)
    y = wrap(c, "The commission will meet again in Dushanbe in October.",
             72, y, 11)
    c.setFont("Helvetica", 9)
    c.drawString(290, 40, "2")
    c.showPage()
    c.save()


def scan_pdf(path):
    """A page with shapes only: what a scan without OCR looks like."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.rect(72, 500, 400, 250, fill=1)
    c.showPage()
    c.save()


def encrypted_pdf(src, path):
    w = PdfWriter()
    for p in PdfReader(str(src)).pages:
        w.add_page(p)
    w.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(path, "wb") as f:
        w.write(f)


def memo_docx(path):
    d = Document()
    d.core_properties.title = "Field memo: Ferghana valley markets"
    d.core_properties.author = "Aziz Rahimov"
    d.add_heading("Field memo: Ferghana valley markets", 0)
    d.add_paragraph("Andijan, 4 June 2024. Prices at the Jahon bazaar rose "
                    "again this week as traders from Osh returned.")
    d.add_heading("Prices", 1)
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("Item", "May", "June"),
                             ("Flour, 50 kg", "310,000 som", "335,000 som"),
                             ("Cotton oil, 5 l", "92,000 som", "97,500 som")]):
        for k, cell in enumerate(row):
            t.cell(r, k).text = cell
    d.add_heading("Who we met", 1)
    d.add_paragraph("Gulnora Yusupova, a trader from Osh", style="List Bullet")
    d.add_paragraph("The bazaar's director, Bakhtiyor Aliev", style="List Bullet")
    d.add_paragraph("Check the customs figures at Dostuk.", style="List Number")
    q = d.add_paragraph("Nobody can say when the border will open fully.",
                        style="Quote")
    d.add_paragraph("Next visit: Namangan, July.")
    d.save(str(path))


report_pdf(out / "report.pdf")
scan_pdf(out / "scan-only.pdf")
encrypted_pdf(out / "report.pdf", out / "encrypted.pdf")
memo_docx(out / "memo.docx")
