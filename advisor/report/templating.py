"""The Jinja2 environments of the report templates (package data in ``templates/``).

The only module that imports jinja2, and only when a templated format is rendered, so that
``advisor --help`` and text reports never load it. HTML templates autoescape; Markdown ones do
not (Markdown is not HTML) but escape table cells with the ``cell`` filter instead.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import jinja2
from markupsafe import Markup

from advisor.architectures import ARCHITECTURES
from advisor.report import labels

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: one line, Markdown punctuation escaped."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_text(value: Any) -> str:
    """Text safe in a Markdown paragraph or list item (one line, no accidental markup)."""
    return cell(value)


def csv_safe(value: Any) -> str:
    """One line of text (CSV cells may hold newlines, but spreadsheets show them badly)."""
    return " ".join(str(value).split())


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
        signed=labels.signed,
        arch=labels.architecture,
        short=labels.short,
        category=labels.category,
        question=labels.question,
        answer=labels.answer,
        clause=labels.clause,
        money=labels.money,
        quantity=labels.quantity,
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
