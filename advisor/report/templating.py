"""The Jinja2 environments of the report templates (package data in ``templates/``).

The only module that imports jinja2, and only when a templated format is rendered, so that
``advisor --help`` and text reports never load it. HTML templates autoescape; Markdown ones do
not (Markdown is not HTML) but escape every user-controlled text with the ``cell``/``md``
filters (or ``code`` inside a code span) instead.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import jinja2
from markupsafe import Markup

from advisor.architectures import ARCHITECTURES
from advisor.report import labels
from advisor.scoring.cost_curve import cheapest

# Markdown punctuation that could start emphasis, code, a link or a table column; escaped
# with a backslash (CommonMark and Python-Markdown both honour these escapes).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")
# HTML-significant characters become entities: Python-Markdown does not treat "\<" as an
# escape, so "<script>" must never reach it as "<". An "&" is escaped only where it would
# start an entity; elsewhere it is plain text in Markdown already.
_HTML = (("<", "&lt;"), (">", "&gt;"))
_ENTITY_AMP = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# At the start of a line these would make a heading or a list item out of plain text.
_LINE_START = re.compile(r"^([#+-])")
# Control characters (an ESC starts a terminal escape sequence) have no place in a document.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _one_line(value: Any) -> str:
    return _CONTROL.sub("", " ".join(str(value).split()))


def cell(value: Any) -> str:
    """Text safe in Markdown (a table cell, a paragraph, a list item, a heading).

    One line; HTML-significant characters as entities and Markdown punctuation escaped, so
    text from answers, workload names and rule packs can neither inject HTML (a script)
    nor change the document's structure.
    """
    text = _one_line(value)
    text = _ENTITY_AMP.sub("&amp;", text)
    for char, entity in _HTML:
        text = text.replace(char, entity)
    return _LINE_START.sub(r"\\\1", _MD_SPECIAL.sub(r"\\\1", text))


def md_text(value: Any) -> str:
    """Text safe in a Markdown paragraph or list item (one line, no accidental markup)."""
    return cell(value)


def code(value: Any) -> str:
    """Text as one Markdown code span, whatever backticks it holds (nothing in it is markup).

    The fence is one backtick longer than the longest run inside, as CommonMark specifies.
    """
    text = _one_line(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


@functools.cache
def environment(html: bool) -> jinja2.Environment:
    """The environment for HTML (autoescaped) or for Markdown templates."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("advisor.report", "templates"),
        autoescape=html,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the tests, not silently
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        cell=cell,
        md=md_text,
        code=code,
        signed=labels.signed,
        arch=labels.architecture,
        short=labels.short,
        category=labels.category,
        question=labels.question,
        answer=labels.answer,
        clause=labels.clause,
        money=labels.money,
        quantity=labels.quantity,
        cheapest=cheapest,
    )
    env.globals["labels"] = labels
    env.globals["ARCHITECTURES"] = ARCHITECTURES
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one template; HTML ones (``*.html``) with autoescaping."""
    html = name.endswith(".html")
    text: str = environment(html).get_template(name).render(**context)
    return text


def markup(text: str) -> Markup:
    """Mark generated, already-escaped HTML (the SVG pictures) as safe for the templates."""
    # every text inside was escaped by advisor.report.svg when the SVG was drawn
    return Markup(text)
