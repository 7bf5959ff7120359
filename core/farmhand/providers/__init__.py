"""Farm providers and the factory that picks one from a config profile.

With no config at all the profile is ``local``: Farmhand's own farm, started
in the background under ``$FARMHAND_HOME`` when it is not running.
"""

from __future__ import annotations

from typing import List, Optional

from farmhand.config import ConfigError, Profile, load_config
from farmhand.errors import FarmhandError
from farmhand.providers.base import (
    Capabilities,
    FarmProvider,
    FrameState,
    TaskState,
    UploadSummary,
    capability_tips,
)
from farmhand.validate.tips import ERROR, Tip

__all__ = [
    "Capabilities",
    "FarmProvider",
    "FrameState",
    "TaskState",
    "UploadSummary",
    "farm_checks",
    "http_farm_provider",
    "provider_for",
]


def provider_for(profile: Optional[str] = None) -> FarmProvider:
    """The provider for a profile name (None: the config's default, else the local farm)."""
    return provider_from_profile(load_config().profile(profile))


def farm_checks(profile_name: Optional[str], scene, options) -> List[Tip]:
    """What the chosen farm says about this job, without contacting it or starting anything.

    The submitter shows these with validation while the user edits, so a farm
    that cannot do something (Rentaflop's frame override, SRP's missing
    collection) says so before Submit.  The local farm is never started here.
    """
    try:
        profile = load_config().profile(profile_name)
        if profile.farm in ("local", "renderbus"):
            from farmhand.providers.renderbus import RenderbusProvider

            return capability_tips(RenderbusProvider.capabilities, profile.name, scene, options)
        return provider_from_profile(profile).check(scene, options)
    except FarmhandError as exc:
        return [Tip(ERROR, f"farm profile {profile_name or '(default)'}: {exc}", "farm_capabilities")]


def provider_from_profile(profile: Profile) -> FarmProvider:
    if profile.farm == "local":
        return _local(profile)
    if profile.farm == "renderbus":
        return _renderbus(profile)
    if profile.farm == "rentaflop":
        return _rentaflop(profile)
    if profile.farm == "srp":
        return _srp(profile)
    raise ConfigError(f"profile {profile.name}: farm {profile.farm!r} is not supported by this version")


def _local(profile: Profile) -> FarmProvider:
    from pathlib import Path

    from farmhand import localfarm

    if profile.get("url"):
        # An already running farm (another machine user's, a test's): no background start.
        url = str(profile.get("url"))
        access_id, access_key = str(profile.get("access_id")), profile.secret("access_key")
    else:
        data = profile.get("data")
        farm = localfarm.ensure_running(Path(data).expanduser() if data else None)
        url, access_id, access_key = farm.url, farm.access_id, farm.access_key
    return http_farm_provider(url, access_id, access_key, "2", name="local farm", poll=(0.5, 3.0))


def http_farm_provider(
    url: str,
    access_id: str,
    access_key: str,
    platform: str = "2",
    *,
    name: str = "local farm",
    poll: tuple = (0.5, 3.0),
) -> FarmProvider:
    """A provider for any farm that speaks Farmhand's storage protocol at ``url``."""
    from urllib.parse import urlsplit

    from farmhand.api import RenderbusClient
    from farmhand.providers.renderbus import RenderbusProvider
    from farmhand.transfer import FarmConnection, HttpEngine

    parts = urlsplit(url)
    client = RenderbusClient(
        access_id, access_key, domain=parts.netloc, platform=platform, protocol=parts.scheme
    )
    engine = HttpEngine(FarmConnection(url, access_id, access_key, platform=platform))
    return RenderbusProvider(client, engine, name=name, poll_interval=poll)


def _renderbus(profile: Profile) -> FarmProvider:
    from farmhand.api import RenderbusClient
    from farmhand.providers.renderbus import RenderbusProvider
    from farmhand.transfer import RaysyncEngine

    domain = str(profile.get("domain", "task.renderbus.com"))
    platform = str(profile.get("platform", "2"))
    protocol = str(profile.get("protocol", "https"))
    access_id = str(profile.get("access_id") or profile.secret("access_id"))
    access_key = profile.secret("access_key")
    if profile.get("transfer") == "http":  # a farm that speaks Farmhand's storage protocol
        return http_farm_provider(
            f"{protocol}://{domain}", access_id, access_key, platform, name=profile.name, poll=(2, 30)
        )
    client = RenderbusClient(
        access_id, access_key, domain=domain, platform=platform, protocol=protocol, min_interval=10
    )
    engine = RaysyncEngine(_vendor_api(access_id, access_key, domain, platform, protocol))
    return RenderbusProvider(client, engine, name=profile.name)


def _vendor_api(access_id: str, access_key: str, domain: str, platform: str, protocol: str):
    """The official SDK object rayvision_sync needs; only built when the cloud is used."""
    try:
        from rayvision_api import RayvisionAPI
    except ImportError as exc:
        raise ConfigError(
            "uploading to the Renderbus cloud needs the vendor's transfer tools: pip install rayvision_sync"
        ) from exc
    return RayvisionAPI(
        access_id=access_id, access_key=access_key, domain=domain, platform=platform, protocol=protocol
    )


def _poll(profile: Profile, default: tuple) -> tuple:
    value = profile.get("poll_interval")
    if value is None:
        return default
    try:
        low, high = (float(v) for v in (value if isinstance(value, (list, tuple)) else (value, value)))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"profile {profile.name}: poll_interval must be seconds or [min, max]") from exc
    return (low, high)


def _rentaflop(profile: Profile) -> FarmProvider:
    from farmhand.providers.rentaflop import RentaflopProvider
    from farmhand.providers.rentaflop_client import DEFAULT_URL, RentaflopClient

    client = RentaflopClient(profile.secret("api_key"), str(profile.get("url", DEFAULT_URL)))
    return RentaflopProvider(
        client,
        name=profile.name,
        blender_version=str(profile.get("blender_version", "")),
        poll_interval=_poll(profile, (5.0, 60.0)),
    )


def _srp(profile: Profile) -> FarmProvider:
    from farmhand.providers.srp import srp_provider

    return srp_provider(profile, poll=_poll(profile, (5.0, 60.0)))
