"""Bulk ingest on a Dask cluster: each file's reading, cleaning and extraction is a task on the cluster's
workers; the merge and the one transaction stay in the driver (`bot.ingest._build`), unchanged.

`with on_cluster("tcp://host:8786"):` (or "local:2", a LocalCluster of two worker processes started here
on loopback) makes `bot.pool.run_pool` hand its files to the cluster instead of local processes. Why Dask
and not Ray: README, "Past one machine".

- The driver reads each file's bytes (its checks on links and folders stay where the files are) and sends
  them with the task: workers need no shared file system.
- A worker loads jieba, the dictionaries and the NER model once, when it joins (`_Warm`, a WorkerPlugin).
- Each file runs in a child forked from the worker (`bot.pool.Sandbox`), within the per-file time limit: a
  file that hangs or crashes costs only itself, never the worker nor the files queued behind it.
- A worker that dies (killed, its machine lost) has its files moved to the others by Dask's scheduler (up
  to distributed.scheduler.allowed-failures times); a file that still fails is reported as skipped.
- The driver keeps only a window of files on the cluster (two per worker thread), so a million files are
  never all in the scheduler's memory, and a stopped ingest cancels only that window.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from bot.errors import FactbotError
from bot.model import FileFailure
from bot.pool import RUNNER, Sandbox

# Seconds to reach an existing scheduler, and to wait for its first worker (tasks would wait forever).
CONNECT_WAIT = 10.0
WORKER_WAIT = 60.0
# Files in flight per worker thread: one running, one ready, so a worker never waits on the driver.
WINDOW_PER_THREAD = 2


class ClusterError(FactbotError):
    """The cluster cannot be used: the extra is not installed, the address answers not, or its workers
    cannot run the per-file child."""


@contextmanager
def on_cluster(address: str) -> Iterator[None]:
    """Within the block, `run_pool` runs its tasks on the cluster at `address`; the cluster is reached
    (or, for "local:N", started) on the first files to read, so an ingest with nothing new starts none."""
    conn = _Connection(address)
    token = RUNNER.set(conn.run)
    try:
        yield
    finally:
        RUNNER.reset(token)
        conn.close()


def parse_local(address: str) -> int | None:
    """`local:N` -> N worker processes (None: the address of an existing scheduler)."""
    if not address.startswith("local"):
        return None
    _, _, n = address.partition(":")
    if not n:
        return 2
    if not n.isdigit() or int(n) < 1:
        raise ClusterError(f"--cluster {address}: local:N wants a number of workers, N >= 1")
    return int(n)


class _Connection:
    def __init__(self, address: str) -> None:
        self.address = address
        self.workers = parse_local(address)
        self.client: Any = None
        self.cluster: Any = None
        self._config: Any = None

    def run(
        self,
        func: Callable[..., Any],
        tasks: Iterable[tuple],
        workers: int,
        seconds: float | None,
        on_result: Callable[[Any], Any],
    ) -> None:
        """`run_pool`'s contract on the cluster (`workers`, the local pool's size, does not apply)."""
        todo = deque(tasks)
        if not todo:
            return
        client = self._connect()
        from distributed import as_completed

        window = WINDOW_PER_THREAD * max(1, sum(client.nthreads().values()))
        flying: dict[str, tuple[Any, str]] = {}  # key -> (future, path)
        done = as_completed()

        def submit() -> None:
            task = todo.popleft()
            fut = client.submit(_on_worker, func, task, seconds, pure=False)
            flying[fut.key] = (fut, task[0])
            done.add(fut)

        try:
            for _ in range(min(window, len(todo))):
                submit()
            for fut in done:
                _, path = flying.pop(fut.key)
                on_result(_result(fut, path))
                if todo:
                    submit()
        finally:
            if flying:  # stopped (SIGTERM, Ctrl-C): the cluster drops what it was given
                client.cancel([f for f, _ in flying.values()])

    def _connect(self) -> Any:
        if self.client is not None:
            return self.client
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ClusterError(
                f"--cluster needs Dask distributed: pip install -e '.[cluster]' ({exc.name} is missing)"
            ) from None
        if self.workers is not None:
            # Workers fork the per-file child, which daemonic processes may not; the nanny reads this when it
            # (re)starts a worker, so it stays set for the cluster's life.
            self._config = dask.config.set({"distributed.worker.daemon": False})
            self._config.__enter__()
            self.cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                scheduler_port=0,
                # None would still bind the scheduler's HTTP routes to port 8787 (or warn and pick another)
                dashboard_address="127.0.0.1:0",
            )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(self.address, timeout=CONNECT_WAIT)
            except OSError as exc:
                raise ClusterError(f"--cluster {self.address}: no scheduler answers ({exc})") from None
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError:
            self.close()
            raise ClusterError(f"--cluster {self.address}: no worker joined in {WORKER_WAIT:g} s") from None
        try:
            self.client.register_plugin(_Warm(), name="factbot-warm")
        except Exception as exc:  # noqa: BLE001 - e.g. workers whose factbot has no cluster module
            self.close()
            raise ClusterError(
                f"--cluster {self.address}: the workers cannot load factbot ({exc.__class__.__name__}: "
                f"{str(exc)[:120]}); install the same factbot, with its [cluster] extra, on them"
            ) from None
        daemonic = [w for w, d in self.client.run(_daemonic).items() if d]
        if daemonic:
            self.close()
            raise ClusterError(
                f"--cluster {self.address}: the workers ({', '.join(daemonic)}) are daemonic processes and "
                "cannot fork the per-file child; start them with DASK_DISTRIBUTED__WORKER__DAEMON=False"
            )
        _check_same_code(self.client, self.address, self.close)
        return self.client

    def close(self) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - closing after a failure: the first error is the one to see
                    pass
        self.client = self.cluster = None
        if self._config is not None:
            self._config.__exit__(None, None, None)
            self._config = None


def _result(fut: Any, path: str) -> Any:
    """A task's Article or FileFailure; a task Dask gave up on (its workers kept dying) is its file's
    failure, never the ingest's."""
    try:
        return fut.result()
    except Exception as exc:  # noqa: BLE001 - one file's loss is that file's result
        return FileFailure(path, f"failed on the cluster ({exc.__class__.__name__})")


def _check_same_code(client: Any, address: str, close: Callable[[], None]) -> None:
    """Workers running other factbot code (or data, or config/entities.yaml) would make another index
    than this driver's without a word: refused, naming them."""
    from bot.store.db import pipeline_fingerprint

    mine = pipeline_fingerprint()
    other = {w: f for w, f in client.run(_fingerprint).items() if f != mine}
    if other:
        close()
        listed = ", ".join(f"{w} ({f})" for w, f in sorted(other.items()))
        raise ClusterError(
            f"--cluster {address}: workers run other factbot code than this driver ({mine}): {listed}; "
            "install the same version on them"
        )


def _fingerprint() -> str:
    from bot.store.db import pipeline_fingerprint

    return pipeline_fingerprint()


def _daemonic() -> bool:
    return bool(multiprocessing.current_process().daemon)


# ---- on the workers ----

_local = threading.local()
_sandboxes: list[Sandbox] = []
_lock = threading.Lock()


def _on_worker(func: Callable[..., Any], task: tuple, seconds: float | None) -> Any:
    """One file on a worker, in this worker thread's long-lived child (forked after the model loaded)."""
    box = getattr(_local, "box", None)
    if box is None or box.func is not func:
        box = _local.box = Sandbox(func)
        with _lock:
            _sandboxes.append(box)
    return box.run(task, seconds)


def _warm_worker() -> None:
    import logging

    from bot.extract import ner

    from .worker import warm

    logging.getLogger("jieba").setLevel(logging.WARNING)
    warm(ner.PRELOAD_FILES)  # the NER model too: every child forked later shares it


def _stop_children() -> None:
    """Each thread's child stopped; the thread's Sandbox stays listed, as it forks a new child on its next
    file (also after the plugin's teardown, which Dask runs when a new ingest registers it again)."""
    with _lock:
        for box in _sandboxes:
            box.close()


try:
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # the extra is not installed: `on_cluster` says so when used
    _PluginBase = object  # type: ignore[assignment,misc]


class _Warm(_PluginBase):  # type: ignore[misc,valid-type]
    """Loads the model once per worker, when it joins (also a worker the nanny restarted)."""

    name = "factbot-warm"

    def setup(self, worker: Any) -> None:
        _warm_worker()

    def teardown(self, worker: Any) -> None:
        _stop_children()
