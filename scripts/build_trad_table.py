"""Regenerate ``src/ringfence/lexical/traditional.py`` from OpenCC (development tool; needs ``opencc``).

    python -m scripts.build_trad_table > src/ringfence/lexical/traditional.py.new

Every character U+4E00-U+9FFF that OpenCC ``t2s`` maps to one other character, except characters of the
GB 2312 simplified set (they are also ordinary simplified characters). The package never imports OpenCC.
"""

from __future__ import annotations

import textwrap


def pairs() -> str:
    import opencc

    t2s = opencc.OpenCC("t2s")
    out = []
    for cp in range(0x4E00, 0xA000):
        t = chr(cp)
        s = t2s.convert(t)
        if s == t or len(s) != 1:
            continue
        try:
            t.encode("gb2312")
            continue
        except UnicodeEncodeError:
            out.append(t + s)
    return "".join(out)


def main() -> int:
    for line in textwrap.wrap(pairs(), 100):
        print(f'    "{line}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
