"""Outbox channels: how messages leave the platform (``ringfence.ports.channels.Channel``)."""

from ringfence.adapters.channels.files import FileExportChannel
from ringfence.adapters.channels.kannel import KannelChannel
from ringfence.adapters.channels.webhook import WebhookChannel

__all__ = ["FileExportChannel", "KannelChannel", "WebhookChannel"]
