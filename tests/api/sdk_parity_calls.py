"""Calls made with the official SDK for the parity test; run by the rayvision-api interpreter, not pytest.

Usage: python sdk_parity_calls.py DOMAIN ACCESS_ID ACCESS_KEY  -> prints the created task id.
"""

import sys

from rayvision_api import RayvisionAPI


def main(domain, access_id, access_key):
    api = RayvisionAPI(
        access_id=access_id, access_key=access_key, domain=domain, platform="2", protocol="http"
    )
    api.query.platforms()
    task_id = api.task.create_task(count=1, task_user_level=50, labels=["parity"])["taskIdList"][0]
    api.tag.add_label("\u955c\u593401", 0)
    api.query.get_task_list(page_num=1, page_size=10)
    api.query.task_info([task_id])
    api.user.get_hardware_config()
    api.query.error_detail(code="10012", language=1)
    api.task.stop_task([task_id])
    print(task_id)


if __name__ == "__main__":
    main(*sys.argv[1:4])
