"""``streamlit run app.py`` as the README says: loopback only, no look-up of the outside.

The app runs in a real Streamlit server with a ``sitecustomize`` hook that records
(and refuses) every DNS query and connection for a host that is not loopback.
"""

from __future__ import annotations

import socket
import textwrap
import urllib.request
from pathlib import Path

import pytest
from browser_helpers import streamlit_app

HOOK = textwrap.dedent('''
    """Record and refuse every name look-up or connection that is not loopback."""
    import os, socket

    _LOG = os.environ["SITING_NET_LOG"]
    _LOCAL = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "", None)

    def _note(what, host):
        with open(_LOG, "a", encoding="utf-8") as out:
            out.write(f"{what} {host}\\n")
        raise OSError(f"{what} {host} refused in the test")

    _getaddrinfo, _connect, _connect_ex, _sendto = (
        socket.getaddrinfo, socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto)

    def getaddrinfo(host, *args, **kwargs):
        if host not in _LOCAL and not str(host).startswith("127."):
            _note("lookup", host)
        return _getaddrinfo(host, *args, **kwargs)

    def _target(address):
        return address[0] if isinstance(address, tuple) else None

    def connect(self, address):
        host = _target(address)
        if host is not None and host not in _LOCAL and not str(host).startswith("127."):
            _note("connect", host)
        return _connect(self, address)

    def connect_ex(self, address):
        host = _target(address)
        if host is not None and host not in _LOCAL and not str(host).startswith("127."):
            _note("connect", host)
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        host = _target(args[-1])
        if host is not None and host not in _LOCAL and not str(host).startswith("127."):
            _note("send", host)
        return _sendto(self, data, *args)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
''')


def listening(port: int) -> set[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for name, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        path = Path("/proc/net") / name
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            host, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(host)
                if family == socket.AF_INET:
                    raw = raw[::-1]
                else:  # four little-endian 32-bit words
                    raw = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                found.add(socket.inet_ntop(family, raw))
    return found


def page(url: str) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return str(response.read().decode())


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
@pytest.mark.parametrize("address", [(), ("--server.address", "0.0.0.0")],
                         ids=["default", "serve-colleagues"])
def test_the_app_starts_without_reaching_outside(tmp_path: Path,
                                                 address: tuple[str, ...]) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    log = tmp_path / "net.log"
    env = {"PYTHONPATH": str(hook), "SITING_NET_LOG": str(log)}
    with streamlit_app(None, tmp_path, address=address, env_extra=env) as url:
        port = int(url.rsplit(":", 1)[1])
        assert "<html" in page(url + "/").lower()
        where = listening(port)
    assert where == ({"127.0.0.1"} if not address else {"0.0.0.0"})
    startup = (tmp_path / "app.log").read_text(errors="replace")
    assert "External URL" not in startup and "Network URL" not in startup
    assert not log.exists(), log.read_text()
