"""A click on the map reruns only the map's fragment, not the whole app: checked where it
happens, on Streamlit's own websocket protocol against a real server (as the page speaks
it; the browser tests see the outcome, not which run produced it). A module-level name
shadowing the fragment's folder check once turned every click into a full rerun."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.streamlit_server import StreamlitServer

FRAGMENT_DONE = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")


async def one_run(ws, message: BackMsg) -> list[ForwardMsg]:
    await ws.send(message.SerializeToString())
    received = []
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
        received.append(forward)
        if forward.WhichOneof("type") == "script_finished":
            return received


def new_elements(messages):
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            yield m.delta.fragment_id, m.delta.new_element


async def click_once(url: str, iso3: str) -> tuple[int, str]:
    async with websockets.connect(
        url.replace("http://", "ws://") + "_stcore/stream", subprotocols=["streamlit"]
    ) as ws:
        first = BackMsg()
        first.rerun_script.query_string = ""
        messages = await one_run(ws, first)
        page = next(
            m.new_session.page_script_hash
            for m in messages
            if m.WhichOneof("type") == "new_session"
        )
        fragment, component = next(
            (f, e.component_instance)
            for f, e in new_elements(messages)
            if e.WhichOneof("type") == "component_instance"
        )
        click = BackMsg()
        click.rerun_script.page_script_hash = page
        click.rerun_script.fragment_id = fragment
        widget = click.rerun_script.widget_states.widgets.add()
        widget.id = component.id
        widget.json_value = json.dumps(
            {
                "last_active_drawing": {"type": "Feature", "properties": {"iso3": iso3}},
                "last_object_clicked_count": 1,
            }
        )
        messages = await one_run(ws, click)
        status = messages[-1].script_finished
        panel = next(
            (
                e.html.body
                for _, e in new_elements(messages)
                if e.WhichOneof("type") == "html" and 'data-testid="country-panel"' in e.html.body
            ),
            "",
        )
        return status, panel


@pytest.fixture(scope="module")
def server():
    srv = StreamlitServer().wait()
    yield srv
    srv.stop()


def test_a_click_reruns_only_the_maps_fragment_and_answers_with_the_panel(server):
    # Its own thread: the browser tests' Playwright keeps an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        status, panel = pool.submit(lambda: asyncio.run(click_once(server.url, "EGY"))).result()
    assert status == FRAGMENT_DONE
    assert ">Egypt <" in panel
