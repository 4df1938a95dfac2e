"""Put texts from a ``TEXTS = {"pl": {...}, "en": {...}}`` dict into the gettext catalogues.

The dashboard's texts live in ``mms_core/locale/{pl,en}/LC_MESSAGES/messages.po`` (symbolic
msgids such as ``app_title``; read by :mod:`mms_core.text.i18n`). Branches started before
the catalogues added their texts to the old ``TEXTS`` dict in ``mms_core/text/i18n.py``; this
script carries such keys over::

    python -m devtools.texts_to_po ledger:mms_core/text/i18n.py   # a file as a git branch has it
    python -m devtools.texts_to_po path/to/file.py                # a file on disk
    python -m devtools.texts_to_po --check ledger:mms_core/text/i18n.py   # only report

A key the catalogues do not have yet is appended, in the order of the source, to both
catalogues. A key they already have is left alone; when the branch changed its text (it
differs from the text at the merge base of ``HEAD`` and the branch, or from ``--base REF``),
the change is reported, and ``--overwrite`` takes it. A key present in only one language of
the source is reported and not added (the catalogues must stay complete).

Plural messages (``msgid_plural``) are written by hand in the ``.po`` files; this script
keeps them as they are. Running it with no source rewrites the catalogues in the canonical
form (the form this script writes), which is a no-op when nothing was hand-edited.

The AST of the source is read with :func:`ast.literal_eval`; nothing in it is run.
"""

from __future__ import annotations

import argparse
import ast
import io
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from mms_core.text.i18n import LANGUAGES, catalogue_path

HEADER_COMMENT = (
    "# Texts of the MMS dashboard ({lang}). Symbolic msgids: the key used in t(key, lang) and tn(key, n, lang).\n"
    "# Placeholders {{name}} are str.format fields; a plural message has msgid_plural \"<key>.plural\" and one\n"
    "# msgstr[i] per plural form (see Plural-Forms). How to add a text: docs/architecture.md, \"Texts and translations\"."
)


#: Where the TEXTS dict was before the catalogues (the base of a file given on disk).
TEXTS_MODULE = "mms_core/text/i18n.py"


def texts_from_source(source: str) -> dict[str, dict[str, str]]:
    """The ``TEXTS`` dict literal of a Python file: ``REF:PATH`` (git) or a path on disk."""
    path = Path(source)
    if path.exists():
        code = path.read_text(encoding="utf-8")
    elif ":" in source:
        code = subprocess.run(["git", "show", source], check=True, capture_output=True, text=True).stdout
    else:
        raise SystemExit(f"no such file or git object: {source}")
    for node in ast.walk(ast.parse(code)):
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(target, ast.Name) and target.id == "TEXTS":
            return ast.literal_eval(node.value)
    raise SystemExit(f"no TEXTS = {{...}} in {source}")


def load(lang: str) -> Catalog:
    """The catalogue of ``lang``; a new, empty one if there is none yet."""
    path = catalogue_path(lang)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return Catalog(locale=lang, fuzzy=False)
    with path.open("rb") as file:
        return read_po(file, locale=lang, abort_invalid=True)


def dump(catalog: Catalog) -> bytes:
    """The canonical form: no line wrapping, no locations, the catalogue's own order."""
    catalog.header_comment = HEADER_COMMENT.format(lang=catalog.locale)
    catalog.project, catalog.version = "mms-dashboard", "1"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = ""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, no_location=True, include_lineno=False)
    return buffer.getvalue()


def base_of(source: str, base: str | None) -> str | None:
    """``BASE:PATH`` of a ``REF:PATH`` source: ``base`` or the merge base of ``HEAD`` and ``REF``."""
    if Path(source).exists() or ":" not in source:
        return None if base is None else f"{base}:{TEXTS_MODULE}"
    ref, path = source.split(":", 1)
    if base is None:
        base = subprocess.run(["git", "merge-base", "HEAD", ref], check=True, capture_output=True,
                              text=True).stdout.strip()
    return f"{base}:{path}"


def merge(texts: dict[str, dict[str, str]], catalogs: dict[str, Catalog], overwrite: bool,
          base: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Add the source's new keys to ``catalogs``; return what was done or found, line by line.

    With ``base`` (the texts before the branch), a key the catalogues already have is reported
    only when the branch changed it; without, whenever its text differs from the catalogue's."""
    report = []
    keys = list(dict.fromkeys(k for lang in LANGUAGES for k in texts.get(lang, {})))
    for key in keys:
        missing = [lang for lang in LANGUAGES if key not in texts.get(lang, {})]
        if missing:
            report.append(f"skipped {key!r}: no text in {', '.join(missing)}")
            continue
        for lang in LANGUAGES:
            text, catalog = texts[lang][key], catalogs[lang]
            message = catalog.get(key)
            if message is None:
                catalog.add(key, text)
                report.append(f"added {lang} {key!r}")
            elif base is not None and base.get(lang, {}).get(key) == text:
                continue  # not changed by the branch
            elif isinstance(message.string, tuple):
                report.append(f"kept {lang} {key!r}: a plural message in the catalogue, a single text in the source")
            elif message.string != text:
                if overwrite:
                    message.string = text
                    report.append(f"overwrote {lang} {key!r}")
                else:
                    report.append(f"differs {lang} {key!r}: catalogue {message.string!r}, source {text!r}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.texts_to_po", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", help="REF:PATH (git) or a .py file holding TEXTS = {...}")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the catalogues would change")
    parser.add_argument("--overwrite", action="store_true", help="take the source's text where the branch changed it")
    parser.add_argument("--base", help=f"the commit before the branch (default: git merge-base HEAD REF; for a file "
                                       f"on disk, {TEXTS_MODULE} at BASE)")
    args = parser.parse_args(argv)
    catalogs = {lang: load(lang) for lang in LANGUAGES}
    report = []
    if args.source:
        base = base_of(args.source, args.base)
        report = merge(texts_from_source(args.source), catalogs, args.overwrite,
                       texts_from_source(base) if base else None)
    changed = False
    for lang, catalog in catalogs.items():
        path, new = catalogue_path(lang), dump(catalog)
        if not path.exists() or path.read_bytes() != new:
            changed = True
            if not args.check:
                path.write_bytes(new)
    print("\n".join(report) or "no new keys")
    if args.check:
        print("the catalogues would change" if changed else "the catalogues are up to date")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
