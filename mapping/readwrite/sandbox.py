"""Reading an uploaded file in a child process with CPU, memory and wall-clock limits.

The app's server process serves every user. A file that is slow or heavy to
read must not keep one of its threads busy after the browser has gone, nor
take memory or CPU from the others, so :func:`read_upload` hands the bytes to
a fresh ``python -m mapping.readwrite.sandbox`` that runs
:func:`mapping.readwrite.read_map_bytes` at low priority under
``RLIMIT_CPU`` and ``RLIMIT_AS``, and kills it when the wall-clock bound
passes. Nothing of the app is forked and no thread is started; the parent
only waits on the child's pipes. Starting the child costs about a second,
which an upload pays once.

A limit that is hit becomes an ordinary :class:`MapValidationError` with a
plain message, never a traceback.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import subprocess
import sys
import traceback

from mapping.model import Map
from mapping.problems import MapValidationError, Problem

WALL_SECONDS = 120.0
"""A read is stopped after this long, whatever it is doing."""
CPU_SECONDS = 60
"""CPU time the reading process may use, start-up included (a file at every limit
needed at most 24 s on a busy 2-core machine: bench/bench_limits.py)."""
MEMORY_BYTES = 1536 * 1024**2
"""Address space a read may add to the reader's own (a file at every limit needed
at most 0.6 GB of memory)."""
NICE = 10
"""Reads run at lower priority, so that the pages other users wait for come first."""

_MEMORY = b"\0memory"


def read_upload(data: bytes, filename: str, *, name: str | None = None) -> Map:
    """``read_map_bytes(data, filename, name=name)`` in a limited child process.

    Raises :class:`MapValidationError` for an invalid file, and for one that
    takes too long or too much memory to read.
    """
    args = [str(CPU_SECONDS), str(MEMORY_BYTES), str(NICE), filename, name or ""]
    cmd = [sys.executable, "-m", "mapping.readwrite.sandbox", *args, str(name is not None)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        answer, _ = proc.communicate(data, timeout=WALL_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise _refused(filename, "time") from None
    finally:
        if proc.poll() is None:  # an exception while waiting (e.g. the session stopped)
            proc.kill()
            proc.wait()
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _refused(filename, "time")
    if answer == _MEMORY:
        raise _refused(filename, "memory")
    if proc.returncode or not answer:
        raise _refused(filename, "crash", proc.returncode)
    kind, value = pickle.loads(answer)
    if kind == "map":
        return value
    if kind == "problems":
        raise MapValidationError(value)
    raise _refused(filename, "crash", value)


def _refused(filename: str, why: str, detail: object = None) -> MapValidationError:
    if why == "time":
        da = (
            f"filen tog for lang tid at læse (over {WALL_SECONDS:.0f} sekunder eller "
            f"{CPU_SECONDS} sekunders regnetid); del kortet op i mindre filer"
        )
        en = (
            f"the file took too long to read (over {WALL_SECONDS:.0f} seconds or "
            f"{CPU_SECONDS} seconds of CPU time); split the map into smaller files"
        )
    elif why == "memory":
        da = "filen krævede for meget hukommelse at læse; del kortet op i mindre filer"
        en = "the file needed too much memory to read; split the map into smaller files"
    else:
        da = f"filen kunne ikke læses (læsningen stoppede uventet: {detail})"
        en = f"the file could not be read (the reading stopped unexpectedly: {detail})"
    return MapValidationError([Problem(filename, "", None, None, da, en)])


def _address_space() -> int:
    """This process's current address space in bytes (Linux), else 0."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def main(argv: list[str]) -> int:
    """The child: apply the limits, read stdin, write one pickled answer to stdout."""
    cpu, memory, nice, filename, name, named = argv
    from mapping.readwrite import read_map_bytes

    data = sys.stdin.buffer.read()
    os.nice(int(nice))
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + 1))  # SIGXCPU, then SIGKILL
    limit = _address_space() + int(memory)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = sys.stdout.buffer
    try:
        try:
            m = read_map_bytes(data, filename, name=name if named == "True" else None)
            answer: tuple[str, object] = ("map", m)
        except MapValidationError as exc:
            answer = ("problems", exc.problems)
        except MemoryError:
            raise
        except Exception as exc:  # a bug: logged on stderr, a plain message for the user
            traceback.print_exc()
            answer = ("crash", type(exc).__name__)
        del data
        out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except MemoryError:
        out.write(_MEMORY)  # a constant: writing it needs no new memory
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
