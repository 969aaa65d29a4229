"""Worker processes for reading and extraction: one file at a time each, with a time limit per file.

Why not `concurrent.futures.ProcessPoolExecutor`: it cannot stop one task. Here a worker that runs past
its file's time limit is killed and replaced, and the file is reported as too slow; a worker that
dies (a crash in C code, the OOM killer) costs only its file. Workers die with their parent whatever
killed it (PR_SET_PDEATHSIG, plus a watchdog on os.getppid()), and the parent kills every worker
when it leaves `run_pool` by any path, including SIGTERM or Ctrl-C.

`run_isolated` runs one whole task (the bot's update) in a child forked from a fork server rather than
from the caller, which may have threads (see `start_isolation`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from multiprocessing.connection import Connection, wait
from typing import Any

from bot.errors import FactbotError
from bot.model import FileFailure

PR_SET_PDEATHSIG = 1


class Stopped(BaseException):
    """SIGTERM or SIGINT during an ingest: unwinds like KeyboardInterrupt, so every `finally` runs
    (workers killed, temporary index removed) and the previous index stays as it was."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def workers() -> int:
    """Extraction worker processes for a bulk ingest: `limits.ingest_workers` in config/settings.yaml, or
    FACTBOT_WORKERS; 0 (the default) is every core this process may run on. It was two whatever the
    machine, so an 8-core server read its files on two."""
    from bot.settings import load_settings

    raw = os.environ.get("FACTBOT_WORKERS", "").strip()
    n = int(raw) if raw.isdigit() else load_settings().limit("ingest_workers", 0)
    return n if n > 0 else max(1, len(os.sched_getaffinity(0)))


# Set by the signal handler as well as raised from it: an exception raised while a fork callback runs
# (logging's at-fork lock release) is swallowed by the interpreter, so the pool also checks this.
_stop: list[int] = []


def request_stop(signum: int) -> None:
    _stop.append(signum)
    raise Stopped(signum)


def _check_stop() -> None:
    if _stop:
        raise Stopped(_stop[0])


_HELD = {signal.SIGTERM, signal.SIGINT}


class _signals_held:  # noqa: N801 - a `with` block
    """Hold SIGTERM/SIGINT while a worker is forked and registered: a handler raising inside the fork's
    callbacks would be swallowed (with a traceback), and a worker not yet in the pool would escape the
    cleanup. Held signals are delivered when the block ends."""

    def __enter__(self) -> None:
        self._old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)

    def __exit__(self, *exc) -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, self._old)


# Seconds one file may take in a worker; the bot sets a tighter limit for uploads (see `time_limit`).
FILE_SECONDS: ContextVar[float | None] = ContextVar("FILE_SECONDS", default=None)


class time_limit:  # noqa: N801 - used as a `with` statement, like a function
    """`with time_limit(60): build_index(...)`: each file read in this block gets at most 60 s."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        self._token = FILE_SECONDS.set(self.seconds)

    def __exit__(self, *exc) -> None:
        FILE_SECONDS.reset(self._token)


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when the parent dies, by any signal, and check it has not already."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the watchdog below still works
        pass
    if os.getppid() != parent:
        os._exit(1)

    def watchdog() -> None:
        # The fallback while a file is being processed: the pipe's EOF is only noticed between files.
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watchdog, daemon=True, name="parent-watchdog").start()


def _worker_main(conn: Connection, parent: int, func: Callable[..., Any]) -> None:
    die_with_parent(parent)
    # Ctrl-C reaches the whole process group; the parent decides, the worker does not print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held by the parent while it forked
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if task is None:
            os._exit(0)
        try:
            result = func(*task)
        except BaseException as exc:  # noqa: BLE001 - one file's failure is that file's result
            result = FileFailure(task[0], f"failed ({exc.__class__.__name__})")
        try:
            conn.send(result)
        except (BrokenPipeError, EOFError, OSError):
            os._exit(0)
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send(FileFailure(task[0], f"failed ({exc.__class__.__name__})"))


class _Worker:
    def __init__(self, ctx, func: Callable[..., Any]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, os.getpid(), func), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple | None = None
        self.deadline = float("inf")

    def give(self, task: tuple, seconds: float | None) -> None:
        self.task = task
        self.deadline = time.monotonic() + seconds if seconds else float("inf")
        self.conn.send(task)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


# Another engine for `run_pool`'s tasks, set for the duration of a `with` block (`bot.ingest.cluster`
# sets a Dask cluster's): same arguments, same results, only the processes are elsewhere.
RUNNER: ContextVar[Callable[..., None] | None] = ContextVar("RUNNER", default=None)


def run_pool(
    func: Callable[..., Any],
    tasks: Iterable[tuple],
    workers: int,
    seconds: float | None,
    on_result: Callable[[Any], Any],
    meanwhile: Iterable[Callable[[], object]] = (),
) -> None:
    """Call func(*task) in worker processes; on_result gets each result (in completion order).

    A task's first item is its path. A task over `seconds` gives FileFailure(path, "too slow …"); a
    worker that dies gives FileFailure(path, "worker crashed …").

    `meanwhile`: the caller's own steps, run here one at a time between two looks at the workers (so
    this process works while they do, instead of waiting), every one of them, in order, before
    run_pool returns. They run in this process, never in a worker: no time limit applies to them.
    """
    steps = iter(meanwhile)
    runner = RUNNER.get()
    if runner is not None:
        runner(func, tasks, workers, seconds, on_result)
        _run_all(steps)
        return
    todo = deque(tasks)
    if not todo:
        _run_all(steps)
        return
    ctx = multiprocessing.get_context("fork")  # workers share the parent's loaded dictionaries
    pool: list = []
    try:
        for _ in range(max(1, min(workers, len(todo)))):
            with _signals_held():
                pool.append(_Worker(ctx, func))
        while True:
            _check_stop()
            _hand_out(pool, todo, ctx, func, seconds)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                break
            step = next(steps, None)
            if step is not None:
                step()
                timeout = 0.0  # only a look: the next step (or the wait) comes right after
            else:
                nearest = min(w.deadline for w in busy)
                timeout = min(1.0, max(0.0, nearest - time.monotonic()))  # wakes to see a stop request
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout)
            _check_stop()
            now = time.monotonic()
            for i, w in enumerate(pool):
                if w.task is not None:
                    _collect(pool, i, ready, now, todo, ctx, func, seconds, on_result)
    finally:
        for w in pool:
            if isinstance(w, _Worker):
                _retire(w)
    _run_all(steps)  # the steps the workers finished before


def _run_all(steps: Iterable[Callable[[], object]]) -> None:
    for step in steps:
        step()


def _hand_out(pool: list, todo: deque, ctx, func: Callable, seconds: float | None) -> None:
    """Give each idle worker a task (replacing a worker that died in between)."""
    for i, w in enumerate(pool):
        if w.task is None and todo:
            if not isinstance(w, _Worker) or not w.proc.is_alive():
                with _signals_held():
                    pool[i] = w = _Worker(ctx, func)
            w.give(todo.popleft(), seconds)


def _collect(
    pool: list, i: int, ready: list, now: float, todo: deque, ctx, func: Callable, seconds, on_result
) -> None:
    """Worker i's result if it has one; if it died or ran out of time, a FileFailure and a new worker."""
    w = pool[i]
    path = w.task[0]
    if w.conn in ready or w.conn.poll():
        try:
            result = w.conn.recv()
        except (EOFError, OSError):
            result = None
        if result is not None:
            w.task = None
            on_result(result)
            return
    if w.proc.sentinel in ready or not w.proc.is_alive() or now >= w.deadline:
        slow = now >= w.deadline and w.proc.is_alive()
        w.kill()
        code = w.proc.exitcode
        reason = (
            f"too slow (over {seconds:g} s), stopped" if slow else f"worker crashed ({_exit_reason(code)})"
        )
        with _signals_held():
            pool[i] = _Worker(ctx, func) if todo else _Dead()
        on_result(FileFailure(path, reason))


def _retire(w: _Worker) -> None:
    if w.task is None and w.proc.is_alive():
        try:
            w.conn.send(None)
        except OSError:
            pass
        w.proc.join(0.5)
    w.kill()


class _Dead:
    """A finished slot: no process, no task."""

    task = None


class Sandbox:
    """`run_pool`'s worker kept between calls, for a caller handed one task at a time (a cluster worker):
    `run(task, seconds)` is func(*task) in one long-lived child, so its warm caches serve the next file
    too (a child per file measured 20-35 % slower). Over `seconds` the child is killed (FileFailure "too
    slow"); a child that dies gives FileFailure "worker crashed"; either way the next call forks a new one."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func
        self.pool: list = [_Dead()]

    def run(self, task: tuple, seconds: float | None) -> Any:
        ctx = multiprocessing.get_context("fork")
        out: list = []
        _hand_out(self.pool, deque([task]), ctx, self.func, seconds)
        while not out:
            w = self.pool[0]
            timeout = min(1.0, max(0.0, w.deadline - time.monotonic()))
            ready = wait([w.conn, w.proc.sentinel], timeout)
            _collect(self.pool, 0, ready, time.monotonic(), deque(), ctx, self.func, seconds, out.append)
        return out[0]

    def close(self) -> None:
        if isinstance(self.pool[0], _Worker):
            _retire(self.pool[0])
        self.pool = [_Dead()]


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "no exit code"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class TooSlow(FactbotError):
    """A task run by `run_isolated` went past its time limit and was stopped."""


# The isolated child is forked from a fork server (`multiprocessing`'s "forkserver"): a process of its own,
# started once by exec, single-threaded, with the child's modules loaded. Forking the caller instead (the
# bot: an event loop, threads answering queries) copied whatever lock another thread held at that moment
# (SQLite's memory mutex, taken by every allocation): the child then waited forever on its first SQLite
# call (issue 20).
_server_lock = threading.Lock()
_preload: list[str] = ["bot.pool"]
_started: list[bool] = []


def preload_in_isolation(*modules: str) -> None:
    """Modules (names) the fork server imports once when it starts, so that every isolated child starts
    with them loaded. Called at import by the modules that use `run_isolated` (bot.ingest); effective
    only before the server starts."""
    with _server_lock:
        _preload.extend(m for m in modules if m not in _preload)


def start_isolation() -> Any:
    """The fork server of `run_isolated`, started now if it is not running. It returns at once (the
    server loads its modules on its own); the bot calls it when it starts, so the first update does not
    wait for the server to load."""
    ctx = multiprocessing.get_context("forkserver")
    from multiprocessing import forkserver

    with _server_lock:
        if not _started:
            ctx.set_forkserver_preload(list(_preload))
            _started.append(True)
        try:
            # Never with SIGTERM/SIGINT held: a process started by exec keeps the signal mask.
            forkserver.ensure_running()
        except OSError as exc:
            raise FactbotError(f"cannot start the update's process ({exc})") from exc
    return ctx


def _isolated_main(
    conn: Connection, lifeline: Connection, env: dict[str, str], func: Callable[..., Any], args: tuple
) -> None:
    # The fork server is this process's parent; the caller is not, so the pipe it holds open tells
    # whether it still lives: when it dies (even by SIGKILL) the pipe ends and so does this process,
    # and with it its own workers (PR_SET_PDEATHSIG).
    die_with_parent(os.getppid())
    threading.Thread(target=_watch_lifeline, args=(lifeline,), daemon=True, name="caller-watchdog").start()
    # The caller's environment now, not the fork server's when it started (FACTBOT_* settings).
    os.environ.clear()
    os.environ.update(env)
    from bot.settings import load_settings

    load_settings.cache_clear()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    try:
        result: tuple = ("ok", func(*args))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        result = ("error", exc)
    try:
        conn.send(result)
    except Exception as exc:  # noqa: BLE001 - an exception that cannot be pickled: its text
        conn.send(("error", FactbotError(f"{exc.__class__.__name__}: {str(result[1])[:200]}")))
    conn.close()
    os._exit(0)


def _watch_lifeline(lifeline: Connection) -> None:
    try:
        lifeline.poll(None)  # the caller never writes: readable means its end is closed
    finally:
        os._exit(1)


def run_isolated(func: Callable[..., Any], args: tuple, seconds: float | None) -> Any:
    """func(*args) in a child process and its result, or its exception raised here. Over `seconds` the
    child is killed and TooSlow raised; a child that dies raises FactbotError. The caller's process runs
    none of the work: a runaway costs the child, never the caller (the bot's event loop and other chats).

    The child is a fresh fork of the fork server (`start_isolation`), never of the caller: safe from a
    process with threads. So `func`, `args` and the result travel by pickle (`func` defined at a module's
    top level), and the child sees the caller's environment variables and working directory but not what
    the caller changed in memory; as with multiprocessing's "spawn", a script run as `__main__` is
    imported in the child (under `if __name__ == "__main__"` its own run is not). It dies with the
    caller."""
    ctx = start_isolation()
    conn, child = ctx.Pipe(duplex=False)
    lifeline, held = ctx.Pipe(duplex=False)  # the child reads `lifeline`; `held` is never written
    with _signals_held():
        # Not a daemon: it starts the worker pool itself.
        proc = ctx.Process(target=_isolated_main, args=(child, lifeline, dict(os.environ), func, args))
        proc.start()
    child.close()
    lifeline.close()
    deadline = time.monotonic() + seconds if seconds else float("inf")
    try:
        while True:
            _check_stop()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TooSlow(f"too slow (over {seconds:g} s), stopped")
            if conn.poll(min(1.0, left)):
                try:
                    status, value = conn.recv()
                except (EOFError, OSError):
                    proc.join(5)
                    raise FactbotError(f"stopped ({_exit_reason(proc.exitcode)})") from None
                if status == "error":
                    raise value
                return value
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        conn.close()
        held.close()
