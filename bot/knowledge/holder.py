"""The knowledge a running bot answers from, reloadable without a restart.

    holder = KnowledgeHolder.load()          # raises KnowledgeLoadError if invalid at start
    kb = holder.kb                           # read it afresh for each question
    result = holder.reload()                 # after editing knowledge/: swap in if valid
    if not result.ok:
        print(result.summary())              # the errors, `file:line: field: problem`
    install_sighup(holder, on_result=print)  # `kill -HUP <pid>` reloads too (POSIX)
    await watch_folder(holder, 60, on_result=print)  # or: reload when a file changes

A reload loads and lints a fresh copy (``bot.knowledge.check.load_checked``) and swaps
it in only when it is valid; otherwise the last good knowledge stays in use and the
result lists the errors. Nothing here knows about Telegram.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot import clock
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.check import load_checked
from bot.knowledge.errors import KnowledgeError, KnowledgeLoadError
from bot.knowledge.loader import knowledge_dir
from bot.knowledge.staleness import stale_warnings

log = logging.getLogger(__name__)
Loader = Callable[[Path | None], KnowledgeBase]


@dataclass(frozen=True)
class ReloadResult:
    ok: bool  # True: the fresh knowledge is now in use
    errors: tuple[KnowledgeError, ...] = ()  # why not (each has .file, .line, .field, .message)
    folder: str = ""  # what was read
    notices: int = 0  # of the knowledge now in use
    regions: int = 0
    policy_years: tuple[int, ...] = ()
    generation: int = 0  # holder.generation after the reload (+1 on each successful swap)
    warnings: tuple[str, ...] = ()  # stale regions, as `knowledge check` words them
    finished_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def messages(self) -> list[str]:
        """The errors as `file:line: field: problem` lines."""
        return [str(e) for e in self.errors]

    def summary(self) -> str:
        """A short report for the maintainer (a /reload reply, a log line)."""
        years = ", ".join(str(y) for y in self.policy_years)
        if self.ok:
            lines = [f"reloaded {self.folder}: {self.notices} notices, {self.regions} regions, "
                     f"policy years {years}"]
            lines += list(self.warnings)
        else:
            lines = [f"not reloaded: {len(self.errors)} error(s) in {self.folder}; still answering "
                     f"from the previous knowledge ({self.notices} notices, policy years {years})"]
            lines += self.messages
        return "\n".join(lines)


class KnowledgeHolder:
    """Thread-safe holder of the current :class:`KnowledgeBase`.

    ``.kb`` is always a complete, valid knowledge base: readers never see a half-loaded
    one. Take it once per question (``kb = holder.kb``) so one answer uses one version.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        folder: Path | str | None = None,
        *,
        loader: Loader | None = None,
        today: Callable[[], dt.date] = clock.today,
    ) -> None:
        self._kb = kb
        self._folder = Path(folder) if folder is not None else None
        self._loader = loader or load_checked
        self._today = today
        self._lock = threading.Lock()  # one reload at a time; swaps are atomic
        self._generation = 0
        self._last: ReloadResult | None = None
        self._seen = folder_signature(self.folder)  # the files as the last load found them

    @classmethod
    def load(cls, folder: Path | str | None = None, **kwargs) -> KnowledgeHolder:
        """Load and lint ``folder`` (default: ``knowledge_dir()``); raises KnowledgeLoadError."""
        loader = kwargs.get("loader") or load_checked
        path = Path(folder) if folder is not None else None
        return cls(loader(path), path, **kwargs)

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb

    @property
    def folder(self) -> Path:
        """The folder reloads read: the one given, else ``YIBAO_KNOWLEDGE_DIR`` / knowledge/."""
        return self._folder or knowledge_dir()

    @property
    def generation(self) -> int:
        """0 at start, +1 each time a reload swaps in new knowledge."""
        return self._generation

    @property
    def last_result(self) -> ReloadResult | None:
        return self._last

    def files_changed(self) -> bool:
        """Whether the folder's YAML files differ (added, removed, edited) from the last load."""
        return folder_signature(self.folder) != self._seen

    def reload(self) -> ReloadResult:
        """Load + lint a fresh copy; swap it in only if valid. Never raises for bad files."""
        with self._lock:
            folder = self.folder
            self._seen = folder_signature(folder)  # taken first: an edit during the load shows next time
            try:
                fresh = self._loader(self._folder)
            except KnowledgeLoadError as exc:
                result = self._result(False, folder, tuple(exc.errors))
            except Exception as exc:  # unreadable folder, a bug: keep serving the old knowledge
                error = KnowledgeError(str(folder), None, "", f"{type(exc).__name__}: {exc}")
                result = self._result(False, folder, (error,))
            else:
                self._kb = fresh
                self._generation += 1
                result = self._result(True, folder, (), self._warnings(fresh))
            self._last = result
            return result

    def _warnings(self, kb: KnowledgeBase) -> tuple[str, ...]:
        try:
            return tuple(stale_warnings(kb, self._today()))
        except Exception:  # a warning must never block a good reload
            return ()

    def _result(
        self, ok: bool, folder: Path, errors: tuple[KnowledgeError, ...], warnings: tuple[str, ...] = ()
    ) -> ReloadResult:
        kb = self._kb
        return ReloadResult(
            ok=ok,
            errors=errors,
            folder=str(folder),
            notices=len(kb.notices),
            regions=len(kb.regions),
            policy_years=tuple(kb.policy_years()),
            generation=self._generation,
            warnings=warnings,
        )


OnResult = Callable[[ReloadResult], object]
Signature = tuple[tuple[str, int, int], ...]


def folder_signature(folder: Path) -> Signature | None:
    """(name, size, modification time) of each YAML file: cheap to take, and it changes when
    a notice is added, removed or saved. None when the folder cannot be read."""
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return None
    return tuple((p.name, *_size_and_time(p)) for p in files)


def _size_and_time(path: Path) -> tuple[int, int]:
    # One unreadable entry (a symlink loop, a file removed meanwhile) must not hide edits
    # to the others: the signature would stay None and the watcher would never reload.
    try:
        st = path.stat()
    except OSError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


async def watch_folder(
    holder: KnowledgeHolder,
    every: float,
    on_result: OnResult | None = None,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Every ``every`` seconds, reload ``holder`` if its files changed; runs until cancelled.

    This is how several processes serving one bot all pick up a new notice: /reload
    reaches one of them and SIGHUP has to be sent to each. A broken file is reported once
    and tried again only when it changes; the last good knowledge keeps serving meanwhile.
    """
    while True:
        await sleep(every)
        if holder.files_changed():
            result = await asyncio.to_thread(holder.reload)
            if on_result is not None:
                on_result(result)


def install_sighup(
    holder: KnowledgeHolder,
    on_result: OnResult | None = None,
    *,
    loop: asyncio.AbstractEventLoop | None = None,
) -> Callable[[], None]:
    """Reload ``holder`` whenever the process gets SIGHUP; returns a function that uninstalls.

    Without ``loop`` a plain signal handler is installed (call from the main thread); the
    reload runs in a short-lived daemon thread and ``on_result`` is called there. With a
    running asyncio ``loop`` (e.g. the Telegram application's) the handler is added with
    ``loop.add_signal_handler``, the reload runs in the loop's default executor and
    ``on_result`` is called in the loop's thread. On platforms without SIGHUP (Windows)
    nothing is installed and the returned function does nothing.
    """
    sighup = getattr(signal, "SIGHUP", None)
    if sighup is None:
        return lambda: None

    def report(result: ReloadResult) -> None:
        if on_result is not None:
            on_result(result)

    if loop is not None:
        def on_signal_in_loop() -> None:
            future = loop.run_in_executor(None, holder.reload)
            future.add_done_callback(lambda f: report(f.result()) if not f.cancelled() else None)

        loop.add_signal_handler(sighup, on_signal_in_loop)
        return lambda: loop.remove_signal_handler(sighup)

    def on_signal(signum: int, frame: object) -> None:
        threading.Thread(target=lambda: report(holder.reload()), name="knowledge-reload",
                         daemon=True).start()

    previous = signal.signal(sighup, on_signal)

    def uninstall() -> None:
        signal.signal(sighup, previous if previous is not None else signal.SIG_DFL)

    return uninstall


def log_automatic_reload(result: ReloadResult) -> None:
    """An automatic reload's result, for the log: one line when it worked, every error when
    not (the last good knowledge keeps serving either way)."""
    lines = result.summary().splitlines()
    if result.ok:
        log.info("knowledge files changed: %s", lines[0])
    else:
        log.error("knowledge files changed: %s", "\n".join(lines))
