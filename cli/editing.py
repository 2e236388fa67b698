"""Changing data one row at a time: ``add``, ``edit``, ``retract``, ``revert``, ``history``, and
``event``/``source``/``document`` ``add``/``edit``/``history``/``revert``. Every change leaves a
revision."""

from __future__ import annotations

from typing import Any

import click

from claimsdb.cli.output import format_option, render


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for item in values:
        field, sep, value = item.partition("=")
        if not sep or not field.strip():
            raise click.UsageError(f"--set expects FIELD=VALUE, got {item!r}")
        changes[field.strip()] = value
    return changes


def _period(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    start, sep, end = text.partition("..")
    return {"period_start": start.strip(), "period_end": end.strip() if sep else start.strip()}


def _report(summary: Any, what: str) -> None:
    if (
        summary.created
        or summary.updated
        or summary.names_updated
        or summary.events_created
        or summary.sources_created
        or summary.documents_created
        or summary.parties_created
    ):
        click.echo(f"{what} (revision {summary.revision_id})", err=True)
    else:
        click.echo("nothing changed: the values are already stored", err=True)


set_option = click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="FIELD=VALUE",
    help="A field and its new value; repeat for several.",
)


@click.command()
@click.option("--event", required=True, help="Event slug, name or alias.")
@click.option("--metric", required=True, help="killed, wounded, displaced, refugees, ...")
@click.option("--figure", required=True, help='The figure as written: "at least 161", "613".')
@click.option("--claimant", required=True, help="Who asserts the figure (a source name).")
@click.option("--population", default="", help="Who was affected: civilians, women, ...")
@click.option(
    "--scope",
    default="",
    help='What the figure covers when the population cannot say it: "excluding Nagorno-Karabakh".',
)
@click.option("--reported-by", default="", help="A source relaying the claimant's figure.")
@click.option("--quote", default="", help="The verbatim passage holding the figure.")
@click.option("--document", default="", help="Document key the quote comes from.")
@click.option(
    "--url",
    default="",
    help="The document's URL (finds or, with --create-missing, creates the document).",
)
@click.option("--locator", default="", help="Where in the document: page, paragraph.")
@click.option("--claimed-on", default="", help="When the claim was made: YYYY[-MM[-DD]].")
@click.option(
    "--period",
    default=None,
    metavar="START[..END]",
    help="The period the figure covers, e.g. 1992-02-25..1992-02-26.",
)
@click.option("--part-of", default="", help="Key of the claim this figure is a part of.")
@click.option("--derived-from", default="", help="Key of the claim this one repeats.")
@click.option(
    "--supersedes", default="", help="Key of a claim this one replaces (marked superseded)."
)
@click.option("--notes", default="")
@click.option("--key", default="", help="A key of your own [default: event-metric-claimant].")
@click.option(
    "--claimant-kind",
    default="",
    help="For a new claimant (--create-missing): "
    "government, military, ngo, intergovernmental, media, academic, individual, "
    "unattributed.",
)
@click.option(
    "--affiliation",
    default="",
    help="For a new claimant: the party it speaks for (any of its names), or none.",
)
@click.option(
    "--create-missing",
    is_flag=True,
    help="Create an unknown event, claimant, party or document instead of refusing it.",
)
@click.pass_context
def add(ctx: click.Context, period: str | None, create_missing: bool, **fields: str) -> None:
    """Add one claim, figure as written; prints its key.

    \b
    Example:
      claimsdb add --event khojaly --metric killed --figure "at least 161" \\
        --claimant "Human Rights Watch" --population civilians \\
        --quote "Human rights Watch estimates that at least 161 Azerbaijani civilians"
    """
    values = {k: v for k, v in fields.items() if v} | _period(period)
    summary = ctx.obj.add(values, create_missing=create_missing)
    click.echo(summary.keys[0])
    _report(summary, f"added {summary.keys[0]}")


@click.command()
@click.argument("key")
@set_option
@click.option("--reason", default=None, help="Why, for the record.")
@click.pass_context
def edit(ctx: click.Context, key: str, sets: tuple[str, ...], reason: str | None) -> None:
    """Change fields of claim KEY; the old values stay in its history.

    Setting phrase (or figure) re-reads the numbers from it; supersedes=X marks X superseded.

    \b
    Examples:
      claimsdb edit khojaly-massacre-killed-hrw --set grade=confirmed
      claimsdb edit my-claim --set figure="about 500" --reason "corrected reading"
    """
    summary = ctx.obj.edit(key, _pairs(sets), reason=reason)
    _report(summary, f"edited {key}")


@click.command()
@click.argument("key")
@click.option("--reason", required=True, help="Why the claim is retracted.")
@click.pass_context
def retract(ctx: click.Context, key: str, reason: str) -> None:
    """Mark claim KEY retracted. Nothing is deleted; analyses leave it out and say why."""
    summary = ctx.obj.retract(key, reason)
    _report(summary, f"retracted {key}")


def _revision_option(history: str) -> Any:
    """``--to REVISION``: the revision a revert goes back to, as ``history`` lists them."""
    return click.option(
        "--to",
        "revision",
        type=int,
        required=True,
        metavar="REVISION",
        help=f"A revision number from `claimsdb {history}`.",
    )


@click.command()
@click.argument("key")
@_revision_option("history KEY")
@click.pass_context
def revert(ctx: click.Context, key: str, revision: int) -> None:
    """Put claim KEY back as it stood right after REVISION (itself a new revision)."""
    summary = ctx.obj.revert(key, revision)
    _report(summary, f"reverted {key} to revision {revision}")


def _history(ctx: click.Context, table: str, key: str, fmt: str) -> None:
    entries = ctx.obj.history(key, table)
    rows = [
        {
            "revision": e.revision,
            "at": e.at[:19],
            "actor": e.actor,
            "action": e.action,
            "changes": e.note
            or "; ".join(f"{f}: {b!r} -> {a!r}" for f, (b, a) in e.changes.items()),
            "reason": e.reason,
        }
        for e in entries
    ]
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "revision": e.revision,
                        "at": e.at,
                        "actor": e.actor,
                        "action": e.action,
                        "reason": e.reason,
                        "note": e.note,
                        "changes": {
                            f: {"before": b, "after": a} for f, (b, a) in e.changes.items()
                        },
                    }
                    for e in entries
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    render(rows, fmt)


@click.command(name="history")
@click.argument("key")
@format_option
@click.pass_context
def history(ctx: click.Context, key: str, fmt: str) -> None:
    """Every revision of claim KEY: time, actor, what changed (before -> after), and why."""
    _history(ctx, "claims", key, fmt)


# For a source's add and edit: what an affiliation no party is known by does.
_CREATE_PARTY = click.option(
    "--create-missing",
    is_flag=True,
    help="Create the party an affiliation names when no party is known by that name "
    "(otherwise refused with the parties it may mean).",
)


def _entity_group(
    table: str,
    what: str,
    name_arg: str,
    add_options: list[Any],
    doc: str,
    *,
    creates_parties: bool = False,
) -> click.Group:
    @click.group(name=what, help=doc)
    def group() -> None:
        pass

    def add_cmd(ctx: click.Context, create_missing: bool = False, **fields: Any) -> None:
        values = {k: v for k, v in fields.items() if v}
        if "period" in values:
            values |= _period(values.pop("period"))
        summary = ctx.obj.add_entity(table, values, create_missing=create_missing)
        _report(summary, f"added {what} {fields.get(name_arg) or fields.get('name')}")

    command: Any = click.pass_context(add_cmd)
    for option in reversed([*add_options, *([_CREATE_PARTY] if creates_parties else [])]):
        command = option(command)
    group.command(name="add", help=f"Add a {what}; it gets a revision of its own.")(command)

    def edit_cmd(
        ctx: click.Context, name: str, sets: tuple[str, ...], create_missing: bool = False
    ) -> None:
        summary = ctx.obj.edit_entity(table, name, _pairs(sets), create_missing=create_missing)
        _report(summary, f"edited {what} {name}")

    command = set_option(click.argument("name")(click.pass_context(edit_cmd)))
    if creates_parties:
        command = _CREATE_PARTY(command)
    group.command(
        name="edit",
        help=f"Change fields of a {what}, found by any of its names; the "
        "change is recorded with the values before and after.",
    )(command)

    @group.command(
        name="revert",
        help=f"Put a {what} back as it stood right after REVISION (itself a new revision).",
    )
    @click.argument("name")
    @_revision_option(f"{what} history NAME")
    @click.pass_context
    def revert_cmd(ctx: click.Context, name: str, revision: int) -> None:
        summary = ctx.obj.revert(name, revision, table=table)
        _report(summary, f"reverted {what} {name} to revision {revision}")

    @group.command(name="history", help=f"Every revision of a {what}.")
    @click.argument("name")
    @format_option
    @click.pass_context
    def history_cmd(ctx: click.Context, name: str, fmt: str) -> None:
        _history(ctx, table, name, fmt)

    return group


event = _entity_group(
    "events",
    "event",
    "slug",
    [
        click.option("--name", required=True),
        click.option("--slug", default="", help="[default: from the name]"),
        click.option("--aliases", default="", help="Other names, separated by ';'."),
        click.option("--parent", default="", help="The event this one is part of."),
        click.option("--period", default="", metavar="START[..END]"),
        click.option("--place", default=""),
        click.option("--description", default=""),
    ],
    "Events: add, edit, history, revert.",
)
source = _entity_group(
    "sources",
    "source",
    "name",
    [
        click.option("--name", required=True),
        click.option(
            "--kind",
            required=True,
            help="government, military, ngo, intergovernmental, media, academic, individual, "
            "unattributed",
        ),
        click.option(
            "--affiliation",
            default="",
            help="The party it speaks for, by any of its names (see `claimsdb parties`); none "
            "for a third party; empty if unknown.",
        ),
        click.option("--aliases", default="", help="Other names, separated by ';'."),
        click.option("--description", default=""),
    ],
    "Sources: add, edit, history, revert. Changing an affiliation changes every analysis that "
    "uses it, so it is on record.",
    creates_parties=True,
)
party = _entity_group(
    "parties",
    "party",
    "name",
    [
        click.option("--name", required=True),
        click.option(
            "--aliases",
            default="",
            help="Other names an affiliation may give it, separated by ';' (Armenian; Republic "
            "of Armenia).",
        ),
        click.option("--description", default=""),
    ],
    "Parties a source may speak for: add, edit, history, revert. `claimsdb parties` lists them.",
)
document = _entity_group(
    "documents",
    "document",
    "key",
    [
        click.option("--key", required=True),
        click.option("--title", required=True),
        click.option("--publisher", default=""),
        click.option("--published-on", default=""),
        click.option("--url", default=""),
        click.option("--citation", default=""),
        click.option("--licence", default=""),
        click.option(
            "--text",
            default="",
            help="The document's full text, so quotes can be checked and shown in context.",
        ),
    ],
    "Documents: add, edit, history, revert.",
)

COMMANDS = [add, edit, retract, revert, history, event, source, party, document]
