"""Frame calls: pages of frame records, restarts and stops, thumbnails, logs, progress, outputs."""

from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, List, Optional

from farmhand.api import endpoints as ep
from farmhand.api.base import ClientBase, TaskId, task_id_list
from farmhand.api.errors import NotFound
from farmhand.api.paging import iter_items


class FrameCalls(ClientBase):
    """Per-frame views and actions of a task."""

    def task_frames(
        self, task_id: TaskId, page_num: int = 1, page_size: int = 100, search_keyword: Optional[str] = None
    ) -> Dict[str, Any]:
        """One page of a task's frames (``FrameInfo`` items)."""
        body: Dict[str, Any] = {"taskId": int(task_id), "pageNum": int(page_num), "pageSize": int(page_size)}
        if search_keyword is not None:
            body["searchKeyword"] = str(search_keyword)
        return self._post(ep.TASK_FRAMES, body)

    def iter_frames(
        self, task_id: TaskId, page_size: int = 100, search_keyword: Optional[str] = None
    ) -> Iterator[Dict[str, Any]]:
        """Every frame record of a task."""
        return iter_items(
            lambda n: self.task_frames(task_id, n, page_size, search_keyword), path=ep.TASK_FRAMES
        )

    def all_frame_stats(self) -> Dict[str, Any]:
        """Frame totals over the account (``doneFramesTotal``, ``failedFramesTotal``, ...)."""
        return self._post(ep.ALL_FRAME_STATS)

    def restart_failed_frames(
        self, task_ids: Iterable[TaskId], status: Optional[Iterable[int]] = None
    ) -> None:
        """Re-render the tasks' frames in ``status`` (frame status codes; default: failed frames)."""
        body: Dict[str, Any] = {"taskIds": task_id_list(task_ids)}
        if status is not None:
            body["status"] = [int(item) for item in status]
        return self._post(ep.RESTART_FAILED_FRAMES, body)

    def restart_frames(
        self,
        task_id: TaskId,
        frame_ids: Optional[Iterable[int]] = None,
        status: Optional[Iterable[int]] = None,
    ) -> None:
        """Re-render frames by record ``id`` (all frames when ``frame_ids`` is None)."""
        return self._post(ep.RESTART_FRAMES, _frame_selection(task_id, frame_ids, status))

    def stop_frames(
        self,
        task_id: TaskId,
        frame_ids: Optional[Iterable[int]] = None,
        status: Optional[Iterable[int]] = None,
    ) -> Any:
        """Stop frames by record ``id`` (all frames when ``frame_ids`` is None)."""
        return self._post(ep.STOP_FRAMES, _frame_selection(task_id, frame_ids, status))

    def frame_ids_for(self, task_id: TaskId, frame_labels: Iterable[str]) -> List[int]:
        """Record ids of the frames whose ``frameIndex`` is one of ``frame_labels`` (``"6"``, ``"7-9[1]"``).

        Unknown labels raise :class:`NotFound` instead of being silently ignored.
        """
        wanted = {str(label) for label in frame_labels}
        found: Dict[str, List[int]] = {}
        for frame in self.iter_frames(task_id):
            label = str(frame.get("frameIndex"))
            if label in wanted:
                found.setdefault(label, []).append(int(frame["id"]))
        missing = sorted(wanted - set(found))
        if missing:
            raise NotFound(f"task {task_id} has no frame {', '.join(missing)}", path=ep.TASK_FRAMES)
        return [frame_id for label in sorted(found) for frame_id in found[label]]

    def restart_frames_by_number(self, task_id: TaskId, frame_labels: Iterable[str]) -> None:
        """Re-render the frames with these ``frameIndex`` labels."""
        return self.restart_frames(task_id, self.frame_ids_for(task_id, frame_labels))

    def stop_frames_by_number(self, task_id: TaskId, frame_labels: Iterable[str]) -> Any:
        """Stop the frames with these ``frameIndex`` labels."""
        return self.stop_frames(task_id, self.frame_ids_for(task_id, frame_labels))

    def task_progress_image(self, task_id: TaskId, frame_type: Optional[int] = None) -> Any:
        """Progress image information of a 3ds Max task (``frame_type`` 2 photon, 5 picture)."""
        body: Dict[str, Any] = {"taskId": int(task_id)}
        if frame_type is not None:
            body["frameType"] = int(frame_type)
        return self._post(ep.TASK_PROGRESS_IMAGE, body)

    def frame_thumbnail(self, frame_id: int, frame_status: int = 4) -> Any:
        """Thumbnail of a frame (only done frames, status 4, have one)."""
        return self._post(ep.FRAME_THUMBNAIL, {"id": int(frame_id), "frameStatus": int(frame_status)})

    def render_log(
        self, frame_id: int, rendering_type: str = "render", page_num: int = 1, page_size: int = 1
    ) -> Any:
        """One page of a frame's render log."""
        body = {"renderingType": str(rendering_type), "pageNum": int(page_num), "pageSize": int(page_size)}
        body["id"] = int(frame_id)
        return self._post(ep.RENDER_LOG, body)

    def iter_render_log(
        self, frame_id: int, rendering_type: str = "render", page_size: int = 100
    ) -> Iterator[Any]:
        """Every line (item) of a frame's render log."""
        return iter_items(
            lambda n: self.render_log(frame_id, rendering_type, n, page_size), path=ep.RENDER_LOG
        )

    def output_files(self, tree_path: str = "/", task_id: Optional[TaskId] = None) -> List[Dict[str, Any]]:
        """Entries of the output storage under ``tree_path`` (for a layered task use the layer's id)."""
        body: Dict[str, Any] = {"treePath": str(tree_path)}
        if task_id is not None:
            body["taskId"] = int(task_id)
        return self._post(ep.OUTPUT_FILES, body)


def _frame_selection(
    task_id: TaskId, frame_ids: Optional[Iterable[int]], status: Optional[Iterable[int]]
) -> Dict[str, Any]:
    body: Dict[str, Any] = {"taskId": int(task_id)}
    if frame_ids is None:
        body["selectAll"] = 1
    else:
        body["ids"] = [int(item) for item in frame_ids]
        body["selectAll"] = 0
        if not body["ids"]:
            raise ValueError("no frame ids given (pass None to select every frame)")
    if status is not None:
        body["status"] = [int(item) for item in status]
    return body
