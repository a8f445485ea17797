"""Read a socket option on the *server's* side of a TCP connection, from outside the server (Linux).

The server process's end of a connection is found by its ports in /proc/<pid>/net/tcp{,6} (local port = the
server's port, remote port = the client's), its file descriptor by the socket's inode in /proc/<pid>/fd, and a
copy of that descriptor is taken with pidfd_getfd(2) (Linux 5.6; the caller must be allowed to ptrace the server:
its parent, or root). The copy shares the socket, so getsockopt reads the server's own setting.
"""

from __future__ import annotations

import ctypes
import os
import socket
from pathlib import Path

SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture (syscalls >= 424 are unified)


def _inode(pid: int, local_port: int, remote_port: int) -> int:
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if int(f[1].rsplit(":", 1)[1], 16) == local_port and int(f[2].rsplit(":", 1)[1], 16) == remote_port:
                return int(f[9])
    raise LookupError(f"no TCP connection {local_port} <- {remote_port} in /proc/{pid}/net/tcp*")


def _fd_of(pid: int, inode: int) -> int:
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                return int(fd)
        except OSError:
            continue
    raise LookupError(f"process {pid} holds no descriptor for socket inode {inode}")


def _pidfd_getfd(pid: int, fd: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        copy = libc.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0)
        if copy < 0:
            err = ctypes.get_errno()
            raise OSError(err, f"pidfd_getfd({pid}, {fd}): {os.strerror(err)}")
        return copy
    finally:
        os.close(pidfd)


def server_side_option(pid: int, server_port: int, client: socket.socket | int,
                       level: int = socket.IPPROTO_TCP, option: int = socket.TCP_NODELAY) -> int:
    """The option's value on the server's end (in process ``pid``) of the connection from ``client`` (a
    connected socket, or the client's port)."""
    client_port = client if isinstance(client, int) else client.getsockname()[1]
    inode = _inode(pid, server_port, client_port)
    with socket.socket(fileno=_pidfd_getfd(pid, _fd_of(pid, inode))) as copy:
        return copy.getsockopt(level, option)


def established_options(pid: int, level: int = socket.IPPROTO_TCP,
                        option: int = socket.TCP_NODELAY) -> list[tuple[int, int, int]]:
    """(local port, remote port, option value) of every established TCP connection of process ``pid``."""
    import psutil

    out = []
    for conn in psutil.Process(pid).net_connections("tcp"):
        if conn.status != psutil.CONN_ESTABLISHED or conn.fd < 0:
            continue
        try:  # a short-lived connection (a health check) may close between listing and copying
            copy = socket.socket(fileno=_pidfd_getfd(pid, conn.fd))
        except OSError:
            continue
        with copy:
            out.append((conn.laddr.port, conn.raddr.port, copy.getsockopt(level, option)))
    return out
