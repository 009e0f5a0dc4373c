"""The command line: the `vocabgen` group, and its commands registered.

Each command lives in its own module under commands/ (build, align, pinyin, quiz,
stats, init, push) and imports its heavy modules (the pipeline, jieba, the
dictionaries) inside the command, so `vocabgen --help` starts fast.
"""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vocabgen")
def main() -> None:
    """Turn bilingual Chinese-English articles into Anki decks and study sheets.

    \b
    Example:
        vocabgen build                      # seeds/ -> decks/
        vocabgen build article.txt --out mydecks --tts none
    """


# Commands that live in their own modules (each imports nothing heavy at import time).
from .commands.build import build_command  # noqa: E402

main.add_command(build_command)

from .commands.align import align_command  # noqa: E402

main.add_command(align_command)

from .commands.quiz import quiz_command  # noqa: E402

main.add_command(quiz_command)

from .commands.init import init_command  # noqa: E402
from .commands.pinyin import pinyin_command  # noqa: E402
from .commands.stats import stats_command  # noqa: E402

main.add_command(stats_command)
main.add_command(init_command)
main.add_command(pinyin_command)

from .commands.push import push_command  # noqa: E402

main.add_command(push_command)


if __name__ == "__main__":  # pragma: no cover
    main()
