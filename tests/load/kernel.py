"""A kernel's websocket as JupyterLab opens it (one JSON message per frame): shared by the load
test's students (locustfile.py) and the hub's fault tests (tests/test_hub_faults.py)."""
import json
import uuid

import websocket

WAIT_S = 600                  # bound on any one wait: reached only by a real fault


class Kernel:
    """ws_url: ws://<host>/user/<name>/api/kernels/<id>/channels; auth by cookie or headers."""

    def __init__(self, ws_url: str, cookie: str = "", headers=(), timeout=WAIT_S):
        self.session = uuid.uuid4().hex
        self.ws = websocket.create_connection(f"{ws_url}?session_id={self.session}",
                                              cookie=cookie or None, header=list(headers),
                                              timeout=timeout)
        self.output = ""

    def execute(self, code: str) -> str | None:
        """Run code; None when it ran, else what went wrong (as JupyterLab would show it). Its
        printed output is kept in self.output."""
        msg_id = uuid.uuid4().hex
        self.output = ""
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "",
                       "session": self.session, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        reply, idle = None, False
        while reply is None or not idle:
            try:
                msg = json.loads(self.ws.recv())
            except (websocket.WebSocketException, OSError) as error:
                return f"kernel connection lost: {type(error).__name__}"
            kind, content = msg["header"]["msg_type"], msg.get("content", {})
            if kind == "status" and content.get("execution_state") in ("restarting", "dead"):
                return f"the kernel died ({content['execution_state']})"
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if kind == "stream":
                self.output += content["text"]
            elif kind == "error":
                self.output += f"{content['ename']}: {content['evalue']}\n"
            elif kind == "execute_reply":
                reply = content
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        if reply["status"] != "ok":
            return f"cell error: {reply.get('ename', reply['status'])}"
        return None

    def close(self):
        self.ws.close()
