"""The server's connections send each message at once (dashboard/nodelay.py).

Checked on a listener made by Streamlit's own binding function, the one `streamlit run`
uses, and on connections accepted the way its server accepts them (asyncio)."""

from __future__ import annotations

import asyncio
import socket
from asyncio import base_events
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.web.server.starlette.starlette_server import _bind_socket

from dashboard.nodelay import disable_nagle


def nodelay_of_accepted(before_accept=None, after_accept=None) -> int:
    """TCP_NODELAY of the server side of one connection to a Streamlit-bound listener."""

    async def main() -> int:
        accepted: asyncio.Future = asyncio.get_running_loop().create_future()

        class Server(asyncio.Protocol):
            def connection_made(self, transport) -> None:
                accepted.set_result(transport)

        listener = _bind_socket("127.0.0.1", 0, 8)
        server = await asyncio.get_running_loop().create_server(Server, sock=listener)
        if before_accept:
            before_accept()
        client = socket.create_connection(listener.getsockname())
        transport = await accepted
        if after_accept:
            after_accept()
        value = transport.get_extra_info("socket").getsockopt(
            socket.IPPROTO_TCP, socket.TCP_NODELAY
        )
        client.close()
        transport.close()
        server.close()
        return value

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in
    # this one when the whole suite runs.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


# Taken at collection, before any app run in this session has applied the fix.
ASYNCIO_OWN = base_events._set_nodelay


@pytest.fixture
def restore_asyncio(monkeypatch):
    assert ASYNCIO_OWN.__module__ == "asyncio.base_events"
    monkeypatch.setattr(base_events, "_set_nodelay", ASYNCIO_OWN)


def test_streamlit_leaves_nagle_on_without_the_fix(restore_asyncio):
    # The reason for dashboard/nodelay.py. If this fails, Streamlit (or asyncio) sets
    # TCP_NODELAY itself now and the workaround can go.
    assert nodelay_of_accepted() == 0


def test_connections_accepted_after_the_fix_send_at_once(restore_asyncio):
    assert nodelay_of_accepted(before_accept=disable_nagle) != 0


def test_connections_already_open_when_the_app_first_runs_are_fixed_too(restore_asyncio):
    # The first visitor's page and websocket were accepted before any script ran.
    assert nodelay_of_accepted(after_accept=disable_nagle) != 0
