"""Extract the review app's messages and merge them into web/locale/{vi,en}/.../messages.po.

Reads the Jinja templates (``{{ _("...") }}``) and web/*.py (``_("...")``,
``N_("...")``) with Babel. New messages arrive untranslated (the Vietnamese
catalog must then be filled in: tests/test_web_i18n.py fails until it is);
messages no longer used are dropped. The catalogs are compiled when the app
starts (web/i18n.py), so there is nothing else to build.

Usage: python scripts/i18n_extract.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402
from callqa.web.i18n import LANGUAGES, catalog_path  # noqa: E402

WEB = ROOT / "web"
METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("*.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extract() -> Catalog:
    """Every message the app can show, as a template catalog."""
    template = Catalog(project="callqa", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        WEB, METHODS, OPTIONS, strip_comment_tags=True
    ):
        template.add(
            message, None, [(f"web/{filename}", lineno)], auto_comments=comments, context=context
        )
    return template


def main() -> None:
    template = extract()
    for lang in LANGUAGES:
        path = catalog_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="callqa")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as f:
            write_po(
                f, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False
            )
        missing = sum(1 for m in catalog if m.id and not m.string)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {missing} untranslated")


if __name__ == "__main__":
    main()
