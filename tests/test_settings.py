"""A claimtrack.toml that cannot be used is one line naming its file and line."""

from __future__ import annotations

import pytest

from claimtrack import newsroom

BAD = [
    ('[newsroom]\nname = "Courier"\nreview_url = "https://x.example/checks"\n',
     "line 3: newsroom.review_url must be an http(s) URL with {id} in it"),
    ('newsroom = "x"\n',
     "line 1: [newsroom] must be a table (name, url, review_url, logo), not a string"),
    ("rating = 5\n", "line 1: [rating] must be a table (scale, verdicts), not a number"),
    ('newsroom = ["x"]\n',
     "line 1: [newsroom] must be a table (name, url, review_url, logo), not a list"),
    ('# the newsroom\n\n[[newsroom]]\nname = "x"\n', "line 3: [newsroom] must be a table"),
    ('[newsroom]\nname = "Courier"\n[[rating]]\nscale = "text"\n',
     "line 3: [rating] must be a table (scale, verdicts), not a list"),
    (b'[newsroom]\nname = "Courier"\n\nurl = "https://caf\xe9.example"\n',
     "line 4: not UTF-8 (byte 0xe9)"),
    ('colour = "red"\n',
     "line 1: unknown setting 'colour' (expected [newsroom], [rating] or [review])"),
    ('[newsroom]\nname = "Courier"\ncolour = "red"\n',
     "line 3: unknown key 'colour' in [newsroom] (expected name, url, review_url, logo)"),
    ('[newsroom]\nname = "Courier"\n[rating]\nscale = "text"\nverdict = []\n',
     "line 5: unknown key 'verdict' in [rating] (expected scale, verdicts)"),
    ('[rating]\nverdicts = [{name = "ok", value = 2, colour = "x"}]\n',
     "line 2: verdict 'ok': unknown key 'colour' (expected name, label, value)"),
    ('[rating]\nverdicts = [\n  {name = "ok", value = 2},\n  {name = "no", value = 1},\n'
     '  {name = "ok", value = 1},\n]\n', "line 5: verdict 'ok' is named twice"),
    ('[newsroom]\nname = "Courier"\n[[rating.verdicts]]\nname = "ok"\n[[rating.verdicts]]\n'
     'name = "ok"\n', "line 6: verdict 'ok' is named twice"),
    ('[rating]\nverdicts = [{name = "ok", value = true}]\n',
     "line 2: verdict 'ok': value must be a whole number from 1 to 100"),
    ('[rating]\nverdicts = [{name = "ok", value = 99999999999999999999}]\n',
     "line 2: verdict 'ok': value must be a whole number from 1 to 100"),
    ('[rating]\nverdicts = [{name = "ok", label = 5}]\n',
     "line 2: verdict 'ok': label must be a non-empty string"),
    ('[rating]\nverdicts = ["ok"]\n', "line 2: each verdict must be a table with a name"),
    ('[rating]\nscale = "text"\nverdicts = [{name = "ok"}]\n',
     "line 2: give rating.scale or rating.verdicts, not both"),
    ('[newsroom]\nurl = "https://courier.example"\nname = 5\n',
     "line 3: newsroom.name must be a non-empty string"),
    ('[rating]\nscale = ["text"]\n', "line 2: unknown rating scale ['text']"),
    ('[newsroom]\nname = "A"\n[rating\nscale = "text"\n',
     "line 3: Expected ']' at the end of a table declaration (column 8)"),
    ('[newsroom]\nname = "A"\nname = "B"\n', "line 3: Cannot overwrite a value"),
]  # fmt: skip


@pytest.fixture
def config(tmp_path, monkeypatch):
    def write(content: str | bytes):
        path = tmp_path / "claimtrack.toml"
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        monkeypatch.chdir(tmp_path)
        newsroom._load.cache_clear()
        return path

    yield write
    newsroom._load.cache_clear()


@pytest.mark.parametrize(("content", "message"), BAD, ids=[m.split(": ", 1)[1] for _, m in BAD])
def test_a_bad_config_is_one_line_naming_the_file_and_line(cli, config, content, message):
    path = config(content)
    result = cli("claims", "list", ok=False)
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith(f"error: {path}, {message}")


def test_a_byte_order_mark_is_fine(cli, config):
    config(b'\xef\xbb\xbf[newsroom]\nname = "Courier"\n')
    cli("claims", "list")
    assert newsroom.load_settings().newsroom == "Courier"


def test_a_good_config_still_loads(config):
    config(
        '[newsroom]\nname = "Courier"\nurl = "https://courier.example"\n'
        '[[rating.verdicts]]\nname = "accurate"\nlabel = "Accurate"\nvalue = 3\n'
        '[[rating.verdicts]]\nname = "wrong"\nvalue = 1\n'
    )
    settings = newsroom.load_settings()
    assert (settings.newsroom, settings.scale.names, settings.scale.best) == (
        "Courier", ("accurate", "wrong"), 3,
    )  # fmt: skip
