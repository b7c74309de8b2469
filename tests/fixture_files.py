"""Files a reader might bring, written by the tests themselves with the real libraries:
a saved web page of a plain-text document and a PDF of it (matplotlib's PDF backend)."""

from __future__ import annotations

import html
import io
import re

LINES_PER_PAGE = 50


def html_page(text: str, title: str = "") -> bytes:
    """A saved web page of a Markdown-ish text (`#` headings, `-` lists, paragraphs), with
    the navigation and footer a real page has around its main text."""
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head><body>",
        "<nav><a href='/'>Home</a> | <a href='/about'>About</a> | <a href='/x'>Donate</a></nav>",
        "<main><article>",
    ]
    for block in text.strip().split("\n\n"):
        block = block.strip()
        if block.startswith("## "):
            out.append(f"<h2>{html.escape(block[3:])}</h2>")
        elif block.startswith("# "):
            out.append(f"<h1>{html.escape(block[2:])}</h1>")
        elif block.startswith("- "):
            items = re.split(r"\n- ", block[2:])
            lis = "".join(f"<li>{html.escape(' '.join(i.split()))}</li>" for i in items)
            out.append(f"<ul>{lis}</ul>")
        else:
            out.append(f"<p>{html.escape(' '.join(block.split()))}</p>")
    out.append("</article></main><footer>© 2026 Example pages</footer></body></html>")
    return "\n".join(out).encode("utf-8")


def pdf_of(text: str) -> bytes:
    """The text printed line by line on A4 pages, with a real text layer."""
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    lines = text.split("\n")
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"CreationDate": None}) as pdf:
        for first in range(0, len(lines), LINES_PER_PAGE):
            figure = plt.figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines[first : first + LINES_PER_PAGE]):
                figure.text(0.06, 0.96 - i * 0.018, line, fontsize=9, family="DejaVu Sans")
            pdf.savefig(figure)
            plt.close(figure)
    return buffer.getvalue()


def pdf_without_text() -> bytes:
    """A one-page PDF holding only a picture, as a scanner makes."""
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(4, 3))
    figure.add_axes((0, 0, 1, 1)).imshow([[0, 1], [1, 0]], cmap="gray")
    figure.axes[0].set_axis_off()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf")
    plt.close(figure)
    return buffer.getvalue()
