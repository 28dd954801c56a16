"""Undo the tricks fraud SMS use to slip past keyword filters, so that rules and models see one spelling.

Senders write 銀行 for 银行, ｉｃｂｃ for icbc, Cyrillic а for Latin a, 冻*结 or 冻 结 or 冻🔥结 for 冻结, and
hide zero-width characters inside words. ``normalise`` maps all of these to one form: NFKC (full-width to
half-width, circled digits to digits), zero-width and control characters removed, combining marks
dropped, homoglyphs folded to Latin, common traditional characters folded to simplified, ASCII lowered,
and separators that sit *between two Chinese characters* removed (Chinese does not put spaces or symbols
inside words, so there they are noise). It is idempotent: normalising twice changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalise"]

# Cyrillic and Greek letters that render like Latin ones (lower and upper case).
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t",
    "У": "y", "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n",
    "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    "ı": "i", "ɡ": "g", "ⅼ": "l", "ǀ": "l",
}  # fmt: skip

# Traditional characters common in fraud wording, folded to simplified (a full converter is not needed:
# evasion uses a handful of characters in the words that filters look for).
_TRAD = (
    "銀银賬账帳账戶户凍冻結结碼码驗验證证詐诈騙骗貸贷點点擊击領领獎奖積积兌兑換换紅红額额財财務务轉转號号機机"
    "關关網网費费補补貼贴稅税醫医險险資资錢钱幣币國国際际電电話话訊讯認认請请聯联繫系係系單单傭佣運运遞递臨临時时"
    "會会員员禮礼總总經经開开門门問问題题東东車车書书長长個个們们為为這这來来對对發发現现檢检査查察察億亿萬万華华"
    "寶宝貝贝靈灵樂乐愛爱親亲戲戏劃划幣币匯汇紀纪務务營营業业級级鏈链連连載载碼码顧顾廣广歲岁醫医療疗處处報报勞劳"
    "動动區区塊块鎖锁鐵铁買买賣卖價价優优惠惠禮礼務务員员憑凭據据狀状態态掃扫維维護护網网絡络設设備备統统計计違违規规"
    "罰罚款款凍冻漲涨賺赚虧亏損损專专導导師师課课務务勵励獲获費费簽签約约證证碼码險险貨货購购務务"
)
_TRAD_MAP = {_TRAD[i]: _TRAD[i + 1] for i in range(0, len(_TRAD), 2)}

_DROP = dict.fromkeys(
    [0x00AD, 0x034F, 0x180E, *range(0x200B, 0x2010), *range(0x2060, 0x2065), 0xFEFF, *range(0xFE00, 0xFE10)]
)


def _marks_and_controls() -> dict[int, str | None]:
    """Combining marks (zalgo, accents left after folding) are dropped; control characters become spaces.

    Scans the planes where such characters live once at import (a few ms) so that the hot path is one
    ``str.translate``.
    """
    table: dict[int, str | None] = {}
    for cp in (*range(0x20000), *range(0xE0000, 0xE0200)):
        cat = unicodedata.category(chr(cp))
        if cat in ("Mn", "Me"):
            table[cp] = None
        elif cat == "Cc" and cp not in (0x09, 0x0A, 0x0D):
            table[cp] = " "
    return table


_TABLE: dict[int, str | int | None] = {
    **_marks_and_controls(),
    **_DROP,
    **{ord(k): v for k, v in _HOMOGLYPHS.items()},
    **{ord(k): v for k, v in _TRAD_MAP.items()},
    **{c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
}

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Punctuation a Chinese sentence legitimately has between two characters; anything else there is noise.
_KEEP = r",!?:;()\[\]。、【】《》“”‘’「」『』…%"
_NOISE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[^\w{_KEEP}{_CJK}]+(?=[{_CJK}])")


def _pass(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    if not text.isascii():
        text = _NOISE_BETWEEN_CJK.sub("", text)
    return " ".join(text.split())  # collapse whitespace runs (C loop; a regex costs ~3x)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The evasion-free form of an SMS (see module docstring). Idempotent."""
    return _pass(text)
