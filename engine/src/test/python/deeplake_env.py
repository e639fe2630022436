"""Environment for running deeplake 3.9.52 offline, quietly and without touching ~/.activeloop.

Import this module BEFORE importing deeplake (expected_dump.py and write_interop_datasets.py do
it for you, so callers only run ``VENV/bin/python script.py ...``).

What deeplake 3.9.52 does at import time, and how it is neutralised here:

* ``deeplake/__init__.py`` calls ``warn_if_update_required(__version__)``, which reads
  ``~/.activeloop/pypi_version.json`` (a JSON list ``[latest_version, unix_time]``) and, when the
  file is missing or older than one day, asks ``https://pypi.org/pypi/deeplake/json``.
  -> HOME is pointed at a private directory whose ``.activeloop/pypi_version.json`` is rewritten
     with ``["3.9.52", now]`` before every import, so the request is never made.
* humbug telemetry (``deeplake.util.bugout_reporter``) reads/creates
  ``~/.activeloop/reporting_config.json`` and reports when consent is given.
  -> ``BUGGER_OFF=1`` (humbug's opt-out variable) plus a reporting_config.json with
     ``"consent": false`` in the private HOME.
* As a last line of defence, socket connections to anything but loopback / AF_UNIX are refused
  (``DEEPLAKE4J_ALLOW_NETWORK=1`` disables that guard).

Environment knobs:
  DEEPLAKE4J_DL_HOME        private HOME to use (default: $TMPDIR/deeplake4j-dl-home-<uid>)
  DEEPLAKE4J_ALLOW_NETWORK  set to 1 to keep sockets unrestricted

Equivalent shell setup, for running deeplake by hand:
  export BUGGER_OFF=1 HOME=/tmp/deeplake4j-dl-home-$(id -u)
  mkdir -p "$HOME/.activeloop"
  python3 -c 'import json,time;json.dump(["3.9.52",time.time()],open("'"$HOME"'/.activeloop/pypi_version.json","w"))'
"""

import json
import os
import socket
import sys
import tempfile
import time
import warnings

DEEPLAKE_VERSION = "3.9.52"

_done = False


def _guard_network() -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def _allowed(sock, address) -> bool:
        fam = sock.family
        if fam == getattr(socket, "AF_UNIX", None):
            return True
        host = address[0] if isinstance(address, tuple) and address else address
        host = str(host)
        return host in ("localhost", "::1") or host.startswith("127.")

    def connect(self, address):
        if not _allowed(self, address):
            raise OSError("deeplake_env: network access blocked (offline interop harness): %r" % (address,))
        return real_connect(self, address)

    def connect_ex(self, address):
        if not _allowed(self, address):
            raise OSError("deeplake_env: network access blocked (offline interop harness): %r" % (address,))
        return real_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[assignment]


def prepare() -> str:
    """Sets up the environment (idempotent). Returns the private HOME used."""
    global _done
    home = os.environ.get("DEEPLAKE4J_DL_HOME") or os.path.join(
        tempfile.gettempdir(), "deeplake4j-dl-home-%d" % os.getuid()
    )
    if _done:
        return home
    if "deeplake" in sys.modules:
        raise RuntimeError("deeplake_env.prepare() must run before deeplake is imported")
    os.environ["BUGGER_OFF"] = "1"
    os.environ["HOME"] = home
    al = os.path.join(home, ".activeloop")
    os.makedirs(al, exist_ok=True)
    with open(os.path.join(al, "pypi_version.json"), "w") as f:
        json.dump([DEEPLAKE_VERSION, time.time()], f)
    with open(os.path.join(al, "reporting_config.json"), "w") as f:
        json.dump({"client_id": "deeplake4j-interop", "consent": False}, f)
    if os.environ.get("DEEPLAKE4J_ALLOW_NETWORK") != "1":
        _guard_network()
    # numpy / deeplake chatter that is irrelevant here
    warnings.filterwarnings("ignore", message=".*length of tensors in the dataset is different.*")
    warnings.filterwarnings("ignore", message=".*Indexing by integer in a for loop.*")
    _done = True
    return home


def import_deeplake():
    """prepare() then import deeplake, checking its version."""
    prepare()
    import deeplake  # noqa: E402

    # deeplake's logger ("deeplake", configured in deeplake/client/log.py) writes to stdout;
    # send it to stderr so that script output stays machine-readable
    import logging

    for handler in logging.getLogger("deeplake").handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stdout:
            handler.setStream(sys.stderr)
    if deeplake.__version__ != DEEPLAKE_VERSION:
        raise RuntimeError(
            "deeplake %s is required, found %s" % (DEEPLAKE_VERSION, deeplake.__version__)
        )
    return deeplake
