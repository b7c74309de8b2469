"""Publishing a reader's text, off unless the operator sets ATLAS_PUBLISH_DIR.

A published text is one JSON file, `<id>.json`, in that folder: the text, the file name it
came with and the focal country the reader chose. Its id is `pub-` and 16 hex digits of
the hash of the text and focal country, so publishing the same text twice gives the same
link, and every replica sharing the folder opens it. The reader's corrections stay in the
link (`&fix=`), as for a shipped document. Files are written atomically (a hidden
temporary file in the same folder, then one rename), so a reader never finds one
half-written; the folder is never listed to readers, only counted for the quota.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.documents import ReaderText
from geodata.errors import InputError
from geodata.source import MAX_BYTES, decode_text

PUBLISH_DIR = "ATLAS_PUBLISH_DIR"
PUBLISH_MAX = "ATLAS_PUBLISH_MAX"  # documents the folder may hold (default below)
PUBLISH_RATE = "ATLAS_PUBLISH_PER_HOUR"  # documents one client may publish per hour
# Addresses of the proxies whose X-Real-IP header names the client (deploy/run-local.sh
# sets its nginx's); behind a proxy every reader's own address is the proxy's.
TRUSTED_PROXIES = "ATLAS_TRUSTED_PROXIES"
DEFAULT_MAX = 1000
DEFAULT_RATE = 10
PUB_ID = re.compile(r"pub-[0-9a-f]{16}")
_NAME = re.compile(r"[\x00-\x1f\x7f]")


class PublishError(InputError):
    """Publishing refused (a quota reached, the folder unwritable): nothing was written."""


@dataclass(frozen=True)
class Quotas:
    max_documents: int = DEFAULT_MAX
    per_hour: int = DEFAULT_RATE
    max_bytes: int = MAX_BYTES  # of the text; the record adds its name and focal


def publish_dir() -> Path | None:
    value = os.environ.get(PUBLISH_DIR)
    return Path(value) if value else None


def quotas() -> Quotas:
    def number(name: str, default: int) -> int:
        try:
            return max(0, int(os.environ.get(name) or default))
        except ValueError:
            return default

    return Quotas(number(PUBLISH_MAX, DEFAULT_MAX), number(PUBLISH_RATE, DEFAULT_RATE))


def _record(text: ReaderText) -> bytes:
    return json.dumps(
        {"text": text.text, "name": text.name, "focal": text.focal},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")


def pub_id(text: ReaderText) -> str:
    """The text's and focal country's hash: the same text published again, under whatever
    file name, is the same link (the first name is kept)."""
    key = json.dumps([text.text, text.focal], ensure_ascii=False).encode("utf-8")
    return "pub-" + hashlib.sha256(key).hexdigest()[:16]


def client_address(direct: str | None, headers: Mapping[str, str]) -> str:
    """The address a publication is counted against: the connection's own, or, when the
    connection comes from a trusted proxy, the client address that proxy put in X-Real-IP
    (nginx overwrites any X-Real-IP a client sends). A header from anyone else is ignored."""
    trusted = {a.strip() for a in os.environ.get(TRUSTED_PROXIES, "").split(",") if a.strip()}
    if direct and direct in trusted:
        real = next((v for k, v in headers.items() if k.lower() == "x-real-ip"), "").strip()
        if real:
            return real[:64]
    return direct or "unknown"


@dataclass
class RateLimit:
    """Publications per client in the last hour, in this process (each replica counts its
    own; the proxy's per-client limits bound the total)."""

    per_hour: int
    seen: dict[str, deque] = field(default_factory=dict)

    def allow(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        times = self.seen.setdefault(client, deque())
        while times and now - times[0] > 3600:
            times.popleft()
        if len(times) >= self.per_hour:
            return False
        times.append(now)
        return True


def publish(folder: Path, text: ReaderText, limits: Quotas) -> str:
    """Store `text` in `folder` and return its id; the same text again returns the same id
    and writes nothing. Raises PublishError when a quota is reached."""
    if len(text.text.encode("utf-8")) > limits.max_bytes:
        raise PublishError(f"a published text is at most {limits.max_bytes:,} bytes")
    doc = pub_id(text)
    path = folder / f"{doc}.json"
    if path.is_file():
        return doc
    try:
        held = sum(1 for p in folder.glob("pub-*.json"))
    except OSError:
        held = 0
    if held >= limits.max_documents:
        raise PublishError(
            f"this site holds its maximum of {limits.max_documents:,} published texts; "
            "ask its operator"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, staged = tempfile.mkstemp(prefix=".staging-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_record(text))
                out.flush()
                os.fsync(out.fileno())
            os.replace(staged, path)  # one step: the file is whole or absent
        finally:
            if os.path.exists(staged):
                os.unlink(staged)
    except OSError:
        raise PublishError("the text could not be stored (the server's folder)") from None
    return doc


def read_published(folder: Path, doc: str) -> ReaderText:
    """The published text `doc`, or an InputError; `doc` never becomes a path unless it is
    exactly `pub-` and 16 hex digits."""
    if not PUB_ID.fullmatch(doc):
        raise InputError("not a published text's id")
    try:
        raw = (folder / f"{doc}.json").read_bytes()
        record = json.loads(raw.decode("utf-8"))
        text = decode_text(record["text"].encode("utf-8"), doc)
        name = _NAME.sub(" ", str(record["name"]))[:80] or "published text"
        focal = record["focal"]
        if focal is not None and not re.fullmatch(r"[A-Z]{3}", str(focal)):
            raise ValueError(focal)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        why = "is not here (removed, or never published)"
        raise InputError(f"the published text {doc} {why}") from None
    return ReaderText(text, name, focal)
