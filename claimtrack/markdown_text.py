"""Markdown articles as plain text: what a reader sees, not the markup around it.

markdown-it-py (CommonMark) parses the source; its tokens are walked into one paragraph per
block. Emphasis marks, link targets and inline HTML go; link text, image alt text and code
stay. The first heading is the article's title, and leaves the text when it opens it.
"""

from __future__ import annotations

from dataclasses import dataclass

_TEXT_INLINE = frozenset({"text", "code_inline"})


@dataclass(frozen=True)
class Rendered:
    text: str
    title: str | None  # the first heading's text, if the article has one


def render(source: str) -> Rendered:
    """The text of a Markdown article, one block (paragraph, heading, item) per paragraph."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(source)
    blocks: list[str] = []
    title: str | None = None
    for i, token in enumerate(tokens):
        if token.type in ("fence", "code_block"):
            blocks.append(token.content.strip())
        if token.type != "inline":
            continue
        text = _inline(token.children or []).strip()
        if tokens[i - 1].type == "heading_open" and title is None:
            title = text
            if not blocks:  # the headline above the article, not a subheading inside it
                continue
        if text:
            blocks.append(text)
    return Rendered(text="\n\n".join(blocks), title=title or None)


def _inline(children: list) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in _TEXT_INLINE:
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)  # its alt text
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)
