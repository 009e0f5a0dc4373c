"""Many articles: scanning the inputs, and building each one, in worker processes.

pipeline.py composes the stages for one article; this module runs that over many.
It owns what a batch needs and one article does not: reading every source once for
its ID (distinct IDs for articles that would share one, one build for the same
article given twice), incremental skipping (unchanged articles are not rebuilt, see
incremental.py), the write-and-stamp protocol that leaves no half-written folder,
failures that stop one article and not the others, and the worker processes.

Workers are forked (not spawned) from the main process after the dictionaries,
jieba and the reading model are loaded and `gc.freeze()` has moved them out of the
collector's reach, so every worker shares those pages copy-on-write instead of
loading its own copy; the notes at `_build_with_workers` and `_Worker` say why the
forks are made where they are.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from .atomic import HELD_SIGNALS, journal, sweep_temporaries
from .audio import resolve_engine
from .callbacks import Progress, Warn
from .config import BuildConfig
from .coverage import summary as coverage_summary
from .errors import VocabgenError
from .export.pdf import unavailable as pdf_unavailable
from .export.quiz_page import MEDIA_DIR
from .incremental import build_key, discard_stamp, is_current, options_digest, stamped_summary, write_stamp
from .ingest import ArticleRef, Source, content_hash, read_article, source_digest
from .lexicon import load_lexicon
from .models import Article
from .pipeline import BuildResult, build_article, study, with_audio
from .reading import g2p_model
from .segment import segment
from .view import ArticleView, from_manifest, from_study


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    message: str


def scan(sources: list[Source], warn: Warn | None = None) -> tuple[list[ArticleRef], list[Failure]]:
    """Read every source once, for its ID; a bad one becomes a Failure and the
    others go on. The texts are not kept (see ArticleRef).

    Articles that would share an ID (same date and title) but say different things
    get distinct ones, suffixed with a hash of their whole text (both languages), so
    neither overwrites the other. The same article given twice (the same text, even
    in two encodings) is built once, and `warn` names every copy."""
    found: list[tuple[Source, str, str, str]] = []
    failures: list[Failure] = []
    copies: dict[str, list[Source]] = {}
    for source in sources:
        try:
            article = read_article(source)
            digest = source_digest(source)
        except VocabgenError as exc:
            failures.append(Failure(source.label, str(exc)))
            continue
        except OSError as exc:
            failures.append(Failure(source.label, f"{source.label}: cannot be read: {exc.strerror or exc}"))
            continue
        text_hash = content_hash(article)
        if text_hash in copies:
            copies[text_hash].append(source)
            continue
        copies[text_hash] = [source]
        found.append((source, article.id, text_hash, digest))
    for same in copies.values():
        if len(same) > 1 and warn:
            names = ", ".join(s.label for s in same)
            warn(f"{names} hold the same article; it is built once, from {same[0].label}")
    counts: dict[str, int] = {}
    for _, article_id, _, _ in found:
        counts[article_id] = counts.get(article_id, 0) + 1
    refs = [ArticleRef(s, f"{i}-{h}" if counts[i] > 1 else i, d) for s, i, h, d in found]
    return refs, failures


def read_all(sources: list[Source]) -> tuple[list[Article], list[Failure]]:
    """Every article, read (for commands that need them all at once, like stats)."""
    refs, failures = scan(sources)
    return [ref.load() for ref in refs], failures


@dataclass(frozen=True, slots=True)
class Summary:
    """What the summary table shows of a built (or reused) article."""

    article_id: str
    title_en: str
    aligned: int
    terms: int
    cloze: int
    out_dir: str
    reused: bool = False
    coverage: str = ""  # known share and new words to 95%, as the table shows it

    @staticmethod
    def of(result: BuildResult) -> "Summary":
        study = result.study
        return Summary(
            article_id=study.article.id,
            title_en=study.article.title_en,
            aligned=sum(1 for p in study.pairs if p.zh and p.en),
            terms=len(study.terms),
            cloze=len(study.cloze),
            out_dir=str(result.out_dir),
            coverage=coverage_summary(study.coverage),
        )


# What building one article comes to, yielded by build_all in input order.
Outcome = Summary | Failure


def _build_or_fail(ref: ArticleRef, config: BuildConfig, key: str, warn: Warn | None = None,
                   progress: Progress | None = None) -> Outcome:
    """One article, start to finish; the unit of work of a worker process."""
    folder = config.out_dir / ref.id
    try:
        # The write-and-stamp protocol: withdraw the stamp, write every output
        # atomically, remove what an earlier build left that this one did not
        # write, and stamp last, with the size and hash of each file.
        discard_stamp(folder)
        for place in (folder, folder / MEDIA_DIR):
            sweep_temporaries(place)
        with journal() as written:
            result = build_article(ref.load(), config, load_lexicon(), warn=warn, progress=progress)
        summary = Summary.of(result)
        ours = _remove_stale(folder, written)
        write_stamp(folder, key, ours, dataclasses.asdict(summary))
        return summary
    except VocabgenError as exc:
        message = str(exc)
        # Errors from the stages past reading (the aligner, audio) do not know the file.
        if not message.startswith(ref.source.label):
            message = f"{ref.source.label}: {message}"
        return Failure(ref.source.label, message)
    except OSError as exc:
        return Failure(ref.source.label, f"{ref.source.label}: cannot write its outputs: {_os_reason(exc)}")
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - one article's bug fails that article only
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Failure(
            ref.source.label,
            f"{ref.source.label}: could not be built: {type(exc).__name__}: {_first_line(exc)} "
            f"(at {Path(where.filename).name}:{where.lineno}; please report this with the file)",
        )


# What a build writes into an article's folder, by suffix: files of these kinds that
# this build did not write are an earlier build's (made with other options) and go.
# Other files (a learner's own notes) are left alone.
_OUTPUT_SUFFIXES = {".apkg", ".json", ".csv", ".tsv", ".txt", ".html", ".pdf", ".mp3"}


def _remove_stale(folder: Path, written: set[Path]) -> list[Path]:
    """Remove outputs of earlier builds from folder (and its media folder); the
    files this build wrote there, sorted."""
    mine = {os.path.abspath(p) for p in written}
    ours = []
    for place in (folder, folder / MEDIA_DIR):
        try:
            entries = sorted(place.iterdir())
        except OSError:
            continue
        for path in entries:
            if path.name.startswith(".") or not path.is_file() or path.is_symlink():
                continue
            if os.path.abspath(path) in mine:
                ours.append(path)
            elif path.suffix.lower() in _OUTPUT_SUFFIXES or (place.name == MEDIA_DIR and path.suffix == ".js"):
                path.unlink(missing_ok=True)  # media/*.js: stroke scripts (quiz pages once had one per character)
    return ours


def _os_reason(exc: OSError) -> str:
    """An OSError as one line that names the path ("No space left on device" alone does not)."""
    reason = exc.strerror or str(exc)
    path = exc.filename
    if path is not None:
        return f"{path}: {reason}"
    return reason


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no message"


# A worker is replaced by a fresh fork after this many articles. Each article it
# builds touches more of the shared dictionaries (reference counts and the
# allocator write to their pages, which the kernel then copies) and fills its
# own caches, so a worker's memory creeps up over a long run; a fresh fork starts
# again from the main process's shared pages, its caches included.
_ARTICLES_PER_WORKER = 50


def _worker_warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def build_all(
    refs: list[ArticleRef], config: BuildConfig, warn: Warn | None = None, progress: Progress | None = None
) -> Iterator[Outcome]:
    """Build every article, yielding a Summary or a Failure for each, in input order.

    Unchanged articles (same input, options and code: see incremental.py) are not
    rebuilt unless config.force. With config.jobs > 1 the rest are built in worker
    processes forked after the dictionaries and jieba are loaded, so each worker
    shares them instead of loading its own copy. Audio engines are resolved once
    here, so that a run without a network does not try the online service per article.
    """
    pending: list[tuple[ArticleRef, str]] = []  # with its build key
    order: list[str] = []
    settled: dict[str, Outcome] = {}  # outcomes known without building
    if config.pdf and (reason := pdf_unavailable()):
        if warn:
            warn(reason)
        config = replace(config, pdf=False)
    options = options_digest(config)
    for ref in refs:
        order.append(ref.id)
        key = build_key(ref, options)
        folder = config.out_dir / ref.id
        if not config.force and is_current(folder, key):
            summary = stamped_summary(folder)
            if summary is not None:
                settled[ref.id] = Summary(**{**summary, "reused": True})
                continue
        pending.append((ref, key))
    if not pending:
        for article_id in order:
            yield settled[article_id]
        return
    # The key holds the engine asked for ("auto"), the build the one that answers.
    # So an article voiced offline is not re-voiced by itself once online: --force
    # does that (the audio cache then upgrades its clips, see audio/__init__.py).
    audio = resolve_engine(config.audio, warn)
    config = replace(config, audio=audio)
    # Load the shared data before forking: workers inherit it copy-on-write.
    load_lexicon()
    segment("预热")
    g2p_model.warm_up()
    # Move everything loaded so far out of the collector's reach: it is kept for the
    # whole run, and traversing its millions of objects slowed every collection
    # (PDF rendering most). In forked workers a collection would also write to each
    # object's header and so copy the pages shared with this process.
    gc.freeze()
    jobs = max(1, min(config.jobs, len(pending) - 1))
    if audio.engine in ("auto", "edge"):
        # Online speech: one process, its requests already run 8 at a time; worker
        # processes would multiply that against the service and hide the progress.
        jobs = 1
    built = (
        (_build_or_fail(ref, config, key, warn=warn, progress=progress) for ref, key in pending)
        if jobs == 1
        else _build_with_workers(pending, config, jobs, warn, progress)
    )
    finished = False
    try:
        for article_id in order:
            yield settled[article_id] if article_id in settled else next(built)
        finished = True
    finally:
        built.close()  # stops the workers of a run cut short
        if not finished:
            # Every writer has stopped now. A stop that landed while one made a
            # temporary can still have left it (the signal taken by another thread,
            # where atomic.held_signals cannot hold it back): this process holds the
            # output folder's lock, so nothing is being written there.
            for ref, _ in pending:
                for place in (config.out_dir / ref.id, config.out_dir / ref.id / MEDIA_DIR):
                    sweep_temporaries(place)


def _build_with_workers(
    pending: list[tuple[ArticleRef, str]], config: BuildConfig, jobs: int, warn: Warn | None,
    progress: Progress | None,
) -> Iterator[Outcome]:
    """The outcomes of `pending`, in order, built by this process and jobs - 1 workers.

    This process builds articles too, whenever the next outcome due is not ready,
    and the workers are forked from it. So a worker forked to replace one that
    retired (see _ARTICLES_PER_WORKER) starts with this process's caches (glosses,
    readings, keys per word), warm from every article built here, instead of empty:
    a worker that starts cold spends ~30% more time per article on its first
    hundred articles. Workers are forked only here, between two builds: a fork
    made from another thread (as multiprocessing.Pool does) could copy a lock this
    thread holds mid-build, and the worker would wait for it forever."""
    # The first article is built here, before forking: it loads what the stages
    # load on first use (pypinyin's phrases, genanki, the templates: ~50 MB),
    # which the workers then share instead of each loading its own copy.
    ref, key = pending[0]
    yield _build_or_fail(ref, config, key, warn=warn, progress=progress)
    workers = [_Worker(pending, config) for _ in range(jobs - 1)]
    done: dict[int, Outcome] = {}
    waiting = collections.deque(range(1, len(pending)))  # not yet handed out, in order
    try:
        for index in range(1, len(pending)):
            while index not in done:
                for worker in _with_results(workers, block=not waiting):
                    outcomes, unstarted = worker.receive()
                    done.update(outcomes)
                    waiting.extendleft(reversed(unstarted))
                for slot, worker in enumerate(workers):
                    if worker.retiring():
                        worker.stop()
                        workers[slot] = worker = _Worker(pending, config)
                    while waiting and worker.wants_more():
                        worker.send(waiting.popleft())
                if index not in done and waiting:
                    task = waiting.popleft()
                    ref, key = pending[task]
                    done[task] = _build_or_fail(ref, config, key, warn=warn, progress=progress)
            yield done.pop(index)
    finally:
        for worker in workers:
            worker.stop()


def _with_results(workers: list["_Worker"], block: bool) -> list["_Worker"]:
    """The workers with an outcome (or an end) to read; waits for one if `block`."""
    by_connection = {worker.connection: worker for worker in workers if worker.assigned}
    ready = multiprocessing.connection.wait(list(by_connection), timeout=None if block else 0)
    return [by_connection[connection] for connection in ready]


class _Worker:
    """A forked process that builds the articles it is sent, by their index in
    `pending`, and answers (index, outcome). `pending` and the config reach it
    through the fork: only indices and outcomes are pickled (a learner's
    known-word list in the config can be thousands of words)."""

    # Tasks sent ahead, so the worker never waits between two articles.
    _AHEAD = 2
    # Workers not yet stopped, whose pipe ends a newly forked one must close.
    alive: list["_Worker"] = []

    def __init__(self, pending: list[tuple[ArticleRef, str]], config: BuildConfig):
        self.pending = pending
        self.connection, theirs = multiprocessing.Pipe()
        # The fork copies every pipe end this process holds; the worker closes the
        # ones that are not its own (see _work), or it would hold its own copy of
        # our end and never see us die.
        ours = [self.connection, *(worker.connection for worker in _Worker.alive)]
        self.process = multiprocessing.get_context("fork").Process(
            target=_work, args=(theirs, pending, config, ours, os.getpid()), daemon=True
        )
        # SIGTERM/Ctrl-C held back while forking: a handler that raises inside the
        # fork's at-fork hooks (logging's lock release) prints a traceback instead of
        # stopping the build cleanly. A signal that arrives meanwhile is delivered
        # right after; the worker lets them through again first thing (_work).
        held = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        theirs.close()  # so that the worker's end closing reaches us as EOF
        _Worker.alive.append(self)
        self.assigned: list[int] = []
        self.sent = 0

    def wants_more(self) -> bool:
        return len(self.assigned) < self._AHEAD and self.sent < _ARTICLES_PER_WORKER

    def retiring(self) -> bool:
        return self.sent >= _ARTICLES_PER_WORKER and not self.assigned

    def send(self, index: int) -> None:
        self.connection.send(index)
        self.assigned.append(index)
        self.sent += 1

    def receive(self) -> tuple[list[tuple[int, Outcome]], list[int]]:
        """Outcomes read, and the articles handed back unstarted (if the worker died)."""
        try:
            index, outcome = self.connection.recv()
        except (EOFError, OSError):
            # The worker died (killed, out of memory) while building its oldest
            # article, which fails; the others it held were not started and go to
            # another process. It is sent nothing more, and so retires.
            lost, self.assigned, self.sent = self.assigned, [], _ARTICLES_PER_WORKER
            label = self.pending[lost[0]][0].source.label
            failed = Failure(label, f"{label}: the process building it stopped unexpectedly (killed, or out "
                                    "of memory?); build it again, with --jobs 1 to see any error it meets")
            return [(lost[0], failed)], lost[1:]
        self.assigned.remove(index)
        return [(index, outcome)], []

    def stop(self) -> None:
        if self.process.is_alive() and not self.assigned:
            with contextlib.suppress(OSError):
                self.connection.send(None)
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.connection.close()
        if self in _Worker.alive:
            _Worker.alive.remove(self)


def _exit_with_parent(parent: int) -> None:
    """Have the kernel send this process SIGTERM when its parent dies (Linux); and
    if the parent is already gone, go. A worker left running after a killed build
    would hold the caller's stdout and the output folder's lock for hours."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:
        sys.exit(1)


def _work(connection, pending: list[tuple[ArticleRef, str]], config: BuildConfig,
          parent_ends=(), parent: int | None = None) -> None:
    """A worker's loop: build each index received, until None (or the parent's end
    of the pipe closes: the parent died)."""
    for end in parent_ends:
        with contextlib.suppress(OSError):
            end.close()
    if parent is not None:
        _exit_with_parent(parent)
    # What the main process built up before this fork (its caches, warm from the
    # articles it built) is kept out of the worker's collections too: traversing it
    # would write to every object's header, copying the pages shared with it.
    gc.freeze()
    # Ctrl-C is the main process's to handle: it stops the workers. Stopped, a
    # worker unwinds (SystemExit), so a file it was writing leaves no temporary behind.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)  # held back by the fork (_Worker)
    try:
        while (index := connection.recv()) is not None:
            ref, key = pending[index]
            connection.send((index, _build_or_fail(ref, config, key, warn=_worker_warn)))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # the parent is gone: nobody wants the outcomes


def build_combined(refs: list[ArticleRef], config: BuildConfig, warn: Warn | None = None) -> Path:
    """OUT/all.apkg: every article's notes, each word once (see export/combined.py).

    Each article is read back from its manifest (the view it was built from,
    serialised), with its audio from the clip cache or its deck folder, so no article
    is studied twice. One whose manifest cannot be read, or whose audio is gone from
    both places, is studied again (a study is pure; its audio comes from the cache
    or is made again)."""
    from .export.combined import COMBINED_NAME, write_combined

    views = []
    again = []
    for ref in refs:
        view = _built_view(config, ref.id)
        if view is None:
            again.append(ref)
        views.append(view)
    lexicon = load_lexicon()  # also tells apart words of different articles
    if again:
        audio = resolve_engine(config.audio)  # the build has warned already, if it had to
        studied = iter(from_study(with_audio(study(r.load(), config, lexicon), audio, warn=warn)) for r in again)
        views = [view if view is not None else next(studied) for view in views]
    return write_combined(views, config.out_dir / COMBINED_NAME, lexicon)


def _built_view(config: BuildConfig, article_id: str) -> ArticleView | None:
    """A built article's view, from its vocab.json; None when it cannot be read whole
    (no manifest, an unreadable one, or an audio file that is nowhere to be found)."""
    import json

    from .audio.cache import media_name
    from .cachedir import user_cache_dir

    folder = config.out_dir / article_id
    clip_dirs = [
        (Path(config.audio.cache_dir) if config.audio.cache_dir else user_cache_dir() / "audio") / "clips",
        folder / MEDIA_DIR,
    ]
    missing: list[str] = []

    def locate(name: str) -> str:
        for directory in clip_dirs:
            path = directory / name
            with contextlib.suppress(OSError):
                if media_name(path.read_bytes()) == name:  # content-hashed: the right sound
                    return str(path)
        missing.append(name)
        return ""

    try:
        data = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        view = from_manifest(data, locate)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    return None if missing else view
