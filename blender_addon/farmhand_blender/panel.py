"""The "Farmhand" tab of the 3D Viewport sidebar: a main panel and one sub-panel per topic.

Every panel lays out :func:`.panel_model.panel_model`; nothing here decides anything, so the
tests that check the model check what the user sees.
"""

from __future__ import annotations

import bpy

from .panel_model import PanelModel, panel_model
from .properties import scene_frame_spec

MAX_ROWS = 40  # dependency rows drawn before "... N more" (the sidebar is not a file browser)


def _size(count: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return ""


class _FarmhandPanel:
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Farmhand"

    def model(self, context) -> PanelModel:
        return panel_model(context)


class FARMHAND_PT_main(_FarmhandPanel, bpy.types.Panel):
    bl_idname = "FARMHAND_PT_main"
    bl_label = "Farmhand"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.farmhand
        model = self.model(context)
        row = layout.row(align=True)
        row.prop(settings, "profile")
        row.operator("farmhand.check_connection", text="", icon="URL")
        if model.config_error:
            layout.label(text=model.config_error, icon="ERROR")
        if model.connection is not None:
            icon = {"connected": "CHECKMARK", "failed": "ERROR"}.get(model.connection.status, "TIME")
            line = layout.row()
            line.alert = model.connection.status == "failed"
            line.label(text=model.connection.message, icon=icon)
        layout.prop(settings, "job_name")
        layout.prop(settings, "project")
        layout.prop(settings, "priority")


class FARMHAND_PT_frames(_FarmhandPanel, bpy.types.Panel):
    bl_idname = "FARMHAND_PT_frames"
    bl_label = "Frames"
    bl_parent_id = "FARMHAND_PT_main"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.farmhand
        frames = self.model(context).frames
        layout.prop(settings, "use_custom_frames")
        if frames.custom:
            row = layout.row()
            row.alert = bool(frames.error)
            row.prop(settings, "frames")
            if frames.error:
                box = layout.box()
                box.alert = True
                box.label(text=f"at character {frames.position + 1}: {frames.error}", icon="ERROR")
        else:
            layout.label(text=f"Scene frames: {scene_frame_spec(context.scene)}")
        layout.prop(settings, "frames_per_task")


class FARMHAND_PT_layers(_FarmhandPanel, bpy.types.Panel):
    bl_idname = "FARMHAND_PT_layers"
    bl_label = "Scenes and View Layers"
    bl_parent_id = "FARMHAND_PT_main"

    def draw(self, context):
        layout = self.layout
        for row_data in self.model(context).layers:
            layer = bpy.data.scenes[row_data.scene].view_layers[row_data.layer]
            row = layout.row()
            row.prop(layer, "farmhand_render", text=f"{row_data.scene} / {row_data.layer}")
            cameras = ", ".join(row_data.cameras) or "no camera"
            sub = row.row()
            sub.alert = row_data.render and not row_data.cameras
            sub.label(text=cameras, icon="CAMERA_DATA")


class FARMHAND_PT_output(_FarmhandPanel, bpy.types.Panel):
    bl_idname = "FARMHAND_PT_output"
    bl_label = "Output"
    bl_parent_id = "FARMHAND_PT_main"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        for output in self.model(context).outputs:
            box = self.layout.box()
            box.label(text=f"{output.scene}: {output.engine}", icon="SCENE_DATA")
            box.label(text=f"{output.width} x {output.height} px ({output.percentage}%)")
            row = box.row()
            row.alert = output.is_movie
            movie = " - a movie: the farm needs image frames" if output.is_movie else ""
            row.label(text=f"{output.file_format}{movie}", icon="ERROR" if output.is_movie else "IMAGE_DATA")
            box.label(text=output.frame_path, icon="FILE_FOLDER")


class FARMHAND_PT_files(_FarmhandPanel, bpy.types.Panel):
    bl_idname = "FARMHAND_PT_files"
    bl_label = "Files"
    bl_parent_id = "FARMHAND_PT_main"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        layout = self.layout
        model = self.model(context)
        if not model.analysed:
            layout.label(text="Save the file to list its files")
            return
        layout.label(text=f"{len(model.dependencies)} file reference(s), {len(model.missing)} missing")
        for dependency in model.dependencies[:MAX_ROWS]:
            column = layout.column(align=True)
            column.alert = bool(dependency.missing)
            icon = "ERROR" if dependency.missing else "FILE"
            column.label(text=f"{dependency.kind}: {dependency.path}", icon=icon)
            column.label(text=f"    used by {dependency.datablock}")
        if len(model.dependencies) > MAX_ROWS:
            layout.label(text=f"... {len(model.dependencies) - MAX_ROWS} more")


class FARMHAND_PT_checks(_FarmhandPanel, bpy.types.Panel):
    bl_idname = "FARMHAND_PT_checks"
    bl_label = "Checks"
    bl_parent_id = "FARMHAND_PT_main"

    def draw(self, context):
        layout = self.layout
        model = self.model(context)
        text = "Check Again" if model.stale else "Check Scene"
        layout.operator("farmhand.check_scene", text=text, icon="FILE_REFRESH")
        if model.analysis_error:
            layout.label(text=model.analysis_error, icon="ERROR")
        for tip in model.errors + model.warnings:
            column = layout.column(align=True)
            column.alert = tip.severity == "error"
            column.label(text=tip.message, icon="ERROR" if tip.severity == "error" else "INFO")
            if tip.subject:
                column.label(text=f"    {tip.subject}")
        if model.analysed and not model.errors and not model.warnings and not model.analysis_error:
            layout.label(text="No problems found", icon="CHECKMARK")


class FARMHAND_PT_submit(_FarmhandPanel, bpy.types.Panel):
    bl_idname = "FARMHAND_PT_submit"
    bl_label = "Submit"
    bl_parent_id = "FARMHAND_PT_main"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.farmhand
        model = self.model(context)
        layout.prop(settings, "auto_download")
        layout.prop(settings, "download_dir")
        layout.operator("farmhand.preview_task", icon="TEXT")
        row = layout.row()
        row.scale_y = 1.5
        row.enabled = model.can_submit
        row.operator("farmhand.submit", icon="EXPORT")
        if model.blocked and not model.busy:
            layout.label(text=model.blocked, icon="CANCEL")
        elif model.dirty:
            layout.label(text="Unsaved changes will be offered to be saved", icon="INFO")
        draw_job(layout, model)


def draw_job(layout, model: PanelModel) -> None:
    job = model.job
    if not job.kind:
        return
    box = layout.box()
    if job.task_id:
        box.label(text=f"Task {job.task_id}", icon="RENDER_ANIMATION")
    if job.message:
        box.label(text=job.message)
    transfer = job.transfer
    if transfer is not None and job.stage in ("upload", "download"):
        box.label(text=f"{transfer.phase}: {transfer.files_done}/{transfer.files_total} file(s)")
        box.label(
            text=f"{_size(transfer.bytes_done)} of {_size(transfer.bytes_total)}, {_size(transfer.rate)}/s"
        )
    if job.task is not None:
        task = job.task
        box.label(text=f"{task.status}: {task.frames_done}/{task.frames_total} frame(s) done")
        if task.frames_failed:
            box.label(text=f"{task.frames_failed} frame(s) failed", icon="ERROR")
    if job.error:
        line = box.row()
        line.alert = True
        line.label(text=job.error, icon="ERROR")
    if job.downloaded:
        box.label(text=f"{len(job.downloaded)} file(s) downloaded", icon="CHECKMARK")
    if job.running:
        box.operator(
            "farmhand.cancel", icon="CANCEL", text="Stop Following" if job.stage == "monitor" else "Cancel"
        )
    elif job.task_id:
        box.operator("farmhand.download", icon="IMPORT")


CLASSES = (
    FARMHAND_PT_main,
    FARMHAND_PT_frames,
    FARMHAND_PT_layers,
    FARMHAND_PT_output,
    FARMHAND_PT_files,
    FARMHAND_PT_checks,
    FARMHAND_PT_submit,
)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
