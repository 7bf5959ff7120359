"""The streamed presigned-POST client against the strict S3 stand-in: what S3 refuses, and > 2 GiB."""

from __future__ import annotations

import base64
import json
import os
import tracemalloc

import pytest
from servers.rentaflop_api import UPLOADS

from farmhand.providers.rentaflop_upload import CHUNK_SIZE, S3Error, post_file
from farmhand.transfer.cancel import CancelToken
from farmhand.transfer.errors import TransferCancelled


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "scene.blend"
    path.write_bytes(b"BLENDER-v405" + os.urandom(5000))
    return path


def _presign(s3, **options):
    options.setdefault("conditions", [["content-length-range", 1, 10 * 1024**3]])
    return s3.presign_post(UPLOADS, "abc123/scene.blend", **options)


def test_valid_post_stores_the_exact_bytes(s3, small_file):
    target = _presign(s3)
    assert post_file(target["url"], target["fields"], str(small_file)) == 204
    assert s3.object_path(UPLOADS, "abc123/scene.blend").read_bytes() == small_file.read_bytes()


def test_success_action_status_201_and_filename_substitution(s3, small_file):
    target = s3.presign_post(
        UPLOADS,
        "uploads/${filename}",
        conditions=[["starts-with", "$key", "uploads/"], {"success_action_status": "201"}],
    )
    fields = dict(target["fields"], success_action_status="201")
    assert post_file(target["url"], fields, str(small_file)) == 201
    assert s3.object_path(UPLOADS, "uploads/scene.blend").is_file()


def test_expired_policy(s3, small_file):
    target = _presign(s3, expires_in=-1)
    with pytest.raises(S3Error, match="Policy expired") as caught:
        post_file(target["url"], target["fields"], str(small_file))
    assert (caught.value.status, caught.value.code) == (403, "AccessDenied")


def test_too_large_for_the_content_length_range(s3, small_file):
    target = _presign(s3, conditions=[["content-length-range", 1, 1000]])
    with pytest.raises(S3Error, match="EntityTooLarge") as caught:
        post_file(target["url"], target["fields"], str(small_file))
    assert caught.value.status == 400


def test_empty_file_below_the_range(s3, tmp_path):
    empty = tmp_path / "empty.blend"
    empty.write_bytes(b"")
    target = _presign(s3)
    with pytest.raises(S3Error, match="EntityTooSmall"):
        post_file(target["url"], target["fields"], str(empty))


def test_zero_byte_file_when_the_policy_allows_it(s3, tmp_path):
    empty = tmp_path / "empty.blend"
    empty.write_bytes(b"")
    target = _presign(s3, conditions=[["content-length-range", 0, 10]])
    assert post_file(target["url"], target["fields"], str(empty)) == 204
    assert s3.object_path(UPLOADS, "abc123/scene.blend").read_bytes() == b""


def test_tampered_key_fails_its_condition(s3, small_file):
    target = _presign(s3)
    fields = dict(target["fields"], key="someone-else/scene.blend")
    with pytest.raises(S3Error, match=r'Policy Condition failed: \["eq", "\$key", "abc123/scene.blend"\]'):
        post_file(target["url"], fields, str(small_file))
    assert not s3.object_path(UPLOADS, "someone-else/scene.blend").exists()


def test_extra_field_not_covered_by_the_policy(s3, small_file):
    target = _presign(s3)
    fields = dict(target["fields"], acl="public-read")
    with pytest.raises(S3Error, match="Extra input fields: acl"):
        post_file(target["url"], fields, str(small_file))


def test_tampered_signature(s3, small_file):
    target = _presign(s3)
    signature = target["fields"]["x-amz-signature"]
    fields = dict(
        target["fields"], **{"x-amz-signature": ("0" if signature[0] != "0" else "1") + signature[1:]}
    )
    with pytest.raises(S3Error, match="SignatureDoesNotMatch"):
        post_file(target["url"], fields, str(small_file))


def test_policy_widened_by_the_client_breaks_the_signature(s3, small_file):
    target = _presign(s3, conditions=[["content-length-range", 1, 1000]])
    policy = json.loads(base64.b64decode(target["fields"]["policy"]))
    policy["conditions"][0] = ["content-length-range", 1, 10**9]
    fields = dict(target["fields"], policy=base64.b64encode(json.dumps(policy).encode()).decode())
    with pytest.raises(S3Error, match="SignatureDoesNotMatch"):
        post_file(target["url"], fields, str(small_file))


def test_fields_after_the_file_are_ignored_like_s3_does(s3, small_file):
    """Why the file part must be last: S3 drops what follows it, here the key and the policy."""
    import http.client

    from farmhand.providers.rentaflop_upload import choose_boundary, multipart_parts

    target = _presign(s3)
    fields = list(target["fields"].items())
    boundary = choose_boundary(fields)
    head, tail = multipart_parts([], "scene.blend", boundary)
    after, _ = multipart_parts(fields, "x", boundary)
    body = (
        head
        + small_file.read_bytes()
        + b"\r\n"
        + after.split(b"--" + boundary.encode() + b'\r\nContent-Disposition: form-data; name="file"')[0]
        + tail[2:]
    )
    connection = http.client.HTTPConnection(s3.netloc.split(":")[0], int(s3.netloc.split(":")[1]))
    connection.request(
        "POST", f"/{UPLOADS}/", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    response = connection.getresponse()
    assert response.status == 400 and b"<Code>InvalidArgument</Code>" in response.read()
    assert s3.requests[-1]["after_file"] == [name for name, _ in fields]


def test_cancel_between_chunks(s3, tmp_path):
    big = tmp_path / "big.blend"
    big.write_bytes(os.urandom(3 * 256 * 1024))
    target = _presign(s3)
    token = CancelToken()
    events = []

    def on_progress(event):
        events.append(event)
        if event.bytes_done:
            token.cancel()

    with pytest.raises(TransferCancelled):
        post_file(
            target["url"],
            target["fields"],
            str(big),
            progress=on_progress,
            cancel=token,
            chunk_size=256 * 1024,
        )
    assert not s3.object_path(UPLOADS, "abc123/scene.blend").exists()


@pytest.mark.slow
def test_sparse_file_over_2_gib_streams_in_bounded_memory(s3, tmp_path):
    size = 2 * 1024**3 + 4096 + 7
    big = tmp_path / "huge.blend"
    with open(big, "wb") as handle:  # sparse: only the two markers take disk space here
        handle.write(b"HEAD")
        handle.seek(size - 4)
        handle.write(b"TAIL")
    target = _presign(s3)
    tracemalloc.start()
    try:
        assert post_file(target["url"], target["fields"], str(big)) == 204
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    stored = s3.object_path(UPLOADS, "abc123/scene.blend")
    assert stored.stat().st_size == size
    with open(stored, "rb") as handle:
        assert handle.read(4) == b"HEAD"
        handle.seek(size - 4)
        assert handle.read(4) == b"TAIL"
    # Client and server both run in this process; together they hold a few chunks, not the file.
    assert peak < 8 * CHUNK_SIZE, f"peak traced memory {peak} bytes"


def test_sigv2_forms_are_verified_too(s3, small_file):
    """The legacy shape (AWSAccessKeyId, policy, signature) boto3 may produce (services.md §1.5)."""
    import datetime as dt
    import hashlib
    import hmac

    from servers.s3 import ACCESS_KEY, SECRET_KEY

    expiration = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    policy = {"expiration": expiration, "conditions": [{"bucket": UPLOADS}, {"key": "v2/scene.blend"}]}
    policy_b64 = base64.b64encode(json.dumps(policy).encode()).decode()
    signature = base64.b64encode(
        hmac.new(SECRET_KEY.encode(), policy_b64.encode(), hashlib.sha1).digest()
    ).decode()
    fields = {
        "AWSAccessKeyId": ACCESS_KEY,
        "key": "v2/scene.blend",
        "policy": policy_b64,
        "signature": signature,
    }
    assert post_file(f"{s3.url}/{UPLOADS}/", fields, str(small_file)) == 204
    fields["signature"] = base64.b64encode(b"\0" * 20).decode()
    with pytest.raises(S3Error, match="SignatureDoesNotMatch"):
        post_file(f"{s3.url}/{UPLOADS}/", fields, str(small_file))
