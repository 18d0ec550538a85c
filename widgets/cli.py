"""``after-sales``: one command for everything a tutor or maintainer runs, with or without ``make``.

    after-sales check            check the content files after editing them
    after-sales worksheets       printable worksheets and answer sheets for every lesson
    after-sales moodle           the activities as a Moodle XML question bank
    after-sales rolecards        printable role cards for live role-play
    after-sales class-report     the class overview from a folder of learners' progress files
    after-sales moderation       add tutors' moderations of written answers to the marking corpus
    after-sales lab              open the lessons in JupyterLab
    after-sales app              open the lessons as an app without code (Voilà)

``python -m widgets ...`` runs the same command; the Makefile's targets call it too, so there is
one implementation. Every subcommand has ``--help``.

Why argparse: it is in the standard library, so the command adds no dependency to a pack that
installs into Colab and college hubs without replacing what is there; subcommands and ``--help``
come built in; and it behaves the same on Windows, macOS and Linux (paths are ``pathlib``, no
shell is involved).

What a tutor sees: results on stdout; progress on long work ("worksheets: lesson 05 (6 of 15)")
and errors on stderr. An error is one plain sentence and an exit status, never a traceback:
2 for bad input (a folder that is not there, a lesson number no notebook has, a wrong option),
1 when the work failed (content with problems, a file that could not be written). Anything
unexpected is one sentence too, and ``--debug`` shows the traceback for a bug report.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Callable, Sequence

from ._base import TUTOR_ENV
from .tutor.class_overview import read_class_folder
from .tutor.class_report import class_report_text, plain, write_demo_class
from .content import KINDS, ContentError, check_all, data_dir
from .export.activities import ContentCache, Lesson, lesson_paths, lessons_dir, load_lesson
from .export.check import validate
from .export.moodle import export_xml
from .export.worksheets import write_index, write_lesson_sheets
from .activities.flowchart import dot_available
from .tutor.moderation_files import ANSWERS_FILE, MARKS_FILE, add_corpus_cases, read_files
from .tutor.rolecards import write_role_cards

PROG = "after-sales"
#: Exit statuses: the input was wrong (the tutor can fix the command), or the work failed.
BAD_INPUT = 2
FAILED = 1

DEFAULT_WORKSHEETS = Path("build") / "worksheets"
DEFAULT_MOODLE = Path("build") / "moodle" / "after-sales.xml"
DEFAULT_ROLECARDS = Path("build") / "rolecards"
START_PAGE = "00-start-here.ipynb"


class CommandError(Exception):
    """One plain sentence for the tutor, and the exit status that goes with it."""

    def __init__(self, message: str, status: int = FAILED):
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse, but a wrong command line is one sentence (with where to look), not usage plus a message."""

    def error(self, message: str):  # type: ignore[override]
        raise CommandError(f"{self.prog}: {message} (see {self.prog} --help).", BAD_INPUT)


def say(command: str, message: str) -> None:
    """A line of progress on stderr, so that stdout holds only the results."""
    print(f"{command}: {message}", file=sys.stderr, flush=True)


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


# --------------------------------------------------------------------------- shared checks


def content_folder(folder: Path | None = None) -> Path:
    """The content folder to use, or a CommandError saying how to name one."""
    folder = Path(folder) if folder is not None else data_dir()
    if not folder.is_dir():
        raise CommandError(
            f"There is no content folder at {folder}: give the folder that holds the pack's content files "
            "(its data/ folder), or set AFTER_SALES_DATA_DIR to it.",
            BAD_INPUT,
        )
    return folder


def lessons_folder(folder: Path | None) -> Path:
    """The lessons folder to use, or a CommandError saying how to name one."""
    folder = Path(folder) if folder is not None else lessons_dir()
    if not folder.is_dir():
        raise CommandError(
            f"There is no lessons folder at {folder}: run this in the pack's folder, or give --lessons DIR.",
            BAD_INPUT,
        )
    return folder


def lesson_number(text: str) -> str:
    """``5`` or ``05`` -> ``"05"``, for ``--lesson``."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a lesson number (for example 05)")
    return f"{int(text):02d}"


def read_lessons(args: argparse.Namespace, command: str, each: Callable[[Lesson], None] | None = None) -> list[Lesson]:
    """Load the chosen lessons with a line of progress for each notebook; ``each`` handles one as soon as it is read.

    A lesson without activities (the start page) is left out. No lesson left is bad input.
    """
    content_folder()
    folder = lessons_folder(args.lessons)
    paths = lesson_paths(folder, args.lesson)
    cache = ContentCache()
    lessons = []
    for n, path in enumerate(paths, start=1):
        say(command, f"lesson {path.name[:2]} ({n} of {len(paths)})")
        lesson = load_lesson(path, cache)
        if lesson.activities or lesson.problems:
            if each is not None:
                each(lesson)
            lessons.append(lesson)
    if not lessons:
        wanted = f" numbered {', '.join(args.lesson)}" if args.lesson else ""
        raise CommandError(f"No lesson notebook{wanted} with activities in {folder}.", BAD_INPUT)
    return lessons


# --------------------------------------------------------------------------- the subcommands


def run_check(args: argparse.Namespace) -> int:
    """Check every content file; one line per problem."""
    folder = content_folder(args.folder)
    problems, files, tasks = check_all(folder)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{_plural(len(problems), 'problem')} found in {folder}.", file=sys.stderr)
        return FAILED
    kinds = ", ".join(sorted(KINDS))
    print(f"All content is valid: {tasks} activities in {files} files ({kinds}).")
    return 0


def run_worksheets(args: argparse.Namespace) -> int:
    """Write each lesson's worksheet and answer sheet as it is read, then the index."""
    written: list[Path] = []
    lessons = read_lessons(args, "worksheets", lambda lesson: written.extend(write_lesson_sheets(args.outdir, lesson)))
    written.append(write_index(args.outdir, lessons))
    print(
        f"Wrote {_plural(len(written), 'page')} for {_plural(len(lessons), 'lesson')} to {args.outdir} (open index.html)."
    )
    if not dot_available():
        print("Graphviz's dot is not installed, so flowcharts are printed as text lists.")
    problems = sum(len(lesson.problems) for lesson in lessons)
    if problems:
        print(
            f"{_plural(problems, 'activity', 'activities')} could not be loaded (named on their pages): "
            f"run {PROG} check to see why.",
            file=sys.stderr,
        )
        return FAILED
    return 0


def run_moodle(args: argparse.Namespace) -> int:
    """Write the chosen lessons' activities as one Moodle XML file, checked before it is written."""
    lessons = read_lessons(args, "moodle")
    xml, report = export_xml(lessons)
    problems = validate(xml)
    if problems:
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        raise CommandError("The Moodle XML does not pass its structural check (above), so it was not written.")
    args.outfile.parent.mkdir(parents=True, exist_ok=True)
    args.outfile.write_text(xml, encoding="utf-8")
    print(
        f"Wrote {report.questions} questions from {_plural(len(lessons), 'lesson')} to {args.outfile} "
        "(Moodle: Question bank > Import > Moodle XML format)."
    )
    if report.skipped:
        print(f"Not exported ({len(report.skipped)} activities):")
        for reason in sorted({reason for _, reason in report.skipped}):
            ids = sorted({i for i, r in report.skipped if r == reason})
            print(f"  - {', '.join(ids)}: {reason}")
    multi = [(i, what) for i, what in report.lossy if "categories" in what]
    if multi:
        print(
            f"Sorting cards right in more than one category ({len(multi)}): "
            "Moodle's matching question takes one answer each:"
        )
        for task_id, what in multi:
            print(f"  - {task_id}: {what}")
    for problem in (p for lesson in lessons for p in lesson.problems):
        print(f"Could not load: {problem}", file=sys.stderr)
    return 0


def run_rolecards(args: argparse.Namespace) -> int:
    """Write the role cards for every scenario."""
    content_folder()
    try:
        paths = write_role_cards(args.outdir)
    except ContentError as error:
        raise CommandError(
            f"The scenario files have {_plural(len(error.problems), 'problem')}, so no role cards were written: "
            f"run {PROG} check to see them."
        ) from error
    print(f"Wrote role cards for {_plural(len(paths) - 1, 'scenario')} to {args.outdir} (open index.html and print).")
    return 0


def run_class_report(args: argparse.Namespace) -> int:
    """Read a folder of exported progress files and print (or write) the class overview."""
    if args.demo:
        with tempfile.TemporaryDirectory(prefix="after-sales-demo-") as scratch:
            say("class-report", "a demo class of made-up learners")
            return class_report(write_demo_class(Path(scratch) / "class"), args)
    if args.folder is None:
        raise CommandError(
            "Give the folder of learners' progress files (or --demo to see a made-up class); "
            f"see {PROG} class-report --help.",
            BAD_INPUT,
        )
    if not args.folder.is_dir():
        raise CommandError(
            f"There is no folder at {args.folder}: give the folder you put the progress files in.", BAD_INPUT
        )
    return class_report(args.folder, args)


def class_report(folder: Path, args: argparse.Namespace) -> int:
    """The report on one folder, with a progress line for every tenth of the files."""

    def progress(n: int, total: int) -> None:
        if n == total or n % max(1, total // 10) == 0:
            say("class-report", f"file {n} of {total}")

    overview = read_class_folder(folder, pseudonymise=not args.names, progress=progress)
    if not overview.learners:
        for message in overview.messages:
            print(f"- {plain(message)}", file=sys.stderr)
        raise CommandError(f"No learner's progress could be read from {folder}.", BAD_INPUT)
    report = class_report_text(overview)
    if args.out is None:
        print(report, end="")
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
        print(f"Wrote the class overview of {_plural(len(overview.learners), 'learner')} to {args.out}.")
    return 0


def run_moderation(args: argparse.Namespace) -> int:
    """Turn tutors' moderations (in progress files and moderation files) into marking-corpus cases."""
    found = read_files(args.files)
    for message in found.messages:
        print(message)
    try:
        cases, messages = add_corpus_cases(found, args.out)
    except tomllib.TOMLDecodeError as error:
        raise CommandError(
            f"Nothing written: {args.out} holds a corpus file that is not valid TOML ({error})."
        ) from error
    for message in messages:
        print(message)
    if not cases:
        print("No new corpus cases.")
        return 0 if found.entries or not found.messages else FAILED
    where = f"{args.out / ANSWERS_FILE} and {args.out / MARKS_FILE}"
    print(f"{_plural(len(cases), 'case')} added to {where}.")
    return 0


def launch(command: list[str], env: dict[str, str], cwd: Path) -> int:
    """Run a Jupyter server in the foreground until it stops; its exit status.

    Ctrl+C is Jupyter's to handle (it asks whether to shut down), so it does not end the wait.
    """
    process = subprocess.Popen(command, env=env, cwd=cwd)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


def jupyter(
    args: argparse.Namespace, module: str, needs: str, name: str
) -> tuple[list[str], dict[str, str], Path, str]:
    """What ``lab`` and ``app`` share: the pack's folder, its Jupyter settings, tutor mode and a feedback file.

    Returns the command's start (``python -m module --port=N``), the environment, the folder to serve
    and the start page as Jupyter names it there (``lessons/00-start-here.ipynb``); ``needs`` is the
    package that must be installed, called ``name``.
    """
    folder = lessons_folder(args.lessons).resolve()
    if not (folder / START_PAGE).is_file():
        raise CommandError(
            f"There is no {START_PAGE} in {folder}: give --lessons the pack's lessons folder.", BAD_INPUT
        )
    if importlib.util.find_spec(needs) is None:
        raise CommandError(
            f'{name} is not installed for this Python: install it with python -m pip install -e ".[lab]" '
            "in the pack's folder, then run this again."
        )
    root = folder.parent
    env = dict(os.environ)
    # jupyter-config/: the pack's JupyterLab defaults (no news toast, slide theme), Voilà's settings
    # (voila.py) and its template (found on JUPYTER_PATH).
    config = root / "jupyter-config"
    if config.is_dir():
        for variable in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
            env[variable] = os.pathsep.join(filter(None, [str(config), env.get(variable)]))
    if args.tutor:
        env[TUTOR_ENV] = "1"
    if args.feedback_file is not None:
        from .feedback.load import FEEDBACK_FILE_VARIABLE  # here: the feedback package loads pandas

        chosen = args.feedback_file.expanduser().resolve()
        if not chosen.is_file():
            raise CommandError(f"There is no file at {chosen}: give your anonymised feedback export.", BAD_INPUT)
        env[FEEDBACK_FILE_VARIABLE] = str(chosen)
    command = [sys.executable, "-m", module, f"--port={args.port}"]
    if getattr(os, "geteuid", lambda: None)() == 0:
        command.append("--allow-root")  # in a container, as root: Jupyter refuses to start without it
    if not dot_available():
        say(args.command, "Graphviz's dot is not installed, so flowcharts are drawn in the browser instead.")
    return command, env, root, (folder / START_PAGE).relative_to(root).as_posix()


def run_lab(args: argparse.Namespace) -> int:
    """Open the start page in JupyterLab, as ``make lab`` does."""
    command, env, root, start = jupyter(args, "jupyterlab", "jupyterlab", "JupyterLab")
    return launch([*command, start], env, root)


def run_app(args: argparse.Namespace) -> int:
    """Open the start page as an app in Voilà, with JupyterLab on the same server, as ``make app`` does."""
    # Voilà runs as an extension of a Jupyter server that serves JupyterLab too (for the notes' links).
    command, env, root, start = jupyter(args, "jupyter_server", "voila", "Voilà")
    return launch(
        [
            *command,
            "--ServerApp.open_browser=True",
            f"--ServerApp.default_url=/voila/render/{start}",
            # Voilà 0.5's request to stop a closed page's kernel is refused (no _xsrf): stop idle ones instead.
            "--MappingKernelManager.cull_idle_timeout=600",
            "--MappingKernelManager.cull_interval=60",
        ],
        env,
        root,
    )


# --------------------------------------------------------------------------- the parser


def _output(parser: argparse.ArgumentParser, name: str, default: Path, what: str) -> None:
    parser.add_argument(name, nargs="?", type=Path, default=default, help=f"{what} (default: {default})")


def _lesson_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lesson", action="append", default=[], type=lesson_number, metavar="NN", help="only this lesson (repeatable)"
    )
    parser.add_argument(
        "--lessons", type=Path, default=None, metavar="DIR", help="the folder of lesson notebooks (default: lessons/)"
    )


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The command line: one subcommand per job, each with its own --help."""
    debug = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: --debug after the subcommand must not reset one given before it.
    debug.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show the full error (for a bug report)"
    )
    parser = _Parser(
        prog=prog,
        usage=f"{prog} [--debug] COMMAND [options]",
        description="After-Sales Lessons: check the content, print worksheets and role cards, export to Moodle,\n"
        f"report on a class and open the lessons. {prog} COMMAND --help says what a command does.",
        parents=[debug],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    # The list of commands is the epilog, laid out here: argparse's own list wraps long names.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS)
    listed: list[str] = []

    def command(name: str, summary: str, description: str, run: Callable[[argparse.Namespace], int]):
        listed.append(f"  {name:<14}{summary}")
        parser.epilog = "commands:\n" + "\n".join(listed)
        sub = commands.add_parser(
            name,
            prog=f"{prog} {name}",
            description=description,
            parents=[debug],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(run=run)
        return sub

    check = command(
        "check",
        "check the content files after editing them",
        "Check every content file (activities, questions, scenarios, law, policies).\n"
        "Prints one line per problem, naming the file, the activity id and the field, or one line\n"
        "saying all is valid. Exit status 1 when there are problems.",
        run_check,
    )
    check.add_argument("folder", nargs="?", type=Path, help="the content folder (default: the pack's data/)")

    worksheets = command(
        "worksheets",
        "printable worksheets and answer sheets for every lesson",
        "Write a worksheet for learners and an answer sheet for tutors for each lesson, as web pages\n"
        "to print (A4). Open index.html in the folder to find them.",
        run_worksheets,
    )
    _output(worksheets, "outdir", DEFAULT_WORKSHEETS, "where to write them")
    _lesson_options(worksheets)

    moodle = command(
        "moodle",
        "the activities as a Moodle XML question bank",
        "Write the lessons' activities as one Moodle XML file, checked before it is written.\n"
        "In Moodle: Question bank > Import > Moodle XML format. Activities Moodle has no question\n"
        "type for (branching scenarios, flowcharts, charts) are listed as not exported.",
        run_moodle,
    )
    _output(moodle, "outfile", DEFAULT_MOODLE, "the .xml file to write")
    _lesson_options(moodle)

    rolecards = command(
        "rolecards",
        "printable role cards for live role-play",
        "Write one page per scenario: a customer card, an adviser card with the policy clauses,\n"
        "and an observer checklist. Open index.html in the folder and print.",
        run_rolecards,
    )
    _output(rolecards, "outdir", DEFAULT_ROLECARDS, "where to write them")

    report = command(
        "class-report",
        "the class overview from a folder of learners' progress files",
        "Read the progress files learners downloaded from their My progress page and sent you, all in\n"
        "one folder, and report: who attempted each activity and reached full marks, the spread of\n"
        "scores, the most common first-attempt mistakes with the explanation to discuss, and one line\n"
        "per learner. Damaged, duplicate or foreign files are skipped with a message naming them.\n"
        "Names are hidden (Learner 1, Learner 2, ...) unless you ask for them with --names.",
        run_class_report,
    )
    report.add_argument("folder", nargs="?", type=Path, help="the folder of progress files (.json)")
    report.add_argument("--out", type=Path, metavar="FILE", help="write the report to this text file, not the screen")
    report.add_argument("--names", action="store_true", help="show learners' names and file names (do not project it)")
    report.add_argument("--demo", action="store_true", help="report on a made-up class, to see what the report shows")

    moderation = command(
        "moderation",
        "add tutors' moderations of written answers to the marking corpus",
        "Turn the moderations in exported progress files and tutors' moderation files into\n"
        f"marking-corpus cases ({ANSWERS_FILE} and {MARKS_FILE} in the corpus\n"
        "folder), to check the written-answer marker against. Nothing already there is changed,\n"
        "and a case is never added twice.",
        run_moderation,
    )
    moderation.add_argument("files", nargs="+", type=Path, help="exported progress files and moderation files")
    moderation.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="the corpus folder, e.g. tests/marking-corpus"
    )

    for name, summary, description, run in (
        (
            "lab",
            "open the lessons in JupyterLab",
            "Start JupyterLab at the start page (lessons/00-start-here.ipynb) with the pack's settings,\n"
            "as make lab does. Stop it with Ctrl+C in this window.",
            run_lab,
        ),
        (
            "app",
            "open the lessons as an app, without code (Voilà)",
            "Start the lessons as an app in the browser (Voilà): no code cells or notebook menus, the\n"
            "activities live, progress saved as in JupyterLab. As make app does. Stop it with Ctrl+C.",
            run_app,
        ),
    ):
        server = command(name, summary, description, run)
        server.add_argument("--port", type=int, default=8888, help="the port to serve on (default: 8888)")
        server.add_argument(
            "--tutor", action="store_true", help="tutor mode: every activity opens with its solution shown"
        )
        server.add_argument(
            "--feedback-file",
            type=Path,
            metavar="CSV",
            help="your own anonymised feedback export, for lessons 07 to 09",
        )
        server.add_argument(
            "--lessons",
            type=Path,
            default=None,
            metavar="DIR",
            help="the folder of lesson notebooks (default: lessons/)",
        )
    return parser


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("after-sales-lessons")
    except metadata.PackageNotFoundError:
        return "(not installed)"


# --------------------------------------------------------------------------- the entry point


def main(argv: Sequence[str] | None = None, prog: str = PROG) -> int:
    """Run one command line; return its exit status (``after-sales`` and ``python -m widgets``)."""
    if argv is None:
        argv = sys.argv[1:]
        for stream in (sys.stdout, sys.stderr):  # a Windows console that cannot show a character shows '?'
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
    argv = list(argv)
    debug = "--debug" in argv
    try:
        parser = build_parser(prog)
        try:
            args, extra = parser.parse_known_args(argv)
        except SystemExit as stop:  # --help and --version
            return int(stop.code or 0)
        if args.command is None:
            parser.print_help()
            return BAD_INPUT
        if extra:  # named here so that the sentence points to the subcommand's own --help
            raise CommandError(
                f"{prog} {args.command}: unrecognized arguments: {' '.join(extra)} (see {prog} {args.command} --help).",
                BAD_INPUT,
            )
        return args.run(args)
    except CommandError as error:
        print(error, file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except OSError as error:
        if debug:
            raise
        where = f" {error.filename}" if error.filename else ""
        print(f"Could not use{where}: {error.strerror or error}.", file=sys.stderr)
        return FAILED
    except Exception as error:
        if debug:
            raise
        print(f"Something went wrong ({type(error).__name__}: {error}); run with --debug for details.", file=sys.stderr)
        return FAILED
