# ruff: noqa: E501  (template strings are Chinese prose; CJK characters count double)
"""Synthetic Chinese SMS: fraud messages per scam category and the normal messages they hide among.

No Chinese SMS corpus with a licence that allows shipping a model is available to this project, so the
default model (``scripts/build_sms_model.py``), the tests and the traffic simulator draw messages from
here; it lives with the simulator because ``ringfence simulate`` generates its SMS traffic with it (the
screening packages ``ringfence.text`` and ``ringfence.urls`` never import it). Each category has several
*template families* (distinct scripts, not paraphrases of one), and every family composes its text from
pools of openers, bodies, calls to action and closings with slots filled at random; normal messages
deliberately include the hard negatives (bank and operator notices with 【签名】, verification codes,
anti-fraud warnings that mention 公安 and 转账). ``family`` lets evaluations hold whole scripts out.

The API is stable (the traffic simulator calls it): ``synth_messages(seed, n, category=None)``.
Written for ringfence; Apache-2.0 like the rest of the package.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "CATEGORIES",
    "CATEGORY_NAMES_ZH",
    "FRAUD_CATEGORIES",
    "NORMAL",
    "SynthMessage",
    "evade",
    "families",
    "family_id",
    "phishing_url",
    "pick",
    "synth_messages",
]

NORMAL = "normal"

#: Scam categories, in the order the seeds and police bulletins usually list them.
FRAUD_CATEGORIES: tuple[str, ...] = (
    "police_impersonation",
    "customer_service_refund",
    "loan_credit",
    "acquaintance_boss",
    "order_brushing",
    "investment",
    "prize",
    "account_freeze",
    "points_redemption",
    "subsidy_refund",
    "delivery_claim",
)
CATEGORIES: tuple[str, ...] = (*FRAUD_CATEGORIES, NORMAL)

CATEGORY_NAMES_ZH: dict[str, str] = {
    "police_impersonation": "冒充公检法",
    "customer_service_refund": "冒充客服退款",
    "loan_credit": "贷款/信用卡",
    "acquaintance_boss": "冒充熟人/领导",
    "order_brushing": "刷单返利",
    "investment": "投资理财/杀猪盘",
    "prize": "中奖",
    "account_freeze": "账户冻结/异常",
    "points_redemption": "积分兑换",
    "subsidy_refund": "补贴/退税",
    "delivery_claim": "快递理赔",
    NORMAL: "正常",
}


@dataclass(frozen=True, slots=True)
class SynthMessage:
    """One generated SMS. ``url`` is the link in the text (phishing for fraud, official for normal) or None."""

    text: str
    category: str
    is_fraud: bool
    url: str | None
    family: str


# --------------------------------------------------------------------------------------------- slots
BANKS = [
    ("工商银行", "icbc"),
    ("建设银行", "ccb"),
    ("农业银行", "abchina"),
    ("中国银行", "boc"),
    ("交通银行", "bankcomm"),
    ("招商银行", "cmbchina"),
    ("邮储银行", "psbc"),
    ("民生银行", "cmbc"),
    ("兴业银行", "cib"),
    ("浦发银行", "spdb"),
    ("光大银行", "cebbank"),
    ("中信银行", "citic"),
    ("平安银行", "pingan"),
    ("广发银行", "cgbchina"),
    ("华夏银行", "hxb"),
]
OPERATORS = [("中国移动", "10086"), ("中国联通", "10010"), ("中国电信", "10000")]
APPS = [
    ("淘宝", "taobao"),
    ("京东", "jd"),
    ("拼多多", "pinduoduo"),
    ("抖音", "douyin"),
    ("快手", "kuaishou"),
    ("美团", "meituan"),
    ("支付宝", "alipay"),
    ("微信", "weixin"),
    ("闲鱼", "xianyu"),
    ("唯品会", "vip"),
]
COURIERS = ["顺丰", "中通", "圆通", "韵达", "申通", "京东物流", "邮政EMS", "极兔"]
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
)
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆")
CITIES = [
    "北京",
    "上海",
    "广州",
    "深圳",
    "成都",
    "重庆",
    "杭州",
    "武汉",
    "西安",
    "南京",
    "天津",
    "苏州",
    "长沙",
    "郑州",
    "沈阳",
    "青岛",
    "昆明",
    "大连",
    "厦门",
    "合肥",
    "福州",
    "济南",
    "哈尔滨",
    "南宁",
    "贵阳",
]
PRODUCTS = [
    "连衣裙",
    "蓝牙耳机",
    "运动鞋",
    "羽绒服",
    "扫地机器人",
    "护肤套装",
    "手机壳",
    "婴儿奶粉",
    "电饭煲",
    "保温杯",
    "行李箱",
    "儿童玩具",
    "零食大礼包",
    "床上四件套",
    "空气炸锅",
]
TITLES = ["王总", "李总", "张局", "刘主任", "陈经理", "赵处长", "周校长", "吴书记", "孙董", "黄老师"]
RELATIVES = ["爸", "妈", "儿子", "女儿", "老公", "老婆", "哥", "姐", "小姨", "舅舅"]
STOCKS = ["新能源", "半导体", "医药", "军工", "白酒", "人工智能", "数字货币", "黄金期货", "外汇", "港股打新"]
RISKY_TLDS = [
    "top",
    "xyz",
    "cc",
    "vip",
    "club",
    "shop",
    "icu",
    "buzz",
    "work",
    "live",
    "site",
    "online",
    "ltd",
    "cn.com",
    "wang",
    "ink",
    "fun",
    "life",
    "pw",
    "tk",
]
SHORTENERS = ["t.cn", "dwz.cn", "url.cn", "suo.im", "bit.ly", "tinyurl.com", "is.gd", "c.tb.cn", "w.url.cn"]
LURE_WORDS = [
    "jf",
    "dh",
    "vip",
    "kefu",
    "tk",
    "gift",
    "pay",
    "safe",
    "hy",
    "88",
    "365",
    "app",
    "my",
    "m",
    "wap",
    "login",
    "verify",
    "secure",
    "account",
    "service",
    "cs",
    "help",
    "update",
    "etc",
    "refund",
]

Rng = random.Random


def _name(rng: Rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _amount(rng: Rng, lo: int = 50, hi: int = 50000) -> str:
    value = rng.randint(lo, hi)
    if rng.random() < 0.5:
        return f"{value}.{rng.randint(0, 99):02d}"
    return str(value)


def _tail(rng: Rng) -> str:
    return f"{rng.randint(0, 9999):04d}"


def _mobile(rng: Rng) -> str:
    return rng.choice(["13", "15", "17", "18", "19", "16"]) + "".join(
        str(rng.randint(0, 9)) for _ in range(9)
    )


def _date(rng: Rng) -> str:
    style = rng.randint(0, 2)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if style == 0:
        return f"{month}月{day}日"
    if style == 1:
        return f"{month:02d}-{day:02d}"
    return f"{month}/{day}"


def _time(rng: Rng) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"


def _code(rng: Rng, n: int = 6) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _qq(rng: Rng) -> str:
    return str(rng.randint(10000000, 3999999999))


def _sig(rng: Rng, name: str) -> str:
    return f"【{name}】" if rng.random() < 0.85 else f"[{name}]"


def phishing_url(rng: Rng, brand: str | None = None) -> str:
    """A phishing link of the kinds seen in fraud SMS: brand lookalikes on cheap TLDs, shorteners, IPs."""
    brand = brand or rng.choice(
        [b for _, b in BANKS] + [a for _, a in APPS] + ["10086", "12123", "etc", "gov"]
    )
    style = rng.random()
    path = rng.choice(
        ["", "/", "/m", "/index.html", "/login", "/jf", f"/{_code(rng, 4)}", "/h5/", "/?id=" + _code(rng)]
    )
    scheme = rng.choice(["http://", "https://", "", ""])
    if style < 0.45:
        sep = rng.choice(["-", "", "."])
        host = f"{brand}{sep}{rng.choice(LURE_WORDS)}.{rng.choice(RISKY_TLDS)}"
        if rng.random() < 0.3:
            host = f"{rng.choice(['www', 'm', 'wap', 'vip'])}.{host}"
    elif style < 0.65:
        return f"{scheme or 'http://'}{rng.choice(SHORTENERS)}/{''.join(rng.choice('abcdefghjkmnpqrstuvwxyzABCDEFGH23456789') for _ in range(rng.randint(5, 7)))}"
    elif style < 0.75:
        return f"http://{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}{rng.choice(['', ':8080', ':8888'])}{path}"
    elif style < 0.9:
        host = f"{brand}.com.{rng.choice(LURE_WORDS)}{rng.randint(1, 99)}.{rng.choice(RISKY_TLDS)}"
    else:
        letters = "abcdefghijklmnopqrstuvwxyz0123456789"
        host = "".join(rng.choice(letters) for _ in range(rng.randint(4, 9))) + "." + rng.choice(RISKY_TLDS)
    return f"{scheme}{host}{path}"


def _official_url(rng: Rng, brand: str) -> str:
    """A brand's own link as its notices carry it (short links on the brand's own short domains too)."""
    short = {"taobao": "c.tb.cn", "jd": "3.cn", "meituan": "dpurl.cn"}.get(brand)
    if short and rng.random() < 0.4:
        return f"https://{short}/{''.join(rng.choice('abcdefghjkmnpqrstuvwxyzABCDEFGH23456789') for _ in range(6))}"
    return rng.choice([f"{brand}.com.cn", f"www.{brand}.com", f"m.{brand}.com", f"{brand}.com"])


# --------------------------------------------------------------------------------------------- fraud
# Each family returns (text, url-or-None). Pools inside a family give paraphrases; families differ in script.
Family = Callable[[Rng], tuple[str, str | None]]


def pick(rng: Rng, *options: str) -> str:
    """One of ``options``: the draw every template generator makes (``sms_marketing``,
    ``sms_mainland`` and ``call_openers`` use this one too)."""
    return rng.choice(options)


def _police_1(rng: Rng) -> tuple[str, str | None]:
    who = pick(
        rng,
        f"{rng.choice(CITIES)}市公安局",
        f"{rng.choice(CITIES)}公安分局刑侦大队",
        "最高人民检察院",
        f"{rng.choice(CITIES)}市人民法院",
        "国家反洗钱中心",
        f"{rng.choice(CITIES)}市检察院",
    )
    crime = pick(
        rng,
        "涉嫌一起洗钱案件",
        "涉嫌参与非法集资",
        "被冒用开户用于诈骗",
        "涉及跨境洗钱",
        "涉嫌贩卖个人信息",
        "名下账户涉嫌非法资金往来",
        "涉嫌一起特大诈骗案",
    )
    action = pick(
        rng,
        "请立即回电配合调查",
        "请于24小时内联系办案民警",
        "否则将冻结您名下所有账户",
        "需将资金转入安全账户进行核查",
        "请添加办案民警QQ" + _qq(rng) + "配合调查",
        "逾期将发布通缉令",
    )
    opener = pick(rng, "您好，我是", "【通知】", "紧急通知：", "", "")
    text = f"{opener}{who}通知：您的身份证{crime}，{action}。"
    if rng.random() < 0.3:
        text += f"联系电话{_mobile(rng)}。"
    return text, None


def _police_2(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "gov", "court", "police", "spp", "gaj"))
    doc = pick(rng, "传票", "逮捕令", "冻结令", "协查通报", "案件通知书", "法院判决书")
    text = pick(
        rng,
        f"{_name(rng)}，您有一份{doc}未签收，案件编号{_code(rng, 8)}，请登录{url}查看详情，逾期将强制执行。",
        f"您名下涉嫌违法案件，法院已出具{doc}，查询及申诉请访问{url}，勿向他人泄露。",
        f"【{rng.choice(CITIES)}法院】您有一张{doc}待处理，请于今日内登陆{url}核实身份，否则依法拘留。",
    )
    return text, url


def _police_3(rng: Rng) -> tuple[str, str | None]:
    text = pick(
        rng,
        f"医保局通知：您的医保卡在{rng.choice(CITIES)}被违规套现{_amount(rng)}元，已移交公安机关，请按1转人工或回电{_mobile(rng)}。",
        f"您的快递中夹带违禁物品已被海关扣押，涉嫌走私，请立即联系{rng.choice(CITIES)}警方{_mobile(rng)}说明情况。",
        f"社保中心提醒：您的社保卡涉嫌违规使用即将停用，公安已立案，请尽快联系专员处理，电话{_mobile(rng)}。",
        f"网警提醒：您的手机号涉嫌发布违法信息，将在2小时内停机并追究责任，解除请联系{_mobile(rng)}。",
    )
    return text, None


def _cs_1(rng: Rng) -> tuple[str, str | None]:
    app, brand = rng.choice(APPS)
    product = rng.choice(PRODUCTS)
    url = phishing_url(rng, brand) if rng.random() < 0.6 else None
    reason = pick(
        rng,
        "因仓库质检不合格",
        "因商品含有甲醛",
        "因快递丢失",
        "因系统故障重复扣款",
        "因商品批次召回",
        "因物流破损",
    )
    comp = pick(
        rng,
        "为您办理双倍退款",
        "给予三倍赔偿",
        "为您办理退款及理赔",
        "为您退款" + _amount(rng, 50, 800) + "元",
    )
    tail = (
        f"请点击{url}填写退款信息"
        if url
        else pick(rng, f"请添加客服QQ{_qq(rng)}办理", f"请回电{_mobile(rng)}办理")
    )
    text = (
        f"{pick(rng, '亲，', '尊敬的客户，', '您好，', '')}您在{app}购买的{product}{reason}，{comp}，{tail}。"
    )
    return text, url


def _cs_2(rng: Rng) -> tuple[str, str | None]:
    app, brand = rng.choice(APPS)
    url = phishing_url(rng, brand)
    text = pick(
        rng,
        f"{app}客服：您的账户被误开通会员服务，每月将自动扣费{_amount(rng, 200, 900)}元，取消请登录{url}。",
        f"您已开通{app}百万保障服务，下月起每月扣费{_amount(rng, 300, 1000)}元，如非本人操作请访问{url}关闭。",
        f"【{app}】您的店铺保证金异常，需重新认证，否则扣除{_amount(rng, 1000, 5000)}元，认证地址{url}",
        f"{app}官方：检测到您开通了商家分期业务，不关闭将影响征信，关闭链接{url}",
    )
    return text, url


def _cs_3(rng: Rng) -> tuple[str, str | None]:
    text = pick(
        rng,
        f"您好，我是{rng.choice(APPS)[0]}售后，您的订单出现异常需要退款，请下载会议软件共享屏幕，由专员指导操作。",
        f"航空公司通知：您预订的{_date(rng)}航班因机械故障取消，改签可获补偿{_amount(rng, 200, 500)}元，请致电{_mobile(rng)}。",
        f"您的{rng.choice(APPS)[0]}学生账户需注销，否则影响个人征信，请联系客服{_mobile(rng)}处理。",
    )
    return text, None


def _loan_1(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "dk", "loan", "jie", "qb", "xyk"))
    amount = pick(rng, "5万", "10万", "20万", "30万", "50万", "3-50万", "2万")
    text = (
        f"{pick(rng, '【普惠金融】', '【速贷】', '【信用贷】', '')}您已获得{amount}{pick(rng, '备用金', '借款额度', '信用额度', '授信额度')}，"
        f"{pick(rng, '无抵押', '免审核', '不看征信', '黑户可贷', '秒到账', '低息', '无需抵押', '当天放款', '黑户也能办', '大额信用卡代办')}，"
        f"{pick(rng, '点击领取', '立即提现', '申请链接', '戳此激活')}{url} "
        f"{pick(rng, '拒收请回复R', '退订回T', '')}"
    )
    return text.strip(), url


def _loan_2(rng: Rng) -> tuple[str, str | None]:
    bank, brand = rng.choice(BANKS)
    url = phishing_url(rng, brand) if rng.random() < 0.5 else None
    tail = f"登录{url}" if url else f"致电{_mobile(rng)}"
    text = pick(
        rng,
        f"{bank}信用卡中心：您的信用卡额度可提升至{_amount(rng, 5, 20)}万元，{tail}办理。",
        f"您申请的贷款已审核通过，因银行卡号填写错误被冻结，需缴纳解冻金{_amount(rng, 1000, 5000)}元，详询{_mobile(rng)}。",
        f"您的网贷已逾期将上报征信，可为您注销账户消除记录，{tail}。",
        f"贷款放款失败，需先支付{pick(rng, '保证金', '验资费', '手续费', '会员费')}{_amount(rng, 500, 3000)}元证明还款能力，{tail}。",
    )
    return text, url


def _acq_1(rng: Rng) -> tuple[str, str | None]:
    title = rng.choice(TITLES)
    text = pick(
        rng,
        f"我是{title}，这是我新号码，明天上午到我办公室来一趟。",
        f"{title}：我在开会不方便接电话，有笔款需要急转给合作方，你先帮我转{_amount(rng, 20000, 200000)}元，回头报销。",
        f"小{rng.choice(SURNAMES)}，我是你{title}，加我新微信{_qq(rng)}，有事交代。",
        f"我是{title}，财务那边走流程太慢，你先垫付{_amount(rng, 10000, 90000)}到这个账户，账号{_code(rng, 19)}。",
    )
    return text, None


def _acq_2(rng: Rng) -> tuple[str, str | None]:
    rel = rng.choice(RELATIVES)
    text = pick(
        rng,
        f"{rel}，我手机掉水里了，这是我新号，急需{_amount(rng, 2000, 30000)}交手术费，先转到我同学卡上，卡号{_code(rng, 19)}。",
        f"我是你{pick(rng, '儿子', '女儿', '孩子')}的班主任，孩子在学校受伤住院，急需手术费{_amount(rng, 5000, 50000)}元，请速转账。",
        f"{rel}我出事了在派出所，需要交保证金{_amount(rng, 5000, 50000)}，别告诉别人，钱打到这个卡{_code(rng, 19)}。",
        f"猜猜我是谁？换号了，存一下。最近手头紧，能借我{_amount(rng, 3000, 20000)}吗，下周还你。",
    )
    return text, None


def _brush_1(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "job", "jz", "dy", "tb", "zq")) if rng.random() < 0.5 else None
    pay = pick(
        rng,
        f"日结{rng.randint(100, 800)}元",
        f"一单佣金{rng.randint(5, 80)}元",
        f"日赚{rng.randint(200, 2000)}",
        "多劳多得当天返现",
    )
    work = pick(
        rng, "点赞关注", "网上刷单", "抖音点赞", "淘宝补单", "在家兼职打字", "手机做任务", "给商家刷好评"
    )
    contact = (
        f"详情{url}" if url else pick(rng, f"加QQ{_qq(rng)}", f"加微信{_code(rng, 8)}", f"联系{_mobile(rng)}")
    )
    text = f"{pick(rng, '【招聘】', '急招', '诚聘', '宝妈学生兼职：', '')}{work}，{pay}，{pick(rng, '无需押金', '时间自由', '手机就能做', '零门槛')}，{contact}"
    return text, url


def _brush_2(rng: Rng) -> tuple[str, str | None]:
    text = pick(
        rng,
        f"恭喜成为幸运用户，完成{rng.randint(3, 5)}单任务即可返还本金加佣金{_amount(rng, 100, 900)}元，联系导师{_qq(rng)}。",
        f"您的任务单已卡单，需再做{rng.randint(2, 4)}单才能提现本金{_amount(rng, 5000, 30000)}，请尽快完成。",
        f"垫付{_amount(rng, 200, 2000)}元刷单立返{rng.randint(10, 30)}%佣金，稳赚不赔，名额有限。",
    )
    return text, None


def _inv_1(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "gp", "cj", "jj", "fx", "btc", "usdt"))
    sector = rng.choice(STOCKS)
    text = pick(
        rng,
        f"{pick(rng, '内部消息', '老师带单', '机构内幕')}：{sector}板块明日必涨，已带学员收益{rng.randint(30, 300)}%，免费进群{url}",
        f"专业导师一对一指导{sector}投资，稳赚不赔，日收益{rng.randint(3, 20)}%，下载APP{url}",
        f"【{sector}】恭喜获得牛股内参资格，回复1或点击{url}领取今日涨停股。",
        f"您的{sector}账户已盈利{_amount(rng, 10000, 500000)}元，提现需缴纳{rng.randint(5, 20)}%个人所得税，请登录{url}。",
    )
    return text, url


def _inv_2(rng: Rng) -> tuple[str, str | None]:
    text = pick(
        rng,
        f"亲爱的，我舅舅在{pick(rng, '证券公司', '博彩平台', '数字货币交易所')}做技术，发现平台漏洞稳赚的，你先投一点试试？",
        f"宝贝，这个平台我投了{_amount(rng, 50000, 500000)}已经翻倍了，你也注册一个吧，我带你做。",
        f"上次和你说的那个理财项目今晚最后一天，保本保息年化{rng.randint(15, 60)}%，错过就没了。",
        f"哥哥，今天又赚了{_amount(rng, 2000, 20000)}，你要不要也试试？我把导师微信推给你。",
    )
    return text, None


def _prize_1(rng: Rng) -> tuple[str, str | None]:
    show = pick(
        rng,
        "《奔跑吧》",
        "《中国好声音》",
        "《我要上春晚》",
        "《乘风破浪》",
        rng.choice(APPS)[0] + "周年庆",
        "央视",
    )
    prize = pick(
        rng,
        f"现金{_amount(rng, 50000, 200000)}元及苹果笔记本电脑",
        "二等奖奖金9.8万元",
        "幸运大奖价值12万元轿车一辆",
        f"{_amount(rng, 5000, 50000)}元红包",
    )
    url = phishing_url(rng, pick(rng, "zj", "cctv", "hd", "lq"))
    code = _code(rng, 4)
    text = (
        f"{pick(rng, '恭喜您！', '尊敬的用户：', '热烈祝贺：', '')}您的手机号被{show}节目组抽选为场外幸运观众，"
        f"获得{prize}，验证码{code}，请登录{url}领取，{pick(rng, '需先缴纳个人所得税', '逾期视为自动放弃', '需支付公证费')}。"
    )
    return text, url


def _prize_2(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng) if rng.random() < 0.6 else None
    tail = f"领取地址{url}" if url else f"请致电{_mobile(rng)}领取"
    text = pick(
        rng,
        f"您的号码在周年抽奖活动中获得{pick(rng, '一等奖', '二等奖', '幸运奖')}，奖品{pick(rng, 'iPhone16', '华为手机', '黄金手镯', '现金红包')}，{tail}。",
        f"恭喜！您已被选为幸运用户，免费领取{_amount(rng, 500, 5000)}元话费，{tail}。",
        f"您有一个{_amount(rng, 100, 888)}元红包待领取，24小时内有效，{tail}。",
    )
    return text, url


def _freeze_1(rng: Rng) -> tuple[str, str | None]:
    bank, brand = rng.choice(BANKS)
    url = phishing_url(rng, brand)
    problem = pick(
        rng,
        "存在异常交易",
        "已被冻结",
        "将于今日停用",
        "U盾证书已过期",
        "手机银行将被注销",
        "安全等级过低",
        "涉嫌违规已限制交易",
    )
    text = (
        f"{_sig(rng, bank) if rng.random() < 0.7 else ''}尊敬的客户，您的{pick(rng, '账户', '银行卡', '储蓄卡', '手机银行')}{problem}，"
        f"请{pick(rng, '立即登录', '尽快访问', '点击', '登陆')}{url}{pick(rng, '进行验证', '重新激活', '解除冻结', '升级认证')}，{pick(rng, '逾期将无法使用', '以免影响使用', '否则将永久冻结', '')}"
    )
    return text.rstrip("，") + "。", url


def _freeze_2(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "etc", "12123", "gov", "weixin", "alipay"))
    text = pick(
        rng,
        f"【ETC服务】您的ETC卡已失效，为避免影响通行，请及时登录{url}认证。",
        f"您的微信支付功能已被限制，需进行实名认证，请访问{url}完成解冻。",
        f"【交管12123】您有一条违章记录未处理，将影响驾驶证年审，请登录{url}处理。",
        f"您的支付宝账户存在风险已被冻结，请在24小时内访问{url}验证身份。",
        f"您的手机号实名信息不完整，将于今日停机，请尽快登录{url}补登记。",
    )
    return text, url


def _points_1(rng: Rng) -> tuple[str, str | None]:
    if rng.random() < 0.5:
        org, brand = rng.choice(OPERATORS)
        brand = brand if rng.random() < 0.5 else pick(rng, "10086", "chinamobile", "10010", "189")
    else:
        org, brand = rng.choice(BANKS)
    url = phishing_url(rng, brand)
    pts = rng.randint(1000, 30000)
    text = (
        f"{_sig(rng, org) if rng.random() < 0.7 else ''}{pick(rng, '尊敬的用户，', '尊敬的客户，', '')}您的{str(pts) if rng.random() < 0.6 else ''}{pick(rng, '积分', '话费积分', '信用卡积分', '账户积分')}"
        f"{pick(rng, '即将清零', '将于今日过期', '即将过期', '本月底到期', '可兑换现金' + _amount(rng, 100, 900) + '元', '可兑换礼品')}，"
        f"{pick(rng, '请登录', '速登', '点击', '戳', '请及时登录')}{url}{pick(rng, '兑换', '领取', '立即兑换现金', '兑换礼品', '兑换话费')}"
    )
    return text, url


def _subsidy_1(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "gov", "12333", "tax", "rsj", "shebao"))
    text = pick(
        rng,
        f"【人社局】您符合{pick(rng, '2026年度', '本季度', '')}{pick(rng, '失业补贴', '个人社保补贴', '职业技能补贴', '育儿补贴')}申领条件，可领取{_amount(rng, 1000, 6000)}元，请于3日内登录{url}申领。",
        f"【个税APP】您有一笔个人所得税退税{_amount(rng, 500, 8000)}元待领取，请登录{url}填写银行卡信息。",
        f"财政部通知：疫情就业补贴已下发，请尽快访问{url}认证领取，逾期作废。",
        f"您的医保卡余额可提现，本月为最后期限，办理入口{url}",
    )
    return text, url


def _delivery_1(rng: Rng) -> tuple[str, str | None]:
    courier = rng.choice(COURIERS)
    url = phishing_url(rng, pick(rng, "sf", "zto", "yto", "kd", "wl")) if rng.random() < 0.6 else None
    tail = f"理赔链接{url}" if url else f"请添加理赔专员QQ{_qq(rng)}"
    text = pick(
        rng,
        f"【{courier}】您好，您的快递在运输途中丢失，我司将赔偿您{_amount(rng, 100, 600)}元，{tail}。",
        f"{courier}快递：您的包裹因地址不详无法派送，请于24小时内更新地址{url or _mobile(rng)}，逾期退回。",
        f"您的快递已到达海关，需缴纳关税{_amount(rng, 50, 500)}元才能放行，{tail}。",
    )
    return text, url


def _police_4(rng: Rng) -> tuple[str, str | None]:
    station = f"{rng.choice(CITIES)}{pick(rng, '公安局', '派出所', '经侦支队', '反诈中心')}"
    return pick(
        rng,
        f"你好，这里是{station}，你的银行卡被不法分子用于转移赃款，需要你配合做视频笔录，请下载{pick(rng, '警民通', '云笔录', '安全防护')}APP，办案警官{_name(rng)}。",
        f"【{station}】你名下一张电话卡涉嫌发送诈骗信息，已被立案，请在今天下午{_time(rng)}前联系{_mobile(rng)}核实，否则将被列为犯罪嫌疑人。",
        f"{_name(rng)}你好，我是{station}的{pick(rng, '王警官', '李警官', '张科长')}，你涉嫌一宗非法出售个人信息案，为证明清白需要核查你的资金流水，请不要挂断并保持通话。",
    ), None


def _cs_4(rng: Rng) -> tuple[str, str | None]:
    app, brand = rng.choice(APPS)
    url = phishing_url(rng, brand) if rng.random() < 0.5 else None
    tail = f"处理入口{url}" if url else f"详询客服{_mobile(rng)}"
    return pick(
        rng,
        f"【{app}】您的店铺因虚假交易被处罚，需缴纳{_amount(rng, 500, 5000)}元保证金解除限制，{tail}。",
        f"尊敬的{app}用户，您的直播打赏账户存在异常扣款，平台将为您原路退回{_amount(rng, 100, 2000)}元，请联系专属客服办理，{tail}。",
        f"您购买的{rng.choice(PRODUCTS)}订单出现异常，为避免重复扣款，请配合客服解除分期付款，{tail}。",
    ), url


def _loan_3(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "hb", "jb", "xyk", "zx")) if rng.random() < 0.6 else None
    tail = f"戳{url}" if url else f"加微信{_code(rng, 8)}"
    return pick(
        rng,
        f"专业征信修复，逾期记录、黑名单都能消除，包过，{tail}。",
        f"花呗借呗提额、信用卡大额套现，手续费低，当天到账，{tail}",
        f"急用钱找我们，身份证即可借{rng.randint(1, 20)}万，不查征信不看负债，{tail}。",
        f"您的{pick(rng, '京东白条', '微粒贷', '借呗', '美团借钱')}额度已提升至{rng.randint(2, 20)}万，可立即提现，{tail}。退订回T",
    ), url


def _acq_3(rng: Rng) -> tuple[str, str | None]:
    return pick(
        rng,
        f"你儿子在我们手上，马上准备{rng.randint(5, 50)}万，不许报警，否则后果自负。",
        f"老同学，我是{_name(rng)}，好久没联系了，我在外地出差钱包被偷了，能先借我{_amount(rng, 1000, 8000)}应急吗？",
        f"你好，我是{_name(rng)}的朋友，他出车祸了在医院抢救，急需押金{_amount(rng, 10000, 60000)}，他让我联系你先转钱。",
        f"在吗？我是你表哥，微信被封了用这个号联系你，帮我转{_amount(rng, 2000, 20000)}给一个客户，晚上还你。",
    ), None


def _brush_3(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "dy", "ks", "tb", "zq")) if rng.random() < 0.5 else None
    tail = f"入口{url}" if url else f"添加客服微信{_code(rng, 8)}"
    return pick(
        rng,
        f"【{rng.choice(APPS)[0]}官方合作】诚邀您成为体验官，关注博主截图即可领取{rng.randint(5, 50)}元佣金，{tail}",
        f"新人福利：下载APP完成首单即返现{rng.randint(20, 200)}元，连续做单奖励更高，{tail}",
        f"您已被选为本期商家评价员，每单返还本金并奖励{rng.randint(5, 30)}%，{tail}",
    ), url


def _inv_3(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "zq", "vip", "cf", "tz")) if rng.random() < 0.5 else None
    tail = f"开通链接{url}" if url else f"添加助理微信{_code(rng, 8)}"
    return pick(
        rng,
        f"【{pick(rng, '华泰', '中信', '国泰', '银河')}VIP中心】您已获得{rng.randint(3, 30)}天免费荐股体验资格，{rng.choice(STOCKS)}龙头股即将启动，{tail}。",
        f"私募内部群招募：跟着机构操作，月收益{rng.randint(20, 80)}%以上，名额仅剩{rng.randint(3, 20)}个，{tail}",
        f"您申请的{rng.choice(STOCKS)}投资课程已通过，完成入金{_amount(rng, 5000, 50000)}即可领取老师的交易策略，{tail}。",
    ), url


def _prize_3(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng) if rng.random() < 0.7 else None
    tail = f"登录{url}" if url else f"回复Y或致电{_mobile(rng)}"
    return pick(
        rng,
        f"恭喜您获得由{rng.choice(APPS)[0]}赞助的{pick(rng, '海南双人游', '品牌电动车', '扫地机器人', '黄金金条')}一份，仅需支付{rng.randint(9, 99)}元运费即可领取，{tail}。",
        f"您参与的会员回馈抽奖结果已公布，您获得{pick(rng, '特等奖', '一等奖', '幸运大奖')}，{tail}确认领奖信息。",
        f"尊敬的车主，您的车牌号被抽中免费获赠一年车险，{tail}填写资料领取。",
    ), url


def _freeze_3(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "qq", "weixin", "dcep", "ecny", "gov"))
    return pick(
        rng,
        f"【安全中心】您的{pick(rng, 'QQ', '微信', '抖音')}账号因异地登录已被临时冻结，请在{rng.randint(2, 24)}小时内访问{url}完成身份验证。",
        f"您的数字人民币钱包存在异常，为保障资金安全请立即访问{url}完成升级。",
        f"您的个人征信报告出现异常记录，可能影响贷款及出行，请登录{url}进行申诉处理。",
    ), url


def _points_2(rng: Rng) -> tuple[str, str | None]:
    bank, brand = rng.choice(BANKS)
    url = phishing_url(rng, brand)
    return pick(
        rng,
        f"【{bank}】您的信用卡积分可免费兑换{pick(rng, '空气炸锅', '行李箱', '电饭煲', '加油卡')}，仅需支付运费{rng.randint(9, 29)}.9元，兑换入口{url}",
        f"{bank}提醒：您有{rng.randint(2000, 90000)}积分本月到期，可抵扣现金{_amount(rng, 50, 600)}元，速登{url}",
    ), url


def _subsidy_2(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "12333", "shebao", "ylbx", "gov"))
    return pick(
        rng,
        f"【社保中心】您的社保卡需进行年度审核，未审核将暂停待遇发放，请登录{url}完成认证。",
        f"退休人员养老金资格认证通知：请于本月{rng.randint(10, 28)}日前登录{url}刷脸认证，逾期停发。",
        f"您的电子医保卡需要升级，升级后可报销比例提高{rng.randint(10, 30)}%，升级入口{url}",
    ), url


def _delivery_2(rng: Rng) -> tuple[str, str | None]:
    courier = rng.choice(COURIERS)
    url = phishing_url(rng, pick(rng, "sf", "ems", "kd"))
    return pick(
        rng,
        f"【{courier}】您的包裹因重量不符需补缴运费{rng.randint(3, 30)}元，否则将退回，补缴链接{url}",
        f"您有一个国际包裹待清关，请于48小时内登录{url}缴纳清关费用。",
    ), url


def _inv_4(rng: Rng) -> tuple[str, str | None]:
    url = phishing_url(rng, pick(rng, "yl", "bet", "pj", "amcp")) if rng.random() < 0.7 else None
    tail = f"{pick(rng, '官网', '入口', '登录')}{url}" if url else f"加微信{_code(rng, 8)}"
    return pick(
        rng,
        f"{pick(rng, '澳门', '新葡京', '皇冠')}{pick(rng, '娱乐城', '真人视讯', '体育')}上线，首存{rng.choice([100, 500, 1000])}送{rng.choice([58, 188, 888])}彩金，{tail}",
        f"时时彩内部计划，稳赚不赔，跟单一天赚{_amount(rng, 500, 5000)}，{tail}",
        f"六合彩特码资料已出，本期必中，{tail}",
    ), url


def _loan_4(rng: Rng) -> tuple[str, str | None]:
    return pick(
        rng,
        f"代开{pick(rng, '增值税', '普通', '各行业')}发票，点数优惠，可验证后付款，联系{_mobile(rng)}。",
        f"办证刻章，{pick(rng, '学历证', '驾驶证', '房产证', '各类证件')}均可办理，电话{_mobile(rng)}。",
        f"低息贷款，无需抵押，当天放款，额度{rng.randint(1, 50)}万，详情请咨询{_mobile(rng)}。",
        f"办理大额信用卡，黑户也能办，额度{rng.randint(2, 10)}万起，加微信{_code(rng, 8)}。",
    ), None


FRAUD_FAMILIES: dict[str, list[Family]] = {
    "police_impersonation": [_police_1, _police_2, _police_4, _police_3],
    "customer_service_refund": [_cs_1, _cs_2, _cs_4, _cs_3],
    "loan_credit": [_loan_1, _loan_3, _loan_4, _loan_2],
    "acquaintance_boss": [_acq_1, _acq_3, _acq_2],
    "order_brushing": [_brush_1, _brush_3, _brush_2],
    "investment": [_inv_1, _inv_3, _inv_4, _inv_2],
    "prize": [_prize_1, _prize_3, _prize_2],
    "account_freeze": [_freeze_1, _freeze_3, _freeze_2],
    "points_redemption": [_points_1, _points_2],
    "subsidy_refund": [_subsidy_1, _subsidy_2],
    "delivery_claim": [_delivery_1, _delivery_2],
}


# -------------------------------------------------------------------------------------------- normal
def _n_bank(rng: Rng) -> tuple[str, str | None]:
    bank, _ = rng.choice(BANKS)
    kind = rng.randint(0, 5)
    sig = _sig(rng, bank)
    if kind == 0:
        body = f"您尾号{_tail(rng)}的{pick(rng, '储蓄卡', '账户', '借记卡', '信用卡')}于{_date(rng)}{_time(rng)}{pick(rng, '支出', '收入', '消费', '转入', '快捷支付')}人民币{_amount(rng, 1, 20000)}元，余额{_amount(rng, 1, 90000)}元。"
    elif kind == 1:
        body = f"您的信用卡本期账单{_amount(rng, 100, 30000)}元，最低还款{_amount(rng, 10, 3000)}元，到期还款日{_date(rng)}，请按时还款。"
    elif kind == 2:
        body = f"您尾号{_tail(rng)}的信用卡{_date(rng)}还款{_amount(rng, 100, 20000)}元已入账，感谢您的支持。"
    elif kind == 3:
        body = "温馨提示：本行不会以任何理由要求您提供验证码或转账至安全账户，谨防诈骗。"
    elif kind == 4:
        body = f"您于{_date(rng)}{_time(rng)}登录手机银行，如非本人操作请致电客服。"
    else:
        body = f"您尾号{_tail(rng)}的账户工资代发{_amount(rng, 3000, 30000)}元已到账，{_date(rng)}。"
    return (sig + body if rng.random() < 0.8 else body + sig), None


def _n_code(rng: Rng) -> tuple[str, str | None]:
    org = rng.choice(
        [b for b, _ in BANKS]
        + [a for a, _ in APPS]
        + ["12306", "滴滴出行", "网易", "腾讯科技", "小红书", "携程旅行", "哔哩哔哩"]
    )
    code = _code(rng, rng.choice([4, 6, 6]))
    body = pick(
        rng,
        f"您的验证码是{code}，{rng.randint(2, 10)}分钟内有效，请勿泄露给他人。",
        f"验证码：{code}，您正在登录，若非本人操作，请忽略本短信。",
        f"{code}（登录验证码），请勿告诉他人，如非本人操作请忽略。",
        f"您正在进行身份验证，验证码{code}，切勿将验证码告知他人。",
        f"尊敬的用户，您的动态密码为{code}，本次交易金额{_amount(rng, 10, 5000)}元，切勿泄露。",
    )
    return _sig(rng, org) + body, None


def _n_delivery(rng: Rng) -> tuple[str, str | None]:
    courier = rng.choice(COURIERS)
    body = pick(
        rng,
        f"您的快递已到{pick(rng, '菜鸟驿站', '丰巢快递柜', '小区门口驿站', '兔喜生活')}，取件码{_code(rng, rng.choice([4, 6]))}，请凭码及时取件。",
        f"您的包裹正在派送中，快递员{_name(rng)}，电话{_mobile(rng)}，请保持电话畅通。",
        f"您的{rng.choice(PRODUCTS)}已发货，运单号{rng.choice(['SF', 'YT', 'ZT', 'JD'])}{_code(rng, 12)}，预计{_date(rng)}送达。",
        f"您的快件已签收，签收人：{pick(rng, '本人', '门卫', '快递柜')}，感谢使用{courier}。",
    )
    return _sig(rng, courier) + body, None


def _n_family(rng: Rng) -> tuple[str, str | None]:
    rel = rng.choice(RELATIVES)
    return pick(
        rng,
        f"{rel}，晚上回来吃饭吗？我买了{pick(rng, '排骨', '鱼', '饺子', '水果', '菜')}。",
        "到家了吗？路上注意安全。",
        f"我{_time(rng)}到{pick(rng, '机场', '火车站', '楼下', '公司门口')}，你别着急。",
        f"明天{rng.choice(CITIES)}降温，多穿点衣服。",
        f"{rel}生日快乐！周末一起吃饭。",
        f"记得给{pick(rng, '奶奶', '外婆', '孩子', '狗')}打个电话，她挺想你的。",
        f"钱收到了，谢谢{rel}，下个月还你。",
        "我在开车，等会儿回你电话。",
        f"好的，周{pick(rng, '六', '日', '五')}见，老地方。",
        f"今天家长会别忘了，{_time(rng)}开始。",
        f"晚饭我做好了，{pick(rng, '你回来热一下', '给你留了一份', '记得吃')}。",
        f"刚到{rng.choice(CITIES)}，酒店挺好的，放心吧。",
    ), None


def _n_work(rng: Rng) -> tuple[str, str | None]:
    return pick(
        rng,
        f"{rng.choice(TITLES)}，明天{_time(rng)}的会议改到{pick(rng, '三楼会议室', '线上', '周四下午')}，请知悉。",
        "方案我已经发你邮箱了，麻烦看一下，有问题随时沟通。",
        f"{_name(rng)}你好，合同已盖章，快递单号{_code(rng, 12)}，请注意查收。",
        f"今天下午{_time(rng)}项目评审，请各位准时参加。",
        "报销单已审批，财务会在本周五前统一打款到工资卡。",
        "客户那边确认了，下周一开始施工，辛苦大家。",
        f"我到{rng.choice(CITIES)}出差两天，急事打我电话。",
        f"请大家{_date(rng)}前提交月度总结，谢谢。",
    ), None


def _n_operator(rng: Rng) -> tuple[str, str | None]:
    org, num = rng.choice(OPERATORS)
    body = pick(
        rng,
        f"尊敬的客户，您本月已使用通用流量{rng.randint(1, 60)}GB，剩余{rng.randint(0, 40)}GB，详情可发送CXLL到{num}查询。",
        f"您{rng.randint(1, 12)}月话费账单{_amount(rng, 10, 300)}元，当前余额{_amount(rng, 0, 200)}元，感谢您的使用。",
        f"您已成功充值{rng.choice([30, 50, 100, 200])}元，当前余额{_amount(rng, 30, 300)}元。",
        f"您的套餐将于下月1日生效，如有疑问请拨打{num}。",
        "您的话费余额不足10元，为避免停机影响使用，请及时充值。",
    )
    return _sig(rng, org) + body, None


def _n_marketing(rng: Rng) -> tuple[str, str | None]:
    app, brand = rng.choice(APPS)
    url = _official_url(rng, brand) if rng.random() < 0.4 else None
    body = pick(
        rng,
        f"双十一狂欢购，全场满{rng.choice([199, 299, 399])}减{rng.choice([30, 50, 100])}，{pick(rng, '快来选购', '抢先加购')}{('，' + url) if url else ''}，退订回T",
        f"会员日专享：{rng.choice(PRODUCTS)}限时{rng.randint(5, 9)}折，{_date(rng)}截止，拒收请回复R",
        f"您关注的{rng.choice(PRODUCTS)}已降价，库存有限。回TD退订",
        f"新店开业，凭此短信到店消费享{rng.randint(7, 9)}折优惠，地址{rng.choice(CITIES)}市{pick(rng, '人民路', '解放路', '中山路')}{rng.randint(1, 300)}号。退订回T",
        f"周末看房团报名中，{rng.choice(CITIES)}新盘首付{rng.randint(10, 50)}万起，咨询{_mobile(rng)}。退订回T",
    )
    return _sig(rng, app) + body, url


def _n_gov(rng: Rng) -> tuple[str, str | None]:
    org = pick(
        rng,
        "国家反诈中心",
        "公安提醒",
        f"{rng.choice(CITIES)}市公安局",
        "工信部反诈专班",
        "12381",
        f"{rng.choice(CITIES)}气象局",
        f"{rng.choice(CITIES)}社保中心",
        "国家税务总局",
    )
    body = pick(
        rng,
        "公检法机关不会通过电话办案，不存在安全账户，凡是要求转账汇款的都是诈骗。",
        "刷单就是诈骗，凡是要求先垫付的兼职都是骗局，请勿轻信。",
        "请下载国家反诈中心APP，开启来电预警功能，守护您的钱袋子。",
        "您的手机号可能正在与涉诈号码通话，请提高警惕，不要透露验证码，不要转账。",
        f"预计{_date(rng)}有强降雨，请减少外出，注意防范。",
        f"您本年度社保缴费已成功，缴费基数{_amount(rng, 3000, 20000)}元，可在官方APP查询。",
        "个人所得税年度汇算已开始，请通过个人所得税APP办理，谨防虚假退税链接。",
        "冒充客服说要退款理赔的，都是诈骗！遇到可疑情况请拨打96110咨询。",
        "投资理财“稳赚不赔”“高额回报”都是诈骗陷阱，请勿轻信网友推荐的平台。",
    )
    return _sig(rng, org) + body, None


def _n_life(rng: Rng) -> tuple[str, str | None]:
    body = pick(
        rng,
        f"您预约的{pick(rng, '体检', '挂号', '疫苗接种', '年检')}时间为{_date(rng)}{_time(rng)}，请携带身份证准时到达。",
        f"您购买的{_date(rng)}G{rng.randint(1, 9999)}次列车车票已出票，{rng.randint(1, 16)}车{rng.randint(1, 20)}{rng.choice('ABCDF')}号，请提前到站。",
        f"您本月水费{_amount(rng, 10, 200)}元已自动扣缴，感谢您的配合。",
        "您的外卖订单已送达，祝您用餐愉快！",
        f"您预订的{rng.choice(CITIES)}{pick(rng, '全季酒店', '如家', '汉庭')}已确认，入住日期{_date(rng)}。",
        "孩子今天在校表现很好，作业已完成，请家长签字。",
        f"您的车辆保险将于{_date(rng)}到期，请及时续保，详询您的专属顾问{_name(rng)}。",
        f"物业通知：{_date(rng)}小区停水检修，请提前储水。",
    )
    org = pick(rng, "12306", "美团", "健康160", "物业服务中心", "携程旅行", "平安产险", "自来水公司", "学校")
    return (_sig(rng, org) if rng.random() < 0.7 else "") + body, None


def _n_chat_money(rng: Rng) -> tuple[str, str | None]:
    """Hard negatives: ordinary people talking about money, banks, accounts and codes."""
    return pick(
        rng,
        f"房租{_amount(rng, 1000, 5000)}我刚转你了，查收一下。",
        f"饭钱AA一下，每人{rng.randint(30, 200)}，转我微信就行。",
        "我银行卡丢了，今天去银行挂失补办。",
        "验证码别告诉任何人啊，最近骗子很多。",
        f"帮我查下我们那个账户还剩多少钱，下午要交{pick(rng, '学费', '物业费', '保险')}。",
        "工资到了没？我的今天到账了。",
        "听说最近有冒充公安的诈骗电话，你跟爸妈说一声别上当。",
        f"我在{rng.choice(BANKS)[0]}办了张信用卡，额度才{rng.randint(1, 5)}万。",
        "明天去银行把定期转出来，利率太低了。",
    ), None


def _n_school(rng: Rng) -> tuple[str, str | None]:
    body = pick(
        rng,
        f"各位家长好，本周{pick(rng, '五', '四', '三')}下午{_time(rng)}召开家长会，请准时参加。",
        f"明天学校组织{pick(rng, '春游', '体检', '消防演练', '运动会')}，请给孩子准备{pick(rng, '水和午餐', '运动服', '校服')}。",
        f"{_name(rng)}同学本次期中考试数学{rng.randint(70, 100)}分，请家长关注孩子的学习情况。",
        f"寒假将于{_date(rng)}开始，请家长注意孩子假期安全，谨防溺水和网络诈骗。",
    )
    return (
        _sig(rng, pick(rng, "实验小学", "第一中学", "幼儿园", "班主任")) if rng.random() < 0.6 else ""
    ) + body, None


def _n_health(rng: Rng) -> tuple[str, str | None]:
    org = pick(rng, f"{rng.choice(CITIES)}人民医院", "社区卫生服务中心", "健康160", "微医", "疾控中心")
    body = pick(
        rng,
        f"您已成功预约{_date(rng)}{pick(rng, '上午', '下午')}{pick(rng, '内科', '儿科', '口腔科', '眼科')}门诊，就诊序号{rng.randint(1, 60)}，请携带医保卡按时就诊。",
        "您的体检报告已生成，可在公众号查看，如有异常请及时复诊。",
        f"您预约的{pick(rng, '流感疫苗', '九价HPV疫苗', '狂犬疫苗')}第{rng.randint(1, 3)}针接种时间为{_date(rng)}，请按时前往。",
        f"温馨提示：您的检验结果已出，请于{_date(rng)}前到门诊取报告。",
    )
    return _sig(rng, org) + body, None


def _n_order_service(rng: Rng) -> tuple[str, str | None]:
    """Hard negatives: real refunds and order notices (the wording refund scams imitate)."""
    app, _ = rng.choice(APPS)
    body = pick(
        rng,
        f"您的退款申请已通过，{_amount(rng, 10, 3000)}元将在1-3个工作日内原路退回，请注意查收。",
        f"您的订单{_code(rng, 12)}已发货，可在APP内查看物流信息。",
        f"您的{rng.choice(PRODUCTS)}售后申请已受理，快递员将于{_date(rng)}上门取件。",
        "您参与的拼团已成功，商品将在48小时内发出。",
        f"您的会员将于{_date(rng)}到期，如需续费请在APP内操作，官方不会通过电话要求您转账。",
    )
    return _sig(rng, app) + body, None


def _n_travel(rng: Rng) -> tuple[str, str | None]:
    """Hard negatives: genuine flight and train changes (fake-cancellation scams imitate them)."""
    air = pick(rng, "中国国航", "东方航空", "南方航空", "海南航空", "春秋航空", "携程旅行", "12306")
    body = pick(
        rng,
        f"您预订的{_date(rng)}{rng.choice(['CA', 'MU', 'CZ', 'HU'])}{rng.randint(1000, 9999)}航班因天气原因延误，预计起飞时间{_time(rng)}，请留意机场广播。",
        f"您的航班已值机成功，座位号{rng.randint(1, 50)}{rng.choice('ABCDEF')}，请于起飞前45分钟到达登机口。",
        f"您购买的{_date(rng)}{rng.choice(CITIES)}至{rng.choice(CITIES)}车票已改签成功，差价{_amount(rng, 0, 200)}元将原路退回。",
        "温馨提示：航班改签、退票请通过官方APP办理，航空公司不会要求您向个人账户转账。",
    )
    return _sig(rng, air) + body, None


def _n_social(rng: Rng) -> tuple[str, str | None]:
    return pick(
        rng,
        f"周末去{pick(rng, '爬山', '看电影', '吃火锅', '打球', '逛街')}吗？叫上{_name(rng)}一起。",
        f"生日快乐呀！祝你{pick(rng, '天天开心', '心想事成', '越来越美')}。",
        f"我到{rng.choice(CITIES)}了，明天有空一起吃个饭？",
        "群里的照片我发你了，记得看一下。",
        "你上次推荐的那本书挺好看的，谢谢！",
        f"下班一起走吗？我{_time(rng)}在楼下等你。",
        f"好久不见，最近怎么样？有空回{rng.choice(CITIES)}聚聚。",
    ), None


def _n_bank_marketing(rng: Rng) -> tuple[str, str | None]:
    """Hard negatives: banks' and insurers' own marketing, signed and with an opt-out."""
    bank, _ = rng.choice(BANKS)
    body = pick(
        rng,
        f"尊敬的客户，本行推出{rng.randint(90, 365)}天理财产品，业绩比较基准{rng.randint(2, 4)}.{rng.randint(0, 9)}%，理财非存款，产品有风险，投资须谨慎。详询网点。退订回T",
        f"您的信用卡本月消费满{rng.choice([500, 1000, 2000])}元可参与抽奖，活动详情请见本行官方APP。退订回TD",
        f"{_date(rng)}起本行手机银行将进行系统升级，届时部分功能暂停使用，给您带来不便敬请谅解。",
        f"您名下的定期存款将于{_date(rng)}到期，如需转存请登录手机银行办理。",
    )
    return _sig(rng, bank) + body, None


NORMAL_FAMILIES: list[Family] = [
    _n_school,
    _n_health,
    _n_order_service,
    _n_travel,
    _n_social,
    _n_bank_marketing,
    _n_bank,
    _n_code,
    _n_delivery,
    _n_family,
    _n_work,
    _n_operator,
    _n_marketing,
    _n_gov,
    _n_life,
    _n_chat_money,
]


def family_id(fn: Callable[[Rng], object]) -> str:
    """A template family's id: its function's name (every generator's families are named so)."""
    return fn.__name__.lstrip("_")


def synth_messages(
    seed: int, n: int, category: str | None = None, *, fraud_ratio: float = 0.5
) -> list[SynthMessage]:
    """``n`` messages drawn deterministically from ``seed``.

    ``category`` is one of ``CATEGORIES`` (``"normal"`` included); ``None`` mixes fraud (a share of
    ``fraud_ratio``, categories uniform) and normal messages.
    """
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; expected one of {', '.join(CATEGORIES)}")
    rng = random.Random(seed)
    out: list[SynthMessage] = []
    for _ in range(n):
        cat = category
        if cat is None:
            cat = rng.choice(FRAUD_CATEGORIES) if rng.random() < fraud_ratio else NORMAL
        fam = rng.choice(NORMAL_FAMILIES if cat == NORMAL else FRAUD_FAMILIES[cat])
        text, url = fam(rng)
        if url is not None and url not in text:  # a family drew a link but its chosen wording has none
            url = None
        out.append(SynthMessage(text, cat, cat != NORMAL, url, family_id(fam)))
    return out


def families() -> dict[str, list[str]]:
    """Template family ids per category (for evaluations that hold whole families out)."""
    result = {cat: [family_id(f) for f in fams] for cat, fams in FRAUD_FAMILIES.items()}
    result[NORMAL] = [family_id(f) for f in NORMAL_FAMILIES]
    return result


_EVASION_SEPARATORS = (" ", "*", "·", "|", "~", "-", "🔥", "💰", "\u200b", "/")
_FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_TRADITIONAL = {"银": "銀", "账": "賬", "户": "戶", "冻": "凍", "结": "結", "码": "碼", "验": "驗", "证": "證",
                "贷": "貸", "点": "點", "击": "擊", "领": "領", "奖": "獎", "积": "積", "转": "轉", "费": "費"}  # fmt: skip


def evade(text: str, rng: Rng, strength: float = 0.3) -> str:
    """The text as a filter-evading sender would write it: separators and emoji between Chinese
    characters, full-width ASCII, traditional characters, zero-width spaces.

    ``ringfence.lexical.normalise`` undoes every one of these; the simulator uses this to make realistic
    evasive traffic and the tests to check that evasion does not change a verdict.
    """
    out = []
    for i, ch in enumerate(text):
        if "\u4e00" <= ch <= "\u9fff":
            ch = _TRADITIONAL.get(ch, ch) if rng.random() < strength else ch
            nxt = text[i + 1] if i + 1 < len(text) else ""
            out.append(ch)
            if "\u4e00" <= nxt <= "\u9fff" and rng.random() < strength:
                out.append(rng.choice(_EVASION_SEPARATORS))
        else:
            out.append(_FULLWIDTH.get(ch, ch) if rng.random() < strength else ch)
    return "".join(out)
