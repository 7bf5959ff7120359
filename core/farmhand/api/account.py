"""Account, storage and hardware calls: who we are and what we may use."""

from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, List, Optional

from farmhand.api import endpoints as ep
from farmhand.api.base import ClientBase, TaskId
from farmhand.api.errors import RenderbusError
from farmhand.api.paging import iter_items


class AccountCalls(ClientBase):
    """Platforms, profile and settings, storage ids, transfer configuration, hardware, records."""

    def platforms(self) -> List[Dict[str, Any]]:
        """Platforms (render clusters) this account may use: ``[{platform, name}]``."""
        return self._post(ep.PLATFORMS, {"zone": self.zone})

    def user_profile(self, *, refresh: bool = False) -> Dict[str, Any]:
        """The account profile (``userId``, ``userName``, ...); cached after the first call."""
        if self._profile is None or refresh:
            self._profile = self._post(ep.USER_PROFILE)
        return self._profile

    def user_id(self) -> int:
        """The numeric user id (from the cached profile, unlike the SDK's round trip per access)."""
        profile = self.user_profile()
        if not profile or "userId" not in profile:
            raise RenderbusError("the farm's user profile has no userId", path=ep.USER_PROFILE)
        return int(profile["userId"])

    def user_settings(self) -> Dict[str, Any]:
        """Account settings (``taskOverTime`` hours, ``autoCommit``, ``singleNodeRenderFrames``, ...)."""
        return self._post(ep.USER_SETTINGS)

    def update_user_settings(self, task_over_time_sec: int) -> None:
        """Set the account's task timeout, in seconds."""
        return self._post(ep.UPDATE_USER_SETTINGS, {"taskOverTimeSec": int(task_over_time_sec)})

    def transfer_bids(self) -> Dict[str, Any]:
        """Storage ids: ``config_bid``, ``input_bid``, ``output_bid``, ``parent_input_bid``, ..."""
        return self._post(ep.TRANSFER_BIDS)

    def account_info(self) -> Dict[str, Any]:
        """Profile, settings and storage ids merged, like the SDK's login (but tolerant of ``null``)."""
        merged: Dict[str, Any] = {}
        for part in (self.user_profile(), self.user_settings(), self.transfer_bids()):
            merged.update(part or {})
        return merged

    def transfer_config(self) -> Dict[str, Any]:
        """Transfer engines, lines and storage ids (``resqEngines``, ``inputBid``, ...)."""
        return self._post(ep.TRANSFER_CONFIG)

    def transfer_server_info(self) -> Dict[str, Any]:
        """Raysync server information for this account's zone (same zone as :meth:`platforms`)."""
        return self._post(ep.TRANSFER_SERVER_INFO, {"zone": self.zone})

    def raysync_user_key(self) -> Dict[str, Any]:
        """The Raysync credentials object (``raySyncUserKey``, ``userName``, ``platform``, ...)."""
        return self._post(ep.RAYSYNC_USER_KEY)

    def hardware_configs(self, task_ids: Optional[Iterable[TaskId]] = None) -> List[Dict[str, Any]]:
        """Hardware configurations of the platform; with ``task_ids``, ``current`` marks each task's own."""
        body: Dict[str, Any] = {"cloneTask": "false"}
        if task_ids is not None:
            body["taskIds"] = [str(int(task_id)) for task_id in task_ids]
        return self._post(ep.HARDWARE_CONFIGS, body)

    def pack_node_info(self) -> Any:
        """Booked ("packed") render nodes of the account (shape undocumented)."""
        return self._post(ep.PACK_NODE_INFO)

    def task_records(
        self, page_num: int = 1, page_size: int = 20, start_date: str = "", end_date: str = ""
    ) -> Dict[str, Any]:
        """One page of the account's task records (``startDate``/``endDate`` as ``YYYY-MM-DD HH:MM:SS``)."""
        body = {
            "platform": int(self.platform),
            "pageNum": int(page_num),
            "pageSize": int(page_size),
            "startDate": str(start_date),
            "endDate": str(end_date),
        }
        return self._post(ep.TASK_RECORDS, body)

    def iter_task_records(
        self, start_date: str = "", end_date: str = "", page_size: int = 100
    ) -> Iterator[Any]:
        """Every task record in the date range."""
        return iter_items(
            lambda n: self.task_records(n, page_size, start_date, end_date), path=ep.TASK_RECORDS
        )

    def login_records(
        self, page_num: int = 1, page_size: int = 20, start_date: str = "", end_date: str = ""
    ) -> Dict[str, Any]:
        """One page of the account's login records."""
        body = {
            "pageNum": int(page_num),
            "pageSize": int(page_size),
            "startDate": start_date,
            "endDate": end_date,
        }
        return self._post(ep.LOGIN_RECORDS, body)

    def iter_login_records(
        self, start_date: str = "", end_date: str = "", page_size: int = 100
    ) -> Iterator[Any]:
        """Every login record in the date range."""
        return iter_items(
            lambda n: self.login_records(n, page_size, start_date, end_date), path=ep.LOGIN_RECORDS
        )
