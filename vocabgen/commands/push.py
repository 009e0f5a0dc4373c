"""`vocabgen push [PATH...]`: send built decks into a running Anki through AnkiConnect.

AnkiConnect (add-on 2055492159) answers JSON over HTTP on 127.0.0.1:8765. We ask it
for its `version` first, so that "Anki is not running", "something else answers on
that port" and "AnkiConnect refused the deck" each get their own message, then send
each package with `importPackage`: Anki's own package import, which matches notes by
GUID, so a deck pushed again updates its notes in place and keeps their reviews.
The package path is sent as an absolute path: Anki runs on this machine.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterable

import click

from ..errors import VocabgenError

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6  # the AnkiConnect API version whose answers we read ({"result", "error"})
ADDON_CODE = "2055492159"


class AnkiConnectError(VocabgenError):
    """Anki or AnkiConnect is not there, or refused a request."""


def _not_there(url: str, why: str) -> AnkiConnectError:
    return AnkiConnectError(
        f"cannot reach AnkiConnect at {url} ({why}). Start Anki with the AnkiConnect add-on installed "
        f"(Tools > Add-ons > Get Add-ons..., code {ADDON_CODE}) and try again, or pass --url if it "
        "listens elsewhere."
    )


def invoke(url: str, action: str, *, key: str | None = None, timeout: float = 120.0, **params: Any) -> Any:
    """One AnkiConnect request; its `result`, or AnkiConnectError with a message to act on."""
    body: dict[str, Any] = {"action": action, "version": API_VERSION, "params": params}
    if key:
        body["key"] = key
    request = urllib.request.Request(
        url, data=json.dumps(body).encode("utf-8"), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise AnkiConnectError(
            f"{url} answered HTTP {exc.code} to {action!r}: something is listening there, but it is not "
            "AnkiConnect (check --url)"
        ) from None
    except urllib.error.URLError as exc:
        raise _not_there(url, str(getattr(exc, "reason", exc))) from None
    except (TimeoutError, ConnectionError) as exc:
        raise _not_there(url, str(exc) or type(exc).__name__) from None
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or "error" not in answer or "result" not in answer:
        raise AnkiConnectError(f"{url} answered {action!r} with something that is not AnkiConnect's JSON (check --url)")
    if answer["error"]:
        raise AnkiConnectError(f"AnkiConnect refused {action!r}: {answer['error']}")
    return answer["result"]


def check_anki(url: str, key: str | None = None) -> int:
    """AnkiConnect's API version; an error if it is missing or too old for importPackage."""
    version = invoke(url, "version", key=key, timeout=10.0)
    if not isinstance(version, int) or version < API_VERSION:
        raise AnkiConnectError(
            f"AnkiConnect at {url} speaks API version {version!r}; vocabgen needs {API_VERSION} or later: "
            "update the add-on (Tools > Add-ons > Check for Updates)"
        )
    return version


def packages(paths: Iterable[Path]) -> list[Path]:
    """The .apkg files named, or found under the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.rglob("*.apkg"))
        elif path.suffix == ".apkg" and path.is_file():
            found.append(path)
        else:
            raise AnkiConnectError(f"{path}: not an .apkg file or a folder of decks (build them with `vocabgen build`)")
    return list(dict.fromkeys(p.resolve() for p in found))


def push(paths: Iterable[Path], url: str = DEFAULT_URL, key: str | None = None, progress=None) -> list[Path]:
    """Import each package into the running Anki; returns the packages sent."""
    found = packages(paths)
    if not found:
        raise AnkiConnectError("no .apkg decks found; build them first with `vocabgen build`")
    check_anki(url, key)
    for package in found:
        try:
            invoke(url, "importPackage", key=key, path=str(package))
        except AnkiConnectError as exc:
            raise AnkiConnectError(f"{package}: {exc}") from None
        if progress:
            progress(package)
    return found


@click.command("push")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--url", default=DEFAULT_URL, show_default=True, help="Where AnkiConnect listens.")
@click.option("--key", default=None, envvar="ANKICONNECT_KEY",
              help="AnkiConnect's API key, if its settings require one (or $ANKICONNECT_KEY).")
def push_command(paths: tuple[Path, ...], url: str, key: str | None) -> None:
    """Send built decks (.apkg files or folders of them; default: decks/) into a
    running Anki through the AnkiConnect add-on. Notes already there are updated in
    place and keep their review history.

    \b
    Example:
        vocabgen push                               # every deck under decks/
        vocabgen push decks/1960-08-09-lanzhou-municipal-committee-of-the-ccp
        vocabgen push mydecks/all.apkg --url http://127.0.0.1:8765
    """
    chosen = list(paths) or [Path("decks")]
    if not paths and not chosen[0].is_dir():
        raise click.ClickException("no decks/ folder here: name the decks to push, or build them first")
    try:
        sent = push(chosen, url, key, progress=lambda p: click.echo(f"imported {p.name}"))
    except AnkiConnectError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(sent)} deck(s) sent to Anki")
