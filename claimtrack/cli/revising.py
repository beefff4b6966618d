"""Commands that revise the record: notes on claims, and undo."""

from __future__ import annotations

from typing import Annotated

import typer

from claimtrack import environment
from claimtrack.cli.app import MAX_ID, ByOpt, DbOpt, JsonOpt, app, command, print_json, session_for


@command(app)
def note(
    claim_id: Annotated[int, typer.Argument(help="Claim id.", min=1, max=MAX_ID)],
    text: Annotated[str, typer.Argument(help="The note, in quotes.")],
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Add a note to a claim's history without changing its status.

    Example:
        claimtrack note 3 "Asked the ministry for the 2025 figures"
    """
    from claimtrack.corrections import add_note
    from claimtrack.review import change_dict

    actor = by or environment.default_actor()
    with session_for(db, write=True) as s:
        change = add_note(s, claim_id, text, actor=actor)
        shown = change_dict(change)
    if as_json:
        print_json(shown)
    else:
        typer.echo(f"claim {claim_id}: note added")


@command(app)
def undo(
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Revert your last status or assignment change, as a new entry in the history.

    Repeat it to go further back. Refused when someone else changed that claim since.
    Notes are not undone: add another note to correct one.

    Example:
        claimtrack undo --by maria
    """
    from claimtrack.corrections import undo as undo_last
    from claimtrack.review import change_dict

    actor = by or environment.default_actor()
    with session_for(db, write=True) as s:
        change = undo_last(s, actor=actor)
        shown = change_dict(change) | {"claim_id": change.claim_id}
    if as_json:
        print_json(shown)
    else:
        typer.echo(
            f"claim {change.claim_id}: {change.field} back to {change.to_value or 'nobody'} "
            f"({shown['note']})"
        )
