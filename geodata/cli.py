"""`python -m geodata build DOCUMENT --out DIR [--focal ISO3] [--overrides FILE]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geodata.dataset import build_dataset
from geodata.errors import InputError
from geodata.output import write_dataset
from geodata.overrides import load_overrides, overrides_path
from geodata.source import read_document


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geodata", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="derive the country dataset of one document")
    build.add_argument("document", type=Path)
    build.add_argument("--out", type=Path, required=True, help="folder to (re)write")
    build.add_argument("--focal", help="ISO3 of the focal country (default: detected)")
    build.add_argument(
        "--overrides",
        type=Path,
        help="corrections file (default: DOCUMENT.overrides.toml if present)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        text = read_document(args.document)
        overrides_file = args.overrides or overrides_path(args.document)
        if args.overrides and not args.overrides.is_file():
            raise InputError(f"{args.overrides}: no such overrides file")
        overrides = load_overrides(overrides_file) if overrides_file.is_file() else ()
        try:
            dataset = build_dataset(text, args.document.name, args.focal, overrides)
        except InputError as e:  # what the text itself lacks: say which file
            raise InputError(f"{args.document.name}: {e}") from None
        write_dataset(dataset, args.out)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(
        f"{args.document.name}: {len(dataset.countries)} countries, "
        f"{len(dataset.passages)} passages, focal {dataset.focal} -> {args.out}"
    )
    return 0
