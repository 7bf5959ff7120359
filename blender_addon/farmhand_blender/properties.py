"""The Farmhand settings saved in the .blend: per scene (``Scene.farmhand``) and per view layer.

Only choices about the job live here (profile *name*, project, frames, layers, downloads); the
farm's credentials stay in the user's config file or keyring and are looked up by profile name
when a submission starts, so sharing a .blend never shares an access key.

Two values are stored as plain ID properties behind a getter/setter instead of ordinary RNA
storage, because their default is not a constant:

* the profile enum stores the profile's *name*: a dynamic enum would otherwise save an index that
  points at another farm as soon as the user's config lists one more profile;
* ``ViewLayer.farmhand_render`` follows Blender's own choice (the active scene's view layers that
  are used for rendering) until the user ticks or unticks it.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import bpy
from bpy.props import BoolProperty, EnumProperty, IntProperty, PointerProperty, StringProperty

from farmhand.config import LOCAL_PROFILE, config_path, load_config
from farmhand.errors import FarmhandError

# ID property keys holding the user's explicit choices.
PROFILE_KEY = "profile_name"
LAYER_CHOICE_KEY = "farmhand_render_choice"

# Blender keeps only pointers to the strings of dynamic enum items: the list must stay alive.
_profile_items_cache: List[Tuple[str, str, str]] = []


_names_cache: Dict[Tuple[str, int, int], Tuple[List[str], str]] = {}


def profile_names() -> Tuple[List[str], str]:
    """The config's profile names ("local" always among them) and a config error, if any.

    Panels redraw often and the enum asks for its items on every draw, so the answer is kept
    until the config file changes (its path, modification time or size).
    """
    path = config_path()
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(path), -1, -1)
    if key not in _names_cache:
        try:
            answer = (load_config(path).names(), "")
        except FarmhandError as exc:
            answer = ([LOCAL_PROFILE], str(exc))
        _names_cache.clear()
        _names_cache[key] = answer
    return _names_cache[key]


def _profile_items(self, context) -> List[Tuple[str, str, str]]:
    names, _ = profile_names()
    stored = self.get(PROFILE_KEY, "")
    if stored and stored not in names:  # keep a profile the .blend names but this machine lacks
        names = names + [stored]
    items = [(name, name, f"Submit to the farm of profile {name!r}") for name in names]
    _profile_items_cache[:] = items
    return _profile_items_cache


def _get_profile(self) -> int:
    names = [item[0] for item in _profile_items(self, None)]
    stored = self.get(PROFILE_KEY, "") or default_profile()
    return names.index(stored) if stored in names else 0


def _set_profile(self, index: int) -> None:
    names = [item[0] for item in _profile_items(self, None)]
    self[PROFILE_KEY] = names[index]


def default_profile() -> str:
    try:
        return load_config().default_profile
    except FarmhandError:
        return LOCAL_PROFILE


def _relative_path_options() -> set:
    """Blender 4.5 warns on ``//`` in path properties unless they say they support it (older ones lack it)."""
    try:
        StringProperty(options={"PATH_SUPPORTS_BLEND_RELATIVE"})
    except TypeError:
        return set()
    return {"PATH_SUPPORTS_BLEND_RELATIVE"}


def _settings_changed(self, context) -> None:
    from .state import STATE

    STATE.mark_stale()


def _custom_frames_toggled(self, context) -> None:
    """Start the custom spec from the scene's own range, so the user edits rather than retypes."""
    if self.use_custom_frames and not self.frames.strip():
        self.frames = scene_frame_spec(self.id_data)
    _settings_changed(self, context)


def scene_frame_spec(scene) -> str:
    from farmhand.frames import FrameSpec

    end = max(scene.frame_end, scene.frame_start)
    return FrameSpec.from_range(scene.frame_start, end, max(scene.frame_step, 1)).to_fox()


class FarmhandSceneSettings(bpy.types.PropertyGroup):
    """What the user chose for this scene's submissions (saved with the .blend)."""

    profile: EnumProperty(
        name="Farm",
        description="Farm profile from the Farmhand config (credentials stay in the config, not the .blend)",
        items=_profile_items,
        get=_get_profile,
        set=_set_profile,
        update=_settings_changed,
    )
    job_name: StringProperty(
        name="Job Name",
        description="Label of the task on the farm (empty: the file name)",
        default="",
        update=_settings_changed,
    )
    project: StringProperty(
        name="Project", description="Farm project the task belongs to", default="", update=_settings_changed
    )
    priority: IntProperty(
        name="Priority",
        description="Task priority on the farm (50 normal, 60 high)",
        default=50,
        min=0,
        max=100,
        update=_settings_changed,
    )
    use_custom_frames: BoolProperty(
        name="Custom Frames",
        description="Render a frame spec of your own instead of the scene's start/end/step",
        default=False,
        update=_custom_frames_toggled,
    )
    frames: StringProperty(
        name="Frames",
        description='Fox frame spec, e.g. "1-10[1]" or "1,5,10-20[2]"',
        default="",
        update=_settings_changed,
    )
    frames_per_task: IntProperty(
        name="Frames per Task",
        description="Frames one farm machine renders in a row",
        default=1,
        min=1,
        update=_settings_changed,
    )
    auto_download: BoolProperty(
        name="Download Frames",
        description="Follow the task after submitting and download frames as they finish",
        default=True,
    )
    download_dir: StringProperty(
        name="Download To",
        description="Folder for downloaded frames (// is the .blend's folder)",
        default="//farmhand_downloads/",
        subtype="DIR_PATH",
        options=_relative_path_options(),
    )


def layer_choice(layer) -> Optional[bool]:
    """The user's explicit choice for a view layer, None while it follows Blender."""
    value = layer.get(LAYER_CHOICE_KEY)
    return None if value is None else bool(value)


def layer_default(layer) -> bool:
    """Blender renders the active scene's view layers that are used for rendering."""
    scene = layer.id_data
    active = getattr(bpy.context, "scene", None)
    return bool(layer.use) and (active is None or scene == active)


def _get_layer_render(self) -> bool:
    choice = layer_choice(self)
    return layer_default(self) if choice is None else choice


def _set_layer_render(self, value: bool) -> None:
    self[LAYER_CHOICE_KEY] = bool(value)
    _settings_changed(self, None)


CLASSES = (FarmhandSceneSettings,)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.Scene.farmhand = PointerProperty(type=FarmhandSceneSettings)
    bpy.types.ViewLayer.farmhand_render = BoolProperty(
        name="Render on Farm",
        description="Submit this view layer (follows the layer's Use for Rendering until you choose)",
        get=_get_layer_render,
        set=_set_layer_render,
    )


def unregister() -> None:
    del bpy.types.ViewLayer.farmhand_render
    del bpy.types.Scene.farmhand
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
