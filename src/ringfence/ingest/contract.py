"""The record formats of ``docs/data-contract.md`` (shared/design/DATA.md) as data.

Readers, validators, the simulator and the API all derive their columns from these specs, so the
contract is written down exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CALLS",
    "CONTRACTS",
    "MESSAGES",
    "SUBSCRIBERS",
    "Column",
    "ColumnType",
    "Contract",
    "RecordKind",
    "contract_for_header",
]


class RecordKind(StrEnum):
    CALLS = "calls"
    MESSAGES = "messages"
    SUBSCRIBERS = "subscribers"


class ColumnType(StrEnum):
    STRING = "string"
    NUMBER = "number"  # a telephone number: canonicalised, never rejected for being irregular
    TIMESTAMP = "timestamp"  # ISO-8601; no offset means UTC+08:00
    DURATION = "duration"  # integer seconds >= 0
    YEAR = "year"
    IMEI = "imei"  # 14-16 digits
    NUMBER_LIST = "number_list"  # ';'-separated numbers
    ID_HASH = "id_hash"  # keyed hash, never a plain identity number
    #: A time read leniently (ISO-8601 and a few other shapes, any year): null when unreadable, never a
    #: reason to reject the row. Typed Parquet times are taken as they are.
    LENIENT_TIMESTAMP = "lenient_timestamp"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str | None = None


@dataclass(frozen=True, slots=True)
class Contract:
    kind: RecordKind
    id_column: str
    time_column: str | None
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


S, N, T = ColumnType.STRING, ColumnType.NUMBER, ColumnType.TIMESTAMP

CALLS = Contract(
    RecordKind.CALLS,
    id_column="call_id",
    time_column="start_time",
    columns=(
        Column("call_id", S, required=True),
        Column("caller", N, required=True),
        Column("callee", N, required=True),
        Column("start_time", T, required=True),
        Column("duration_s", ColumnType.DURATION, required=True),
        Column("origin", S, choices=("intra", "inter", "international"), default="intra"),
        Column("caller_imei", ColumnType.IMEI),
        Column("caller_imsi", S),
        Column("caller_cell", S),
        Column("caller_region", S),
        Column("call_type", S, choices=("moc", "mtc", "fwd"), default="moc"),
    ),
)

MESSAGES = Contract(
    RecordKind.MESSAGES,
    id_column="sms_id",
    time_column="send_time",
    columns=(
        Column("sms_id", S, required=True),
        Column("sender", N, required=True),
        Column("receiver", N, required=True),
        Column("send_time", T, required=True),
        Column("text", S),
        Column("origin", S, choices=("intra", "inter", "international", "unknown"), default="intra"),
        Column("sender_cell", S),
    ),
)

SUBSCRIBERS = Contract(
    RecordKind.SUBSCRIBERS,
    id_column="number",
    time_column=None,
    columns=(
        Column("number", N, required=True),
        Column("id_hash", ColumnType.ID_HASH),
        Column("operator", S),
        Column("card_type", S, choices=("mobile", "iot", "fixed", "virtual")),
        Column("activated_at", T),
        Column("home_region", S),
        Column("birth_year", ColumnType.YEAR),
        Column("guardians", ColumnType.NUMBER_LIST),
        Column("channel", S),  # the sales channel (shop, agent, online store) that opened the card
        Column("province", S),  # the province the card was registered in
    ),
)

CONTRACTS: dict[RecordKind, Contract] = {c.kind: c for c in (CALLS, MESSAGES, SUBSCRIBERS)}


def contract_for_header(header: list[str] | tuple[str, ...]) -> Contract | None:
    """Which contract a file follows, judged by its id column (the one column each kind must have)."""
    names = set(header)
    for contract in CONTRACTS.values():
        if contract.id_column in names and set(contract.required) <= names:
            return contract
    for contract in CONTRACTS.values():
        if contract.id_column in names:
            return contract
    return None
