"""The evaluation on the built site (issue 30), full tier: each report's page offers its evaluation and
the .docx downloads; LibreOffice (a real word processor) renders the whole plan's and one department's
document to PDF with every table within the page width and no empty page; the first table page is
rendered to PNG and looked at.

Site: ``progress_build`` (the fixture reports of tests/fixtures/progress). A missing ``soffice`` fails
with the command that installs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from genhe_plan.export.evaluation_docx import MARGINS_MM, TURNED_MM
from genhe_plan.present import urls

REPORT = "rp-2025-final"
INSTALL = "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk"
MM = 72 / 25.4  # PDF points per millimetre


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.fail(f"LibreOffice（soffice）未安装，无法检验评估文档的排版。请安装：{INSTALL}")
    return found


def to_pdf(docx: Path, out: Path) -> Path:
    """``soffice --headless --convert-to pdf`` with a profile of its own (tests may run side by side)."""
    profile = out / "profile"
    done = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = out / (docx.stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    return pdf


def test_report_page_and_progress_page_offer_the_evaluation(progress_build):
    report = (progress_build / urls.html_path(urls.report(REPORT)) / "index.html").read_text(encoding="utf-8")
    assert "实施情况评估" in report and "evaluation/rp-2025-final/" in report
    assert f"{REPORT}.docx" in report and f"{REPORT}/forestry.docx" in report and 'download="' in report
    progress = (progress_build / "progress" / "index.html").read_text(encoding="utf-8")
    assert progress.count("evaluation/rp-") >= 4  # every report's evaluation
    page = (progress_build / urls.html_path(urls.evaluation(REPORT)) / "index.html").read_text(encoding="utf-8")
    assert "指标完成情况表" in page and "window.print()" in page and 'class="evaluation-print"' in page
    for path in (
        urls.evaluation_file(REPORT, "docx"),
        urls.evaluation_file(REPORT, "xlsx"),
        urls.evaluation_file(REPORT, "docx", "forestry"),
    ):
        assert (progress_build / path).read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("dept", [None, "forestry"])
def test_libreoffice_renders_the_document_within_the_page(progress_build, tmp_path, dept):
    pdf = pdfium.PdfDocument(to_pdf(progress_build / urls.evaluation_file(REPORT, "docx", dept), tmp_path))
    sizes = [tuple(round(x / MM) for x in page.get_size()) for page in pdf]
    assert sizes[0] == (210, 297) and len(sizes) > 1 and set(sizes[1:]) == {(297, 210)}  # title portrait, tables landscape
    for i, page in enumerate(pdf):
        text = page.get_textpage()
        n = text.count_chars()
        assert n > 20, f"page {i + 1} is empty"
        margins = MARGINS_MM if i == 0 else TURNED_MM
        width = page.get_size()[0]
        right = max(text.get_charbox(j)[2] for j in range(n))
        left = min(text.get_charbox(j)[0] for j in range(n) if text.get_text_range(j, 1).strip())
        assert right <= width - (margins["right"] - 1) * MM, f"page {i + 1}: text reaches {right / MM:.1f} mm"
        assert left >= (margins["left"] - 1) * MM, f"page {i + 1}: text starts at {left / MM:.1f} mm"
    table_page = pdf[1]
    assert "指标完成情况表" in table_page.get_textpage().get_text_range()
    png = tmp_path / "table-page.png"
    table_page.render(scale=1).to_pil().save(png)
    with Image.open(png) as im:
        dark, light = im.convert("L").getextrema()
        assert im.size[0] > im.size[1] and dark < 100 < light  # landscape, text on paper (not blank)
