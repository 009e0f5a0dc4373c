"""`vocabgen pinyin [FILE|-]`: the pinyin of any Chinese text, read in context."""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import click

if TYPE_CHECKING:
    from ..models import Token
    from ..reading.words import Reading

FORMATS = ("marks", "numbers", "html")


def ruby_html(tokens: Sequence[Token], readings: Sequence[Reading]) -> str:
    """The line as HTML in the cards' own markup (export/ruby.ruby: each Chinese
    character in a <ruby>, its syllable in tone marks in <rt class="toneN">, 5 =
    neutral); other text escaped as it is. Words are kept together in a
    <span class="w">. The syllables are the reading stage's, one per character
    (pinyin.han_syllables), so they match `--format numbers`."""
    from ..export.ruby import han_count, ruby
    from ..reading.pinyin import han_syllables
    from ..reading.words import syllable_to_marks

    # han_syllables falls back to the character itself when nothing reads it: no
    # pinyin to show above it then.
    marks = [syllable_to_marks(s.lower()) if s.isascii() else "" for s in han_syllables(tokens, readings)]
    out: list[str] = []
    k = 0
    for token in tokens:
        count = han_count(token.text)
        if not count:
            out.append(html.escape(token.text))
            continue
        out.append('<span class="w">' + ruby(token.text, marks[k : k + count]) + "</span>")
        k += count
    return "".join(out)


@click.command("pinyin")
@click.argument("source", required=False, default="-", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="marks", show_default=True,
              help="marks: tone marks, words joined, names capitalised; numbers: one syllable "
                   "with a tone digit (5 = neutral, ü as v) per Chinese character; html: ruby, "
                   "tone-coloured (classes tone1..tone5).")
@click.option("--tone-sandhi", is_flag=True, help="With marks: 一 and 不 as spoken (yí gè, bú shì).")
def pinyin_command(source: Path, fmt: str, tone_sandhi: bool) -> None:
    """Print the pinyin of Chinese text, one line out per line in, read in context
    as the decks read it (polyphones by part of speech, neighbours, the dictionary
    and the g2pM model; neutral tones as learners' dictionaries write them).

    \b
    Example:
        echo 我们在银行工作。 | vocabgen pinyin
        vocabgen pinyin article.txt --format numbers
        vocabgen pinyin text.txt --format html > ruby.html
    """
    from ..lexicon import load_lexicon
    from ..reading.pinyin import name_spans, numbers_line, read_lines, sentence_pinyin

    if str(source) == "-":
        text = sys.stdin.read()
    else:
        name = str(source)
        try:
            text = source.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise click.ClickException(f"{name}: no such file; give a UTF-8 text file or - for stdin")
        except UnicodeDecodeError as exc:
            line = source.read_bytes()[: exc.start].count(b"\n") + 1
            raise click.ClickException(
                f"{name}, line {line}: not UTF-8 text; save the file as UTF-8 and try again"
            ) from exc
        except OSError as exc:
            raise click.ClickException(f"{name}: cannot read it ({exc.strerror}); give a UTF-8 text file or -") from exc
    lines = text.splitlines()
    lexicon = load_lexicon()
    for tokens, readings in read_lines(lines, lexicon):
        if fmt == "numbers":
            click.echo(numbers_line(tokens, readings))
        elif fmt == "html":
            click.echo(ruby_html(tokens, readings))
        else:
            click.echo(sentence_pinyin(tokens, readings, tone_sandhi=tone_sandhi,
                                       names=name_spans(tokens, lexicon), ascii_punctuation=True,
                                       lexicon=lexicon))
