"""``streamlit run`` with Nagle's algorithm off on every accepted connection.

Run: ``python -m attdash.server.launch app.py [streamlit run options]`` (``make run`` does; so does each worker of
``python -m attdash.server.serve``).

Why. Streamlit 1.67 binds its listening socket itself (``socket.socket(family)``, protocol number 0) and hands it
to uvicorn, which serves it with ``loop.create_server(sock=...)``. asyncio turns Nagle's algorithm off on accepted
connections only when the socket says it is TCP by its protocol number (``base_events._set_nodelay`` checks
``sock.proto == IPPROTO_TCP``), so on Streamlit's sockets it never does: no ``setsockopt(TCP_NODELAY)`` after
``accept4`` (strace). A rerun answers with several small websocket frames; with Nagle on, the second one waits
for the browser's ACK, which the browser delays by up to 40 ms. Every interaction paid that 40 ms (a filter change
45-47 ms against 15-17 ms with the option set; an overview open 60-66 ms against 18-19 ms).

How. The loop that serves gets ``TCP_NODELAY`` on a listening TCP socket handed to ``create_server``; Linux (and
the BSDs) copy the option to every connection accepted on it. Two hooks choose that loop, one per way Streamlit
serves: asyncio's public event loop policy (``streamlit run app.py``: Streamlit's bootstrap calls
``asyncio.run``), and uvicorn's loop setting (``streamlit run asgi.py``: Streamlit hands the ``st.App`` to
``uvicorn.Server.run``, which makes its loop with the factory named by ``Config.loop``, default ``"auto"``;
uvicorn's documented custom loop is an import string, and Streamlit passes no ``loop``, so ``"auto"`` is pointed
at :func:`nodelay_loop_factory`). Streamlit is otherwise run unchanged, through its own command line. The test
(tests/test_server_launch.py) starts the launcher, connects, and reads the option on the server's side of the
connection; drop this module (and run ``streamlit run`` again) once Streamlit sets the option itself.
"""

from __future__ import annotations

import asyncio
import socket
import sys

from attdash.paths import ROOT


def set_nodelay(sock: socket.socket) -> None:
    """Turn Nagle's algorithm off on a TCP socket (IPv4 or IPv6); other sockets are left alone."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayEventLoop(asyncio.SelectorEventLoop):
    """asyncio's default loop, except that a listening socket given to ``create_server`` gets TCP_NODELAY
    (inherited by the connections accepted on it)."""

    async def create_server(self, protocol_factory, host=None, port=None, *, sock=None, **kwargs):
        if sock is not None:
            set_nodelay(sock)
        return await super().create_server(protocol_factory, host, port, sock=sock, **kwargs)


class NoDelayEventLoopPolicy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        return NoDelayEventLoop()


def nodelay_loop_factory(use_subprocess: bool = False):
    """uvicorn's loop factory (``Config.loop`` as an import string): the :class:`NoDelayEventLoop` class."""
    return NoDelayEventLoop


def install() -> None:
    """Make every event loop created from now on a :class:`NoDelayEventLoop`: asyncio's policy (Streamlit's
    bootstrap creates the server's loop with ``asyncio.run``) and uvicorn's ``"auto"`` loop (``st.App``)."""
    asyncio.set_event_loop_policy(NoDelayEventLoopPolicy())
    try:
        from uvicorn import config as uvicorn_config
    except ImportError:  # pragma: no cover (uvicorn comes with Streamlit 1.67)
        return
    uvicorn_config.LOOP_FACTORIES["auto"] = "attdash.server.launch:nodelay_loop_factory"


def main(argv: list[str] | None = None) -> int:
    """``streamlit run`` with the arguments given; without a script, the dashboard's ``app.py``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0].startswith("-"):
        args.insert(0, str(ROOT / "app.py"))
    install()
    from streamlit.web import cli

    return cli.main(["run", *args], prog_name="streamlit")


if __name__ == "__main__":
    raise SystemExit(main())
