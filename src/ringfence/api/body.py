"""Request bodies read without blocking the event loop and without holding a whole upload in memory.

The size limit is enforced before the body is read: a ``Content-Length`` over it is refused at once
(413), and a body without one (chunked) is refused as soon as the bytes received pass the limit, so a
client cannot make the server buffer more than the limit. What was received goes into a spooled
temporary file: in memory up to ``SPOOL_BYTES``, on disk after that (disk writes in a worker thread).
"""

from __future__ import annotations

import tempfile
from typing import BinaryIO, cast

import anyio.to_thread
from starlette.requests import Request

from ringfence.errors import RingfenceError

__all__ = ["SPOOL_BYTES", "BodyTooLargeError", "spool_body"]

SPOOL_BYTES = 1024 * 1024


class BodyTooLargeError(RingfenceError):
    """The request body is over the configured limit (413); nothing of it was processed."""


def _too_large(size: int | str, limit: int) -> BodyTooLargeError:
    return BodyTooLargeError(f"body of {size} bytes is over the limit of {limit:,} (RINGFENCE_MAX_UPLOAD_MB)")


async def spool_body(request: Request, limit: int) -> BinaryIO:
    """The request body in a spooled file positioned at 0; ``BodyTooLargeError`` past ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise _too_large(f"{int(declared):,}", limit)
    # a spooled file is a binary stream in all but its declared type
    buffer = cast(BinaryIO, tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))  # noqa: SIM115 (returned)
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(f"more than {limit:,}", limit)
            if size > SPOOL_BYTES:  # spilled to disk: write there off the event loop
                await anyio.to_thread.run_sync(buffer.write, chunk)
            else:
                buffer.write(chunk)
        buffer.seek(0)
    except BaseException:
        buffer.close()
        raise
    return buffer
