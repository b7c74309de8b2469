"""Turn Nagle's algorithm off on the server's connections, which Streamlit 1.67 leaves on.

Streamlit binds its listening socket itself (`socket.socket(family=…)`, protocol number
left at 0), and every accepted connection inherits that 0. asyncio disables Nagle only on
sockets that report `proto == IPPROTO_TCP`, so on these it never does (the same bug as
uvicorn's issue 3149). With Nagle on, a response written in two parts (headers, then
body) on a kept-alive connection has its second part held until the browser's delayed
acknowledgement, 40 ms on Linux: every static file after a connection's first, and every
websocket message that follows another. The map's chain of files (component chunk,
iframe, bundle, Leaflet, shapes) paid it at each step.

`disable_nagle()` runs once per server process (from the app's first run): connections
accepted from then on get TCP_NODELAY the way asyncio meant to, and the ones already open
(the first visitor's page and websocket) get it now.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
from asyncio import base_events

_TCP = {socket.AF_INET, socket.AF_INET6}


def _set_nodelay(sock) -> None:
    # asyncio's own check, without the protocol number a pre-bound listener leaves at 0.
    if sock.family in _TCP and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def disable_nagle() -> None:
    """Future connections: asyncio's hook. Open ones: set now."""
    base_events._set_nodelay = _set_nodelay  # called as a module global on every accept
    for obj in gc.get_objects():
        if isinstance(obj, asyncio.Transport) and not obj.is_closing():
            sock = obj.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):  # closed since the check
                    _set_nodelay(sock)
