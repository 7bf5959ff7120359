"""The Farmhand operators: check the scene and the farm, preview the job, submit, cancel, download.

Operators run on the main thread and return at once: anything that waits on the network or
hashes files is handed to :mod:`.background`.  Submitting needs the file saved (the farm renders
the file on disk, not the session), so unsaved changes are offered to be saved in a dialog and
never silently left out.
"""

from __future__ import annotations

import bpy
from bpy.props import BoolProperty

from .analysis import Analysis, analyze
from .background import RUNNER, TICK_INTERVAL, DownloadJob, SubmitJob
from .state import STATE

PREVIEW_TEXT = "farmhand_task.json"
PREVIEW_LINES = 60


def fresh_analysis(context) -> Analysis:
    analysis = analyze(context.scene)
    STATE.store(analysis)
    return analysis


def provider_factory(profile: str):
    """Credentials are looked up by profile name on the worker thread, never kept in the .blend."""

    def make():
        from farmhand.providers import provider_for

        return provider_for(profile)

    return make


def download_folder(context) -> str:
    return bpy.path.abspath(context.scene.farmhand.download_dir)


class FARMHAND_OT_check_scene(bpy.types.Operator):
    """Read the scene again: dependencies, missing files, validation and the job preview"""

    bl_idname = "farmhand.check_scene"
    bl_label = "Check Scene"
    bl_options = {"REGISTER"}

    def execute(self, context):
        analysis = fresh_analysis(context)
        if analysis.error:
            self.report({"ERROR"}, analysis.error)
            return {"CANCELLED"}
        errors, warnings = len(analysis.report.errors), len(analysis.report.warnings)
        self.report({"WARNING" if errors else "INFO"}, f"{errors} error(s), {warnings} warning(s)")
        return {"FINISHED"}


def _connection_tick():
    checking = STATE.drain_connections()
    from .background import _redraw_sidebars

    _redraw_sidebars()
    return TICK_INTERVAL if checking else None


class FARMHAND_OT_check_connection(bpy.types.Operator):
    """Contact the chosen farm (in the background) and show whether it answers"""

    bl_idname = "farmhand.check_connection"
    bl_label = "Check Connection"
    bl_options = {"REGISTER"}

    def execute(self, context):
        STATE.check_connection(context.scene.farmhand.profile)
        if not bpy.app.timers.is_registered(_connection_tick):
            bpy.app.timers.register(_connection_tick, first_interval=TICK_INTERVAL)
        return {"FINISHED"}


class FARMHAND_OT_preview_task(bpy.types.Operator):
    """Show the task.json that Submit would send (or open it as a text datablock)"""

    bl_idname = "farmhand.preview_task"
    bl_label = "Preview task.json"
    bl_options = {"REGISTER"}

    to_text: BoolProperty(name="Open as Text", description="Write it into a text datablock", default=False)

    def invoke(self, context, event):
        analysis = fresh_analysis(context)
        if not analysis.task_json:
            self.report({"ERROR"}, analysis.error or "nothing to render: no view layer is chosen")
            return {"CANCELLED"}
        if self.to_text:
            return self.execute(context)
        return context.window_manager.invoke_popup(self, width=700)

    def draw(self, context):
        analysis = STATE.current_analysis()
        lines = analysis.task_json.splitlines() if analysis is not None else []
        column = self.layout.column(align=True)
        for line in lines[:PREVIEW_LINES]:
            column.label(text=line.replace("    ", "  "))
        if len(lines) > PREVIEW_LINES:
            column.label(text=f"... {len(lines) - PREVIEW_LINES} more line(s)")
        self.layout.operator(FARMHAND_OT_preview_task.bl_idname, text="Open as Text").to_text = True

    def execute(self, context):
        analysis = STATE.current_analysis() or fresh_analysis(context)
        if not analysis.task_json:
            self.report({"ERROR"}, analysis.error or "nothing to render: no view layer is chosen")
            return {"CANCELLED"}
        text = bpy.data.texts.get(PREVIEW_TEXT) or bpy.data.texts.new(PREVIEW_TEXT)
        text.from_string(analysis.task_json)
        _show_text(context, text)
        self.report({"INFO"}, f"task.json written to the text {text.name!r}")
        return {"FINISHED"}


def _show_text(context, text) -> None:
    screen = getattr(context, "screen", None)
    for area in getattr(screen, "areas", ()):
        if area.type == "TEXT_EDITOR":
            area.spaces.active.text = text
            return


class FARMHAND_OT_submit(bpy.types.Operator):
    """Submit the saved file to the farm; hashing, upload and rendering run in the background"""

    bl_idname = "farmhand.submit"
    bl_label = "Submit to Farm"
    bl_options = {"REGISTER"}

    save_changes: BoolProperty(
        name="Save Changes",
        description="Save the file before submitting (the farm renders the file as saved)",
        default=True,
    )

    @classmethod
    def poll(cls, context):
        return not RUNNER.busy

    def invoke(self, context, event):
        if not bpy.data.filepath:
            self.report({"WARNING"}, "Save the file first, then submit")
            bpy.ops.wm.save_as_mainfile("INVOKE_DEFAULT")
            return {"CANCELLED"}
        if bpy.data.is_dirty:
            return context.window_manager.invoke_props_dialog(self, width=400)
        return self.execute(context)

    def draw(self, context):
        self.layout.label(text="The file has unsaved changes; the farm renders the saved file.", icon="ERROR")
        self.layout.prop(self, "save_changes")

    def execute(self, context):
        if not bpy.data.filepath:
            self.report({"ERROR"}, "the file has never been saved; save it before submitting")
            return {"CANCELLED"}
        if bpy.data.is_dirty:
            if not self.save_changes:
                self.report({"ERROR"}, "unsaved changes would not reach the farm; save them, then submit")
                return {"CANCELLED"}
            bpy.ops.wm.save_mainfile()
        analysis = fresh_analysis(context)
        if not analysis.can_submit:
            problems = analysis.error or "; ".join(tip.message for tip in analysis.report.errors)
            self.report({"ERROR"}, f"not submitted: {problems}")
            return {"CANCELLED"}
        settings = context.scene.farmhand
        assert analysis.scene is not None
        job = SubmitJob(
            analysis.scene,
            analysis.options,
            provider_factory(settings.profile),
            download_dir=download_folder(context) if settings.auto_download else None,
        )
        RUNNER.run(job)
        self.report({"INFO"}, f"submitting to {settings.profile} in the background")
        return {"FINISHED"}


class FARMHAND_OT_cancel(bpy.types.Operator):
    """Stop the running upload, or stop following the task (the farm keeps rendering it)"""

    bl_idname = "farmhand.cancel"
    bl_label = "Cancel"
    bl_options = {"REGISTER"}

    @classmethod
    def poll(cls, context):
        return RUNNER.busy

    def execute(self, context):
        RUNNER.cancel()
        return {"FINISHED"}


class FARMHAND_OT_download(bpy.types.Operator):
    """Download the last task's finished frames into the download folder"""

    bl_idname = "farmhand.download"
    bl_label = "Download Frames"
    bl_options = {"REGISTER"}

    @classmethod
    def poll(cls, context):
        return not RUNNER.busy and bool(RUNNER.view.task_id)

    def execute(self, context):
        settings = context.scene.farmhand
        folder = download_folder(context)
        RUNNER.run(DownloadJob(provider_factory(settings.profile), RUNNER.view.task_id, folder))
        self.report({"INFO"}, f"downloading task {RUNNER.view.task_id} into {folder}")
        return {"FINISHED"}


CLASSES = (
    FARMHAND_OT_check_scene,
    FARMHAND_OT_check_connection,
    FARMHAND_OT_preview_task,
    FARMHAND_OT_submit,
    FARMHAND_OT_cancel,
    FARMHAND_OT_download,
)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    if bpy.app.timers.is_registered(_connection_tick):
        bpy.app.timers.unregister(_connection_tick)
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
