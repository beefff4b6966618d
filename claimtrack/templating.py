"""The one place that builds Jinja environments: LLM prompts and reports."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

PACKAGE = Path(__file__).parent


def prompts_dir() -> Path:
    """prompts/ ships inside the wheel as claimtrack/prompts; a source checkout has it on top."""
    packaged = Path(str(resources.files("claimtrack"))) / "prompts"
    return packaged if packaged.is_dir() else PACKAGE.parent / "prompts"


def _bytecode_cache(kind: str) -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs: compiling them is most of a small report's time.

    One folder per kind of environment, since escaping is compiled into the code; Jinja checks
    each template's source against its cached code, so an edited template is compiled afresh.
    """
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("claimtrack", appauthor=False)) / "templates" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only home: compile every time
    return FileSystemBytecodeCache(str(folder))


@lru_cache(maxsize=1)
def prompt_env() -> Environment:
    # Prompts are plain text for a model: no HTML escaping, but undefined names are errors.
    return Environment(
        loader=FileSystemLoader(prompts_dir()),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def prompt_bytes(name: str) -> bytes:
    """A prompt template's file exactly as shipped (what `llm.prompt_sha256` fingerprints)."""
    return (prompts_dir() / name).read_bytes()


def render_prompt(name: str, **context: object) -> str:
    return prompt_env().get_template(name).render(**context)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~"} | {"&": "&amp;"})
# At the start of a line these would open a list, a heading underline or a quote.
_MD_BLOCK_START = re.compile(r"^([-+=])|^(\d+)([.)])(?=\s|$)")
_URL_UNSAFE = str.maketrans({c: f"%{ord(c):02X}" for c in ' ()<>"\\'})  # end a link target


class MarkdownText(str):
    """Markdown that a filter built from escaped parts: printed as it is."""


def md_escape(value: object) -> object:
    """Escape a value for Markdown: no raw HTML, links or table breaks from untrusted text."""
    if value is None or isinstance(value, bool | int | float | MarkdownText):
        return value
    text = " ".join(str(value).split()).translate(_MD_SPECIAL)
    return _MD_BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def md_link(url: object, text: object = None) -> object:
    """A Markdown link for an http(s) or mailto URL; any other URL stays plain, escaped text."""
    if not is_web_url(url):
        return md_escape(url)
    target = str(url).strip().translate(_URL_UNSAFE)
    return MarkdownText(f"[{md_escape(text if text is not None else url)}]({target})")


@lru_cache(maxsize=8)
def report_env(kind: str, template_dir: str | None = None) -> Environment:
    """An environment for HTML (autoescaped) or Markdown (every value Markdown-escaped) reports.

    Article text, source names, notes and evidence URLs are untrusted: nothing a template prints
    can become markup unless the template marks it safe on purpose.
    """
    search = [template_dir] if template_dir else []
    options: dict = {"autoescape": True} if kind == "html" else {"finalize": md_escape}
    env = Environment(
        loader=FileSystemLoader([*search, str(PACKAGE / "templates")]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(kind),
        **options,
    )
    # tojson (the HTML report's JSON-LD) escapes < > & ' whatever these say; keep key order.
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
    env.filters["safe_url"] = safe_url
    env.filters["md_link"] = md_link
    env.tests["web_url"] = is_web_url
    return env


_WEB_URL = re.compile(r"(?:https?|mailto):\S*", re.IGNORECASE)


def is_web_url(value: object) -> bool:
    """An http(s) or mailto URL with no whitespace in it (a tab hides nothing)."""
    return _WEB_URL.fullmatch(str(value or "").strip()) is not None


def safe_url(value: object) -> str:
    """A link target only for http(s) and mailto URLs; anything else (javascript:) goes nowhere."""
    return str(value).strip() if is_web_url(value) else "#"
