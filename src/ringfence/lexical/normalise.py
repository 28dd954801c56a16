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

from ringfence.lexical.traditional import OPENCC_T2S

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
# A wider set of everyday traditional characters (Taiwan/Hong Kong senders write whole messages in them;
# the model and patterns are trained and written on simplified text). One-to-one folds only: characters
# whose simplified form is ambiguous (乾, 著, 覆) are left alone.
_TRAD_MORE = (
    "後后裡里裏里麼么於于週周讓让說说還还進进過过無无與与將将從从聽听實实體体學学習习樣样應应當当見见覺觉視视觀观記记"
    "許许論论識识語语讀读誰谁調调談谈議议訂订詳详試试誠诚謝谢講讲變变貴贵贈赠負负責责敗败質质賭赌賠赔趕赶跡迹軟软輕轻"
    "輸输辦办選选邊边郵邮鄉乡錯错鍵键閉闭間间閱阅隊队陽阳陰阴陳陈隨随雙双雜杂雞鸡離离難难韓韩頁页項项順顺須须預预頭头"
    "類类顯显風风飛飞飯饭館馆馬马髮发鬆松魚鱼鳥鸟麗丽黃黄齊齐齡龄龍龙儲储兒儿內内兩两冊册劑剂勝胜協协卻却參参吳吴啟启"
    "喚唤嗎吗嚴严圍围園园圖图團团場场壓压夠够奪夺奮奋婦妇媽妈孫孙寫写屆届屬属嶺岭島岛幫帮廳厅廠厂張张強强彈弹復复徵征"
    "憶忆懷怀戰战掛挂採采揚扬搶抢擁拥擇择擔担擴扩攝摄敵敌數数斷断晉晋曉晓暫暂條条極极構构標标樓楼權权歡欢歐欧歷历歸归"
    "殺杀氣气漢汉灣湾濟济滿满溫温測测準准潔洁熱热燈灯爭争爺爷牆墙獨独環环產产畫画盡尽監监盤盘確确禍祸種种稱称穩稳窮穷"
    "競竞筆笔節节範范簡简籤签糧粮紙纸細细終终組组絕绝給给絲丝綁绑綜综綠绿緊紧線线練练縣县績绩續续罷罢義义聖圣聞闻聲声"
    "職职肅肃腦脑興兴舉举舊旧艱艰藝艺蘭兰蟲虫衛卫衝冲裝装製制複复覽览觸触託托訪访評评詢询該该誤误諮咨貿贸賀贺賽赛贏赢"
    "趨趋躍跃軍军較较輛辆輪轮農农遊游達达遠远適适遲迟遺遗鄰邻釋释針针鈔钞鋪铺鏡镜鐘钟閒闲陸陆陣阵雖虽雲云靜静響响頂顶"
    "頻频願愿飲饮餘余驚惊鬥斗麵面黨党齒齿賴赖瀏浏檔档緣缘盜盗貓猫竊窃擾扰鎮镇錄录繳缴鈴铃銷销鑽钻錶表貢贡訴诉訟讼槍枪"
    "頒颁叢丛態态劵券瀨濑臉脸讚赞諾诺儀仪傳传傷伤價价僅仅億亿剛刚創创劇剧勢势區区嘗尝噴喷壞坏獎奖孃娘寬宽層层岡冈帥帅"
    "幾几庫库廢废彙汇徑径恥耻悅悦惡恶慣惯慮虑戀恋擬拟攜携斬斩暢畅曆历棄弃榮荣槓杠歎叹殘残毀毁沒没決决況况淚泪淨净涼凉"
    "淺浅渦涡湯汤滅灭漲涨滾滚濕湿瀕濒災灾為为烏乌煙烟爾尔牽牵狀状猶犹獵猎獻献瑪玛瓊琼瘋疯癢痒發发皺皱盃杯碩硕礙碍禦御"
    "禪禅穀谷窩窝竄窜筍笋箋笺簽签紐纽紛纷紹绍絡络綱纲綿绵緒绪編编緩缓緯纬縮缩織织繩绳繪绘羅罗翹翘聰聪脅胁脫脱腳脚臟脏"
    "臺台艦舰莊庄萬万葉叶蔣蒋蕭萧薦荐藥药蘇苏號号蝦虾衆众補补襲袭規规覓觅親亲訓训訣诀診诊註注詞词詩诗誇夸認认誌志誕诞"
    "誘诱諸诸謀谋謊谎謎谜證证譯译護护豐丰豬猪貝贝貫贯貧贫貪贪貶贬貸贷費费賊贼賓宾賢贤賤贱賞赏賦赋賬账購购贊赞趙赵蹤踪"
    "軌轨軒轩軸轴輔辅輯辑轄辖辭辞遞递邏逻醜丑醫医釀酿鈕钮鉅巨銅铜銓铨鋒锋錦锦鍊炼鍋锅鎖锁鏈链鐵铁鑑鉴閃闪閣阁闆板闖闯"
    "隸隶電电靈灵韌韧頓顿領领頸颈顆颗題题顏颜顧顾颱台飄飘餅饼養养餵喂駐驻騎骑騰腾驅驱驗验骯肮鬧闹魯鲁鮮鲜鳳凤鴨鸭鵝鹅"
    "鹽盐麥麦黴霉齣出佈布"
)
_TRAD_MAP = {
    **{OPENCC_T2S[i]: OPENCC_T2S[i + 1] for i in range(0, len(OPENCC_T2S), 2)},
    **{_TRAD_MORE[i]: _TRAD_MORE[i + 1] for i in range(0, len(_TRAD_MORE), 2)},
    **{_TRAD[i]: _TRAD[i + 1] for i in range(0, len(_TRAD), 2)},
}

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


# ``str.translate`` raises and clears a KeyError for every character its table lacks: mapping the characters
# SMS are made of (ASCII, CJK punctuation and ideographs, full-width forms) to themselves halves its cost.
_COMMON_BLOCKS = ((0x20, 0x7F), (0x3000, 0x3040), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xFF00, 0xFFF0))


def _with_identity(table: dict[int, str | int | None]) -> dict[int, str | int | None]:
    out = dict(table)
    for low, high in _COMMON_BLOCKS:
        for cp in range(low, high):
            out.setdefault(cp, cp)
    return out


_TABLE = _with_identity(
    {
        **_marks_and_controls(),
        **_DROP,
        **{ord(k): v for k, v in _HOMOGLYPHS.items()},
        **{ord(k): v for k, v in _TRAD_MAP.items()},
        **{c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
    }
)
# Full-width ASCII and the ideographic space, the characters Chinese SMS are rarely without, replaced by
# their compatibility decomposition. NFKC of a text is unchanged by it (NFKC decomposes them so), and most
# texts are NFKC-normal afterwards: ``is_normalized`` (a quick check) then spares the full normalisation.
_WIDE: dict[int, str | int | None] = _with_identity(
    {
        cp: unicodedata.normalize("NFKD", chr(cp))
        for cp in (*range(0xFF01, 0xFF5F), 0x3000)
        if len(unicodedata.normalize("NFKD", chr(cp))) == 1
    }
)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Punctuation a Chinese sentence legitimately has between two characters; anything else there is noise.
_KEEP = r",!?:;()\[\]。、【】《》“”‘’「」『』…%"
_NOISE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[^\w{_KEEP}{_CJK}]+(?=[{_CJK}])")


def _pass(text: str) -> str:
    text = text.translate(_WIDE)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_TABLE)
    if not text.isascii():
        text = _NOISE_BETWEEN_CJK.sub("", text)
    return " ".join(text.split())  # collapse whitespace runs (C loop; a regex costs ~3x)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The evasion-free form of an SMS (see module docstring). Idempotent."""
    return _pass(text)
