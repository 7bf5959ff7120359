"""RaysyncEngine against a stand-in ``rayvision_sync`` (the real one drives native binaries and the cloud).

The stand-in follows the published API (renderbus-protocol.md §11.4-11.6):
``RayvisionUpload(api).upload_asset(upload_json_path)`` sends every ``asset`` entry to its server path, and
``RayvisionDownload(api).download(task_id_list=[...], local_path=...)`` fetches a task's outputs folder.
Here "the cloud" is a local folder, so the test checks what Farmhand handed to the package.
"""

from __future__ import annotations

import sys
import textwrap

import pytest

from farmhand.errors import FarmhandError
from farmhand.transfer import RaysyncEngine, TransferError, UploadPlan

STAND_IN = {
    "__init__.py": "",
    "upload.py": """
        import json, os, shutil

        class RayvisionUpload:
            def __init__(self, api):
                self.api = api

            def upload_asset(self, upload_json_path, max_speed=None, is_db=True):
                if self.api.get("fail"):
                    raise Exception(self.api["fail"])
                with open(upload_json_path, encoding="utf-8") as stream:
                    assets = json.load(stream)["asset"]
                for entry in assets:
                    target = os.path.join(self.api["cloud"], "input", entry["server"].lstrip("/"))
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copyfile(entry["local"], target)
                return True
    """,
    "download.py": """
        import os, shutil

        class RayvisionDownload:
            def __init__(self, api):
                self.api = api

            def download(self, task_id_list=None, max_speed=None, print_log=True,
                         download_filename_format="true", local_path=None, server_path=None, **_):
                for task_id in task_id_list:
                    source = os.path.join(self.api["cloud"], "output", str(task_id))
                    shutil.copytree(source, os.path.join(local_path, f"{task_id}_shot"), dirs_exist_ok=True)
                return True
    """,
}


def _forget_stand_in() -> None:
    for name in [n for n in sys.modules if n.split(".")[0] == "rayvision_sync"]:
        del sys.modules[name]


@pytest.fixture
def rayvision_sync(tmp_path, monkeypatch):
    package = tmp_path / "site" / "rayvision_sync"
    package.mkdir(parents=True)
    for name, text in STAND_IN.items():
        (package / name).write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    cloud = tmp_path / "cloud"
    cloud.mkdir()
    _forget_stand_in()
    yield {"cloud": str(cloud)}
    _forget_stand_in()


def test_upload_hands_the_plan_to_rayvision_sync_as_an_upload_json(tmp_path, rayvision_sync):
    local = tmp_path / "my shot" / "tex 01.png"
    local.parent.mkdir()
    local.write_bytes(b"png bytes")
    plan = UploadPlan.from_entries([{"local": str(local), "server": "/D/my shot/tex 01.png"}])
    events = []

    report = RaysyncEngine(rayvision_sync).upload(plan, progress=events.append)

    assert (tmp_path / "cloud" / "input" / "D" / "my shot" / "tex 01.png").read_bytes() == b"png bytes"
    assert report.files_total == 1 and report.bytes_sent == len(b"png bytes")
    assert events[-1].files_done == 1 and events[-1].fraction == 1.0


def test_download_fetches_the_whole_task(tmp_path, rayvision_sync):
    outputs = tmp_path / "cloud" / "output" / "77"
    outputs.mkdir(parents=True)
    (outputs / "shot.0001.exr").write_bytes(b"exr")

    report = RaysyncEngine(rayvision_sync).download(77, tmp_path / "dl")

    assert [p.endswith("77_shot/shot.0001.exr") for p in report.paths] == [True]
    with pytest.raises(FarmhandError, match="whole tasks"):
        RaysyncEngine(rayvision_sync).download(77, tmp_path / "dl", frames=[1])


def test_vendor_exceptions_become_one_readable_error(tmp_path, rayvision_sync):
    local = tmp_path / "a.png"
    local.write_bytes(b"png")
    plan = UploadPlan.from_entries([{"local": str(local), "server": "/D/a.png"}])
    failing = dict(rayvision_sync, fail="transmitter exited with code 9")
    with pytest.raises(TransferError, match="rayvision_sync upload failed: .*code 9"):
        RaysyncEngine(failing).upload(plan)


def test_a_missing_local_file_is_named_before_the_vendor_is_called(tmp_path, rayvision_sync):
    plan = UploadPlan.from_entries([{"local": str(tmp_path / "missing.png"), "server": "/D/missing.png"}])
    with pytest.raises(TransferError, match="missing.png"):
        RaysyncEngine(rayvision_sync).upload(plan)
    assert not (tmp_path / "cloud" / "input").exists()
