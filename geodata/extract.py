"""A reader's file as plain text: the text that then IS the document (offsets, quotes,
downloads and the "why" all refer to it).

`extract(data, name)` is the pure part: .txt and .md are the bytes decoded as UTF-8;
.html and .htm a saved web page's main text (trafilatura), with headings, list items and
table rows kept as lines (its Markdown output, which `geodata/structure.py` reads);
.pdf its text layer (pypdf), lines as laid out on the page. Anything unusable is an
InputError whose message a reader can act on, naming the file, never a folder.

`extract_limited(data, name)` runs the HTML and PDF readers in a child process with a
time and a memory limit, so a file built to be slow or to inflate without end is stopped
instead of holding the server. `python -m geodata.extract KIND` is that child.
"""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
from pathlib import PurePath

from geodata.errors import InputError
from geodata.source import MAX_BYTES, decode_text

TEXT_KINDS = ("txt", "md")
KINDS = (*TEXT_KINDS, "html", "htm", "pdf")
MAX_PAGES = 300  # a long encyclopedia article printed is 30-60 pages
TIME_LIMIT = 20.0  # seconds for one HTML or PDF extraction (a real one takes under 2)
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space for the child process
_EXIT_REFUSED = 3  # the child's status for an InputError (its message on stdout)


def kind_of(name: str) -> str:
    """The file's kind from its name's suffix, or an InputError listing the known ones."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in KINDS:
        known = ", ".join(f".{k}" for k in KINDS)
        raise InputError(f"{_label(name)}: not a file this page reads (it reads {known})")
    return suffix


def _label(name: str) -> str:
    """The file's own name, no folder, shortened for a notice."""
    base = PurePath(name.replace("\\", "/")).name or "the file"
    return base if len(base) <= 60 else base[:57] + "…"


def extract(data: bytes, name: str) -> str:
    """The plain text of a file named `name` (only its suffix matters). In-process, no
    limits: use `extract_limited` on anything a reader sent."""
    kind = kind_of(name)
    label = _label(name)
    if kind in TEXT_KINDS:
        return decode_text(data, label)
    text = _html_text(data, label) if kind in ("html", "htm") else _pdf_text(data, label)
    text = _tidy(text)
    if not text.strip():
        raise InputError(f"{label}: no text found in it")
    return decode_text(text.encode("utf-8"), label)  # the same limits as a pasted text


def _tidy(text: str) -> str:
    """Trailing spaces off every line, runs of blank lines made one, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _html_text(data: bytes, label: str) -> str:
    import trafilatura

    if not data.strip():
        raise InputError(f"{label}: the page is empty")
    try:
        text = trafilatura.extract(
            data,
            output_format="markdown",  # headings as `#`, list items as `-`, rows as `|`
            include_tables=True,
            include_links=False,  # link targets (javascript:, tracking URLs) are not text
            include_images=False,
            include_comments=False,
            favor_recall=True,
            with_metadata=False,
        )
    except Exception:  # lxml and trafilatura raise many kinds of error on a broken page
        text = None
    if not text or not text.strip():
        raise InputError(f"{label}: no main text found in this page (broken or empty HTML?)")
    return text


def _pdf_text(data: bytes, label: str) -> str:
    import pypdf
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{label}: the PDF is encrypted; save it without a password")
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise InputError(f"{label}: {count:,} pages; the limit is {MAX_PAGES:,} pages")
        # Layout mode keeps a vertical gap as a blank line, so paragraphs stay apart; pages
        # are joined by one line break, so a paragraph that runs over a page stays whole.
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except InputError:
        raise
    except LimitReachedError:  # pypdf's own cap on what one compressed stream may inflate to
        raise InputError(
            f"{label}: part of the PDF inflates beyond the size limit; stopped"
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        raise InputError(f"{label}: not a readable PDF (damaged or not a PDF)") from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(
            f"{label}: the PDF has no text layer (a scan?); this page reads text, not images"
        )
    return text


def extract_limited(
    data: bytes, name: str, timeout: float = TIME_LIMIT, memory: int = MEMORY_LIMIT
) -> str:
    """`extract`, but HTML and PDF in a child process limited in time and memory (bytes
    of address space); the bytes go through a pipe, never to disk."""
    kind = kind_of(name)
    label = _label(name)
    if len(data) > 10 * MAX_BYTES:
        raise InputError(f"{label}: {len(data):,} bytes is over the limit of {10 * MAX_BYTES:,}")
    if kind in TEXT_KINDS:
        return extract(data, name)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "geodata.extract", kind, str(memory)],
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            f"{label}: reading it took longer than {timeout:.0f} seconds; stopped"
        ) from None
    if done.returncode == 0:
        return done.stdout.decode("utf-8")
    if done.returncode == _EXIT_REFUSED:
        raise InputError(done.stdout.decode("utf-8", "replace").replace(f"FILE.{kind}", label, 1))
    # Killed by a limit (memory, CPU) or crashed: its stderr may hold paths, never shown.
    raise InputError(f"{label}: reading it needed more time or memory than allowed; stopped")


def _child(kind: str, memory: int) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(TIME_LIMIT) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    data = sys.stdin.buffer.read()
    try:
        text = extract(data, f"FILE.{kind}")
    except InputError as e:
        sys.stdout.write(str(e))
        return _EXIT_REFUSED
    except MemoryError:
        return 4
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], int(sys.argv[2])))
