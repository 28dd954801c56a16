# ruff: noqa: E501  (template strings are Chinese prose; CJK characters count double)
"""Synthetic Chinese marketing and illegal-advertising SMS: what an operator's spam stream mostly is.

Fraud texts (``sms_texts``) hide among *marketing* (legitimate, signed promotions with an opt-out: shops,
e-commerce apps, licensed lenders' loan ads, telecom offers, property, education, car dealers, restaurants,
games) and *illegal* adverts (gambling sites, fake invoices and certificates, escort services) that are
spam but not fraud against the recipient. A model that never saw marketing calls every "限时" or "额度"
fraud; this module makes the contrast: many families per kind, pools of wording, brand signatures
(【…】, [..], trailing or leading), opt-outs (回T/退订/拒收请回复R), prices, discounts, dates, links on the
brands' own or short domains, and the surface noise real spam carries (masked digits, emoji, spaced or
Traditional characters, Taiwan-style wording).

API: ``synth_spam(seed, n, kind=None)`` with ``kind`` in ``SPAM_KINDS`` returns ``SynthMessage`` objects
(``category`` = "marketing" or "illegal", ``is_fraud`` False, ``family`` = the template family id).
``synth_service(seed, n)`` adds *normal* service conversations (agents and shop staff writing to a
customer), the legitimate look-alike of the customer-service scam scripts.
Written for ringfence; Apache-2.0 like the rest of the package.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ringfence.simulate.sms_texts import (
    APPS,
    BANKS,
    CITIES,
    OPERATORS,
    PRODUCTS,
    SHORTENERS,
    SynthMessage,
    family_id,
    pick,
)

__all__ = ["ILLEGAL", "MARKETING", "SPAM_KINDS", "spam_families", "synth_service", "synth_spam"]

MARKETING = "marketing"
ILLEGAL = "illegal"
SPAM_KINDS = (MARKETING, ILLEGAL)

Rng = random.Random
Family = Callable[[Rng], str]

SHOPS = [
    "优衣库",
    "ZARA",
    "海澜之家",
    "安踏",
    "李宁",
    "屈臣氏",
    "周大福",
    "老凤祥",
    "名创优品",
    "小米之家",
    "苏宁易购",
    "国美电器",
    "永辉超市",
    "沃尔玛",
    "大润发",
    "盒马",
    "百果园",
    "良品铺子",
    "三只松鼠",
    "波司登",
    "太平鸟",
    "森马",
    "红蜻蜓",
    "百丽",
    "欧莱雅",
    "完美日记",
    "孩子王",
    "宜家家居",
    "红星美凯龙",
    "居然之家",
]
FOOD = [
    "肯德基",
    "麦当劳",
    "必胜客",
    "星巴克",
    "瑞幸咖啡",
    "喜茶",
    "蜜雪冰城",
    "海底捞",
    "西贝莜面村",
    "呷哺呷哺",
    "华莱士",
    "德克士",
    "塔斯汀",
    "老乡鸡",
    "外婆家",
]
LENDERS = [
    "招联金融",
    "马上消费",
    "中银消费",
    "兴业消费",
    "捷信",
    "度小满",
    "京东金条",
    "借呗",
    "微粒贷",
    "360借条",
    "分期乐",
    "安逸花",
    "平安普惠",
    "宜人贷",
    "美团月付",
]
INSURERS = ["平安保险", "中国人寿", "太平洋保险", "泰康人寿", "新华保险", "众安保险", "人保财险"]
CARS = [
    "比亚迪",
    "大众",
    "丰田",
    "本田",
    "吉利",
    "长安",
    "奇瑞",
    "哈弗",
    "理想",
    "蔚来",
    "小鹏",
    "特斯拉",
    "宝马",
    "奔驰",
    "奥迪",
]
EDU = [
    "新东方",
    "学而思",
    "猿辅导",
    "作业帮",
    "高途",
    "粉笔教育",
    "中公教育",
    "华图教育",
    "尚德机构",
    "达内教育",
]
GAMES = [
    "王者荣耀",
    "和平精英",
    "原神",
    "梦幻西游",
    "阴阳师",
    "蛋仔派对",
    "开心消消乐",
    "传奇世界",
    "天龙八部",
    "逆水寒",
]
REALTY = ["万科", "碧桂园", "保利", "龙湖", "华润置地", "融创", "绿城", "招商蛇口", "中海"]
GYMS = ["乐刻运动", "超级猩猩", "威尔士健身", "一兆韦德", "金吉鸟健身"]
TW_BRANDS = [
    "全聯",
    "家樂福",
    "屈臣氏",
    "momo購物",
    "蝦皮購物",
    "PChome",
    "中華電信",
    "台灣大哥大",
    "遠傳電信",
    "統一超商",
    "全家便利商店",
    "康是美",
    "寶雅",
    "燦坤",
    "全國電子",
]
EMOJI = [
    "🎉",
    "🔥",
    "🎁",
    "💰",
    "✨",
    "👉",
    "❤",
    "🧧",
    "⚡",
    "🌟",
    "🛒",
    "📣",
    "💥",
    "🍗",
    "☕",
    "🚗",
    "🏠",
    "📱",
]
OPT_OUTS = [
    "退订回T",
    "回T退订",
    "回TD退订",
    "退订回TD",
    "拒收请回复R",
    "回N退订",
    "退订请回复TD",
    "回复T退订",
    "退订回复0000",
    "回复TD退",
    "退订回复T",
    "回T退",
]
TW_OPT_OUTS = ["拒收請回覆R", "退訂回覆T", "不想收到請回N", "取消訂閱請回覆TD"]
MASKS = ["***", "xxx", "XXX", "**", "x"]


def _num(rng: Rng, lo: int, hi: int) -> str:
    return str(rng.randint(lo, hi))


def _date(rng: Rng) -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return pick(rng, f"{m}月{d}日", f"{m}.{d}", f"{m}/{d}", f"{m}月{d}号", f"{m:02d}-{d:02d}")


def _date_range(rng: Rng) -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 20)
    return pick(
        rng,
        f"{m}月{d}日-{m}月{d + rng.randint(1, 8)}日",
        f"{m}.{d}-{m}.{d + rng.randint(1, 8)}",
        f"即日起至{m}月{d}日",
    )


def _phone(rng: Rng) -> str:
    head = rng.choice(["13", "15", "17", "18", "19"]) + str(rng.randint(0, 9))
    style = rng.random()
    if style < 0.25:
        return head + rng.choice(MASKS) + f"{rng.randint(0, 9999):04d}"
    if style < 0.45:
        return f"400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
    return head + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _short(rng: Rng, brand: str | None = None) -> str:
    """Links marketing really carries: brands' own domains and short links (often on public shorteners)."""
    tail = "".join(rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(rng.randint(4, 8)))
    if brand and rng.random() < 0.5:
        return pick(rng, f"{brand}.com/{tail}", f"m.{brand}.com/a/{tail}", f"https://{brand}.cn/{tail}")
    return pick(
        rng, f"{rng.choice(SHORTENERS)}/{tail}", f"https://{rng.choice(SHORTENERS)}/{tail}", f"dwz.cn/{tail}"
    )


def _sig(rng: Rng, name: str, body: str) -> str:
    r = rng.random()
    if r < 0.6:
        return f"【{name}】{body}"
    if r < 0.85:
        return f"{body}【{name}】"
    if r < 0.93:
        return f"[{name}]{body}"
    return body


def _opt(rng: Rng, body: str) -> str:
    r = rng.random()
    if r < 0.75:
        return body + rng.choice(["", "，", " ", "。"]) + rng.choice(OPT_OUTS)
    return body


def _price(rng: Rng) -> str:
    return pick(
        rng,
        f"满{rng.choice([99, 199, 299, 399, 599])}减{rng.choice([10, 20, 30, 50, 100])}",
        f"低至{rng.randint(1, 8)}.{rng.randint(0, 9)}折",
        f"全场{rng.randint(5, 9)}折起",
        "第二件半价",
        "买一送一",
        f"到手价{rng.randint(9, 999)}元",
        f"立减{rng.randint(5, 300)}元",
        f"券后{rng.randint(9, 399)}元",
        f"{rng.randint(9, 99)}.9元起",
        f"每满{rng.choice([100, 200, 300])}减{rng.choice([15, 30, 50])}",
        f"直降{rng.randint(100, 2000)}元",
        f"限时秒杀{rng.randint(1, 99)}元",
    )


def _noise(rng: Rng, text: str) -> str:
    """Surface noise real spam carries: emoji, spaced characters, full-width spaces."""
    r = rng.random()
    if r < 0.25:
        e = rng.choice(EMOJI)
        text = e + text if rng.random() < 0.5 else text.replace("，", "，" + e, 1)
    elif r < 0.35:
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(1, max(2, len(chars)))
            chars.insert(i, rng.choice([" ", " ", "·", "\u3000"]))
        text = "".join(chars)
    return text


# ----------------------------------------------------------------------------------------- marketing
def _m_retail(rng: Rng) -> str:
    shop = rng.choice(SHOPS)
    body = pick(
        rng,
        f"{_date_range(rng)}店庆狂欢，{_price(rng)}，会员再享积分翻倍，到店即送精美礼品",
        f"亲爱的会员，您有{rng.randint(1, 5)}张{rng.randint(5, 100)}元优惠券将于{_date(rng)}到期，快来门店使用吧",
        f"{rng.choice(CITIES)}{pick(rng, '万达', '万象城', '银泰', '吾悦广场', '大悦城')}店{pick(rng, '盛大开业', '焕新开业', '周年庆')}，{_price(rng)}，前{rng.randint(50, 500)}名送{pick(rng, '帆布袋', '保温杯', '定制礼盒', '鸡蛋一盒')}",
        f"换季清仓，{pick(rng, '秋冬', '春夏', '全场')}新品{_price(rng)}，{_date(rng)}最后一天",
        f"您的积分{rng.randint(100, 9000)}分可在门店抵现{rng.randint(5, 90)}元，{_date(rng)}前有效",
        f"年货节开抢，{rng.choice(PRODUCTS)}{_price(rng)}，线上下单门店自提",
        f"会员专享日，全场{_price(rng)}，凭短信到收银台领取{rng.randint(5, 50)}元无门槛券",
        f"38女神节，美妆护肤{_price(rng)}，满额加赠正装小样",
    )
    return _opt(rng, _sig(rng, shop, body))


def _m_ecommerce(rng: Rng) -> str:
    app, brand = rng.choice(APPS[:6] + APPS[8:])
    body = pick(
        rng,
        f"{pick(rng, '618', '双11', '双12', '年货节', '开学季', '周年庆')}大促开启，{_price(rng)}，{pick(rng, '点击', '戳', '详情')} {_short(rng, brand)} ",
        f"您购物车里的{rng.choice(PRODUCTS)}降价啦，现价{rng.randint(19, 599)}元，库存紧张，速抢",
        f"送您{rng.randint(3, 50)}元新人红包，{_date(rng)}前下单可用，打开APP-我的-优惠券查看",
        f"您关注的店铺上新了，{rng.choice(PRODUCTS)}{_price(rng)}，今晚8点开抢",
        f"百亿补贴：{rng.choice(PRODUCTS)}仅需{rng.randint(9, 299)}元，正品保障，{_short(rng, brand)}",
        f"亲，您有一张{rng.randint(10, 100)}元购物券即将过期，快去APP首页领取使用吧",
        f"限时免单！邀请好友助力，{rng.choice(PRODUCTS)}免费拿，活动{_date(rng)}截止",
        f"超级会员日，PLUS会员{pick(rng, '年卡', '季卡')}仅需{rng.randint(9, 99)}元，续费立享{_price(rng)}",
    )
    return _opt(rng, _sig(rng, app, body))


def _m_food(rng: Rng) -> str:
    shop = rng.choice(FOOD)
    body = pick(
        rng,
        f"{pick(rng, '周二会员日', '疯狂星期四', '周末狂欢', '新品上市')}，{pick(rng, '全鸡', '汉堡套餐', '拿铁', '火锅套餐', '招牌烤鱼', '奶茶')}{_price(rng)}，小程序下单更优惠",
        f"您的{rng.randint(5, 30)}元代金券已到账，{_date(rng)}前到店使用，不与其他优惠同享",
        f"新店开业！{rng.choice(CITIES)}{pick(rng, '人民路', '中山路', '建设路', '解放路')}店，{_date_range(rng)}全场{rng.randint(5, 8)}.{rng.randint(0, 9)}折，欢迎品尝",
        f"会员生日月，到店出示短信即赠{pick(rng, '长寿面', '生日蛋糕', '甜品一份', '饮品一杯')}",
        f"咖啡第二杯半价，{_date(rng)}-{_date(rng)}，APP点单立享",
    )
    return _opt(rng, _sig(rng, shop, body))


def _m_loan(rng: Rng) -> str:
    """Licensed lenders' and banks' credit ads: the marketing that keyword filters most often call fraud."""
    lender = rng.choice(LENDERS + [b for b, _ in BANKS])
    body = pick(
        rng,
        f"尊敬的客户，您有一笔最高{rng.randint(2, 30)}万元的{pick(rng, '备用金', '借款额度', '消费额度', '信用额度')}待领取，{pick(rng, '年化利率', '年利率（单利）')}低至{rng.randint(3, 12)}.{rng.randint(0, 99)}%，{pick(rng, '最快1分钟到账', '随借随还', '按日计息')}，{pick(rng, '打开APP查看', '点击', '戳')} {_short(rng)} ",
        f"您的信用良好，获得{rng.randint(1, 20)}万元提额资格，{_date(rng)}前有效，登录APP即可申请，贷款额度、利率以审批为准",
        f"恭喜您获得{rng.randint(7, 30)}天免息券，借款享{pick(rng, '首期免息', '利息8折', '免息')}，请理性借贷，按时还款",
        f"{pick(rng, '装修', '购车', '教育', '旅游')}分期，最高可分{rng.choice([12, 24, 36])}期，{pick(rng, '月费率低至', '日息低至')}0.0{rng.randint(2, 5)}%，详询网点或拨打客服热线",
        f"您申请的{pick(rng, '信用卡', '联名卡')}已审批通过，额度{rng.randint(1, 8)}万元，激活后首刷送{pick(rng, '行李箱', '电动牙刷', '100元刷卡金')}",
        f"您的额度已提升至{rng.randint(2, 20)}万，现在借款享限时利率优惠，请勿轻信非官方渠道，谨防诈骗",
        f"经营贷：小微企业主专享，最高{rng.randint(50, 300)}万，{pick(rng, '线上申请', '当天审批')}，以官方审核为准",
    )
    return _opt(rng, _sig(rng, lender, body))


def _m_telecom(rng: Rng) -> str:
    org, num = rng.choice(OPERATORS)
    body = pick(
        rng,
        f"尊敬的客户，{pick(rng, '5G', '全家享', '宽带融合', '畅享')}套餐限时优惠，月费{rng.randint(19, 199)}元含{rng.randint(10, 100)}GB流量，回复{pick(rng, 'KT', 'BL', '1', 'Y')}办理",
        f"您的号码获赠{rng.randint(1, 30)}GB流量包，{_date(rng)}前有效，发送{pick(rng, 'LL', 'CXLL')}到{num}查询",
        f"{pick(rng, '充100送20', '充话费享9.5折', '存200得300')}，{_date_range(rng)}，登录{org}APP参与",
        f"千兆宽带{pick(rng, '新装', '升级')}仅需{rng.randint(29, 199)}元/月，送{pick(rng, '路由器', '电视会员', '安装费')}，详询{num}",
        f"您已获得{pick(rng, '视频会员', '音乐会员', '云盘会员')}{rng.randint(1, 12)}个月免费体验资格，回复Y领取，到期自动取消",
        f"老用户专享，合约机{pick(rng, 'iPhone', '华为', '小米', 'OPPO')}直降{rng.randint(200, 2000)}元，到营业厅办理",
        f"积分兑好礼：您有积分{rng.randint(500, 9000)}分，可兑换话费或流量，发送JF到{num}查询，本短信免费",
    )
    return _opt(rng, _sig(rng, org, body))


def _m_app(rng: Rng) -> str:
    app = rng.choice(
        [
            "抖音",
            "快手",
            "小红书",
            "哔哩哔哩",
            "爱奇艺",
            "腾讯视频",
            "优酷",
            "喜马拉雅",
            "Keep",
            "高德地图",
            "滴滴出行",
            "携程旅行",
            "飞猪",
            "12306",
            "饿了么",
            "美团",
            *GAMES,
        ]
    )
    body = pick(
        rng,
        f"好久不见，{pick(rng, '新版本上线', '新赛季开启', '周年庆活动开启')}，回归即领{pick(rng, '限定皮肤', '888钻石', '七天会员', '20元红包')}，{_short(rng)}",
        f"送你{rng.randint(3, 30)}元打车券，{_date(rng)}前有效，打开APP即可使用",
        f"{pick(rng, '会员', 'VIP')}限时{rng.randint(3, 8)}折，年卡仅需{rng.randint(68, 198)}元，追剧免广告",
        f"暑期特惠，{pick(rng, '机票', '酒店', '门票')}{_price(rng)}，新用户再领{rng.randint(10, 100)}元券",
        f"您的好友邀请您一起{pick(rng, '组队', '拼团', '助力')}，完成即得{rng.randint(5, 50)}元奖励",
        f"新服开启！首充{rng.randint(1, 6)}元领{pick(rng, '神装', '坐骑', '限定英雄')}，登录就送{rng.randint(100, 888)}抽",
    )
    return _opt(rng, _sig(rng, app, body))


def _m_realty_car_edu(rng: Rng) -> str:
    kind = rng.randint(0, 4)
    if kind == 0:
        name = rng.choice(REALTY) + pick(rng, "·天玺", "·云著", "·翡翠湾", "·壹号院", "·公园里")
        body = pick(
            rng,
            f"{rng.choice(CITIES)}{pick(rng, '地铁口', '核心区', '学区', '湖畔')}{rng.randint(80, 180)}㎡{pick(rng, '三居', '四居', '洋房')}，首付{rng.randint(10, 90)}万起，{_date(rng)}开盘，来电{_phone(rng)}",
            f"周末看房送{pick(rng, '油', '大米', '家电', '购物卡')}，{pick(rng, '准现房', '精装交付', '买房送车位')}，咨询{_phone(rng)}",
        )
    elif kind == 1:
        name = rng.choice(CARS) + pick(rng, "4S店", "汽车", "授权店", "体验中心")
        body = pick(
            rng,
            f"{_date_range(rng)}厂家直销，{pick(rng, '购车', '置换')}最高补贴{rng.randint(1, 5)}万元，{pick(rng, '0首付', '3年0息', '送保险')}，试驾即送好礼，热线{_phone(rng)}",
            f"尊敬的车主，您的爱车已到保养周期，{_date(rng)}前到店享工时{rng.randint(5, 8)}折，预约电话{_phone(rng)}",
            f"新车上市品鉴会，{_date(rng)}诚邀您莅临，到店即送{pick(rng, '车模', '洗车卡', '定制礼品')}",
        )
    elif kind == 2:
        name = rng.choice(EDU)
        body = pick(
            rng,
            f"{pick(rng, '考研', '公考', '教资', '四六级', '小升初', '中考', '少儿编程', '英语口语')}{pick(rng, '冲刺班', '暑假班', '寒假班', '体验课')}{pick(rng, '开始报名', '火热招生中')}，{_price(rng)}，{pick(rng, '0元试听', '名师授课', '不过退费')}，咨询{_phone(rng)}",
            f"您预约的免费公开课将于{_date(rng)}{rng.randint(8, 21)}:00开始，扫码进群领取资料",
        )
    elif kind == 3:
        name = rng.choice(INSURERS)
        body = pick(
            rng,
            f"百万医疗险，{pick(rng, '每月低至', '月缴')}{rng.randint(1, 50)}元起，住院医疗、重疾都能保，{pick(rng, '详询您的专属顾问', '投保请认准官方渠道')}",
            f"您的车险将于{_date(rng)}到期，提前续保享{pick(rng, '折扣', '赠送洗车', '加油卡')}，专属顾问电话{_phone(rng)}",
        )
    else:
        name = rng.choice([*GYMS, "美容院", "美发沙龙", "口腔诊所", "眼镜店", "月子中心", "婚纱摄影"])
        body = pick(
            rng,
            f"{pick(rng, '年卡', '季卡', '私教课', '洗牙', '美白套餐', '婚纱照')}{_price(rng)}，{_date(rng)}前预约再送{pick(rng, '体验课', '护理一次', '精修照片')}，电话{_phone(rng)}",
            f"{rng.choice(CITIES)}新店开业，前{rng.randint(20, 200)}名到店体验仅需{rng.randint(9, 99)}元",
        )
    return _opt(rng, _sig(rng, name, body))


def _m_bank(rng: Rng) -> str:
    bank, _ = rng.choice(BANKS)
    body = pick(
        rng,
        f"{pick(rng, '周五', '周末', '每周三')}{pick(rng, '超市', '加油', '外卖', '影院')}{pick(rng, '满50减10', '满100减20', '5折', '半价')}，绑卡支付即享，活动详情见{pick(rng, '本行APP', '掌上生活', '官方公众号')}",
        f"新客开户礼：开立{pick(rng, '三类户', '电子账户')}并存入{rng.randint(1, 5)}千元，即送{rng.randint(10, 88)}元{pick(rng, '话费', '立减金', '京东卡')}",
        f"本行{rng.randint(3, 12)}个月定期{pick(rng, '存款', '大额存单')}利率{rng.randint(1, 3)}.{rng.randint(10, 99)}%，{pick(rng, '起存金额', '20万元起存')}，详询网点",
        f"信用卡分期特惠，账单分期手续费{rng.randint(5, 8)}折，{_date(rng)}前申请有效",
        f"基金定投{pick(rng, '申购费1折', '0.1折起')}，市场有风险，投资需谨慎",
    )
    return _opt(rng, _sig(rng, bank, body))


def _m_taiwan(rng: Rng) -> str:
    """Traditional-character promotions as Taiwan senders write them (brands, 限時, 點數, LINE)."""
    brand = rng.choice(TW_BRANDS)
    body = pick(
        rng,
        f"{pick(rng, '週年慶', '母親節', '雙11', '年終慶', '會員日')}限時優惠，全館{rng.randint(5, 9)}折起，滿{rng.choice([500, 1000, 2000])}送{rng.choice([50, 100, 200])}，{pick(rng, '立即選購', '詳情看官網', '快來逛逛')}",
        f"會員專屬：{pick(rng, '點數', '購物金', '折價券')}{rng.randint(50, 500)}點將於{_date(rng)}到期，記得到門市使用喔",
        f"新品上市！{pick(rng, '咖啡', '保養品', '家電', '零食')}買一送一，僅限{_date(rng)}，加入LINE好友再領折價券",
        f"感謝您的支持，本月消費滿額抽{pick(rng, 'iPhone', '機票', '百萬現金', 'Switch')}，登入APP參加活動",
        f"{pick(rng, '門號續約', '升級5G', '寬頻加速')}享優惠，月租{rng.randint(299, 1399)}元起，{pick(rng, '手機0元帶回家', '送禮券', '網路吃到飽')}",
        f"免運活動開跑！{_date_range(rng)}全站免運，{pick(rng, '結帳再折', '新會員首購折')}{rng.randint(50, 300)}元",
    )
    text = _sig(rng, brand, body)
    return text + (rng.choice(["", " "]) + rng.choice(TW_OPT_OUTS) if rng.random() < 0.5 else "")


MARKETING_FAMILIES: list[Family] = [
    _m_retail,
    _m_ecommerce,
    _m_food,
    _m_loan,
    _m_telecom,
    _m_app,
    _m_realty_car_edu,
    _m_bank,
    _m_taiwan,
]


# ------------------------------------------------------------------------------------------- illegal
def _i_gambling(rng: Rng) -> str:
    site = pick(
        rng,
        "澳门新葡京",
        "威尼斯人",
        "金沙娱乐",
        "永利皇宫",
        "太阳城",
        "银河娱乐",
        "皇冠体育",
        "亚博",
        "开元棋牌",
        "AG真人",
    )
    body = pick(
        rng,
        f"{site}{pick(rng, '官方直营', '线上娱乐城', '真人视讯')}，{pick(rng, '百家乐', '龙虎斗', '牛牛', '捕鱼', '电子老虎机')}，首充{rng.randint(50, 500)}送{rng.randint(50, 888)}，{pick(rng, '提款秒到', '日出千万', '大额无忧')}",
        f"{pick(rng, '六合彩', '时时彩', '北京赛车', '快三')}{pick(rng, '精准计划', '内部资料', '特码')}，{pick(rng, '注册', '充值')}即送{rng.randint(18, 188)}元彩金，{_short(rng)}",
        f"世界杯{pick(rng, '足球竞猜', '体育投注')}，{pick(rng, '赔率全网最高', '返水1.2%', '首存送100%')}，{pick(rng, '网址', '登录')} {_short(rng)}",
        f"棋牌{pick(rng, '斗地主', '炸金花', '麻将')}真人对战，{pick(rng, '上下分', '一元一分')}，加微{pick(rng, 'dz', 'qp', 'yl')}{rng.randint(1000, 99999)}",
        f"{pick(rng, '娛樂城', '線上賭場')}註冊就送{rng.randint(100, 3000)}體驗金，百家樂、運彩、老虎機，{pick(rng, '出金快速', '儲值加碼')}，加賴",
    )
    return _noise(rng, body)


def _i_documents(rng: Rng) -> str:
    body = pick(
        rng,
        f"代开{pick(rng, '各类', '增值税专用', '普通', '全国各地')}发票，{pick(rng, '税点低', '点数优惠', '可网上查验')}，{pick(rng, '先验后付', '包真包查')}，电话{_phone(rng)}",
        f"{pick(rng, '办证', '刻章', '办理毕业证', '办学历', '办驾照', '办身份证')}，{pick(rng, '学信网可查', '全国通用', '一比一制作')}，{pick(rng, '加急当天取', '包过')}，联系{_phone(rng)}",
        f"{pick(rng, '出售', '收购')}{pick(rng, '银行卡', '对公账户', '四件套', '电话卡', '微信号')}，{pick(rng, '价格高', '当面交易', '长期合作')}，{pick(rng, 'V', '微', 'Q')}{rng.randint(100000, 99999999)}",
        f"信用卡{pick(rng, '套现', '代还', '提额')}，{pick(rng, '手续费低', '秒到账', '正规POS')}，{_phone(rng)}",
        f"代開發票，{pick(rng, '各行業', '稅點優惠')}，可查驗，聯繫{_phone(rng)}",
        f"{pick(rng, '论文代写', '代考', '考试包过', '答案提前出')}，{pick(rng, '四六级', '驾照科目一', '公务员', '职称')}，{pick(rng, '不过退款', '内部渠道')}，加{pick(rng, 'V', 'Q')}{rng.randint(100000, 99999999)}",
    )
    return _noise(rng, body)


def _i_escort(rng: Rng) -> str:
    body = pick(
        rng,
        f"{rng.choice(CITIES)}{pick(rng, '同城', '酒店', '上门')}{pick(rng, '按摩', '服务', '约会', '交友')}，{pick(rng, '学生妹', '少妇', '模特', '兼职妹')}，{pick(rng, '包夜', '快餐', '一条龙')}{rng.randint(300, 3000)}，{pick(rng, '先见面后付款', '安全私密', '可视频验证')}，{_phone(rng)}",
        f"{pick(rng, '寂寞', '无聊')}了吗？{pick(rng, '同城美女', '附近的人')}{pick(rng, '一对一', '私密视频', '裸聊')}，{pick(rng, '点击', '下载')} {_short(rng)}",
        f"高端{pick(rng, '商务', '伴游', 'SPA会所')}，{pick(rng, '全套', '特殊服务', '私人订制')}，{pick(rng, '加微', '联系')}{pick(rng, 'mm', 'vip', 'spa')}{rng.randint(1000, 99999)}",
        f"{pick(rng, '外送茶', '約妹', '兼職妹')}，{pick(rng, '台北', '台中', '高雄')}可到府，{pick(rng, '加賴', 'LINE')}",
    )
    return _noise(rng, body)


ILLEGAL_FAMILIES: list[Family] = [_i_gambling, _i_documents, _i_escort]


# ------------------------------------------------------------------------------- service conversations
# Normal, not spam: what agents, assistants and shop staff write to a customer (ride-hailing, food orders,
# bookings, shopping help, after-sales, transport questions). Scam scripts also open with "我是…客服", so a
# model that never saw a real service conversation reads every polite agent as a scammer.
def _svc_opening(rng: Rng) -> str:
    who = pick(rng, "客服", "服务助手", "小助手", "店员", "导购", "前台", "售后", "调度员", "咨询员")
    return pick(
        rng,
        f"您好，我是{pick(rng, '', '您的', '本店', '平台')}{who}{pick(rng, '小王', '小李', '小张', '', '')}，",
        f"{who}为您服务，",
        f"欢迎{pick(rng, '光临', '使用我们的服务', '来电咨询', '预约')}，",
        "您好，",
        "",
    )


def _svc_close(rng: Rng) -> str:
    return pick(
        rng,
        "还有其他需要帮忙的吗？",
        "祝您生活愉快！",
        "如有问题随时联系我们。",
        "感谢您的耐心等待。",
        "祝您一天愉快。",
        "",
    )


def _s_ride(rng: Rng) -> str:
    plate = f"{pick(rng, '京', '沪', '粤', '川', '浙')}{rng.choice('ABCDE')}{rng.randint(10000, 99999)}"
    return (
        _svc_opening(rng)
        + pick(
            rng,
            f"已为您叫到车，{pick(rng, '白色', '黑色', '蓝色')}{pick(rng, '大众', '比亚迪', '丰田')}，车牌{plate}，预计{rng.randint(2, 12)}分钟到达{pick(rng, '小区门口', '地铁站B口', '医院正门', '公司楼下')}。",
            f"请问您从哪里出发、到哪里去？从{pick(rng, '火车站', '机场', '市中心')}到{pick(rng, '开发区', '大学城', '会展中心')}大约{rng.randint(15, 60)}分钟，费用约{rng.randint(20, 150)}元。",
            "司机师傅已到上车点，请尽快上车，车辆只能临时停靠。",
            f"您的行程已结束，车费{rng.randint(10, 120)}元，欢迎对本次服务进行评价。",
        )
        + _svc_close(rng)
    )


def _s_food(rng: Rng) -> str:
    dish = pick(rng, "黑椒牛肉饭", "宫保鸡丁", "番茄鸡蛋面", "麻辣香锅", "水饺", "酸菜鱼", "披萨")
    return (
        _svc_opening(rng)
        + pick(
            rng,
            f"今天推荐{dish}，{pick(rng, '口味偏辣', '清淡爽口', '分量很足')}，请问您要几份？",
            f"您点的{dish}已经在做了，大约{rng.randint(15, 40)}分钟送到，骑手会提前联系您。",
            f"您好，今晚{rng.randint(5, 8)}点{pick(rng, '四人', '六人', '两位')}的{pick(rng, '包间', '靠窗座位', '大厅座位')}已为您预留，请准时到店。",
            f"您的外卖已出餐，骑手{pick(rng, '正在取餐', '已取餐')}，请保持电话畅通。",
            "不好意思，您要的菜今天卖完了，给您换成同价位的可以吗？",
        )
        + _svc_close(rng)
    )


def _s_booking(rng: Rng) -> str:
    item = pick(rng, "理发", "按摩", "洗牙", "体检", "维修", "家政保洁", "宠物洗澡", "驾校练车")
    return (
        _svc_opening(rng)
        + pick(
            rng,
            f"您预约的{item}已安排在{_date(rng)}{pick(rng, '上午', '下午')}{rng.randint(1, 11)}点，请问方便吗？",
            f"请问您想预约什么服务、什么时间？我们{pick(rng, '周一到周五', '每天', '周末')}都可以安排{item}。",
            f"师傅明天{rng.randint(8, 18)}点上门，麻烦您告知一下详细地址和联系方式。",
            f"您的{item}预约已取消，如需重新预约可以直接回复我。",
        )
        + _svc_close(rng)
    )


def _s_shop(rng: Rng) -> str:
    item = rng.choice(PRODUCTS)
    return (
        _svc_opening(rng)
        + pick(
            rng,
            f"这款{item}有{pick(rng, '黑白两色', '三个尺码', '大中小号')}，{pick(rng, '现在有货', '明天到货', '需要预订')}，您看哪一款合适？",
            f"您要的{item}在{pick(rng, '二楼', '电器区', '入口左手边')}，直走到尽头右转就是。",
            f"您咨询的{item}保修{rng.randint(1, 3)}年，七天无理由退换，发票随货寄出。",
            f"您好，您买的{item}已经给您换好了，下次来店里直接取就行。",
        )
        + _svc_close(rng)
    )


def _s_after_sales(rng: Rng) -> str:
    return (
        _svc_opening(rng)
        + pick(
            rng,
            "关于您反映的问题，我们已经记录，技术人员会在24小时内联系您。",
            "请问是哪部分条款不太理解？我给您详细解释一下。",
            f"您的{pick(rng, '维修单', '工单', '投诉')}已处理完毕，如还有问题可以再联系我们。",
            "您的快递我们查了，目前在中转站，预计明天送达，请您耐心等待。",
            "您可以在APP的订单页面自行申请退换货，审核通过后会有快递员上门取件。",
        )
        + _svc_close(rng)
    )


def _s_transport(rng: Rng) -> str:
    a, b = rng.choice(CITIES), rng.choice(CITIES)
    return (
        _svc_opening(rng)
        + pick(
            rng,
            f"您可以乘坐地铁{rng.randint(1, 12)}号线到{pick(rng, '人民广场', '火车站', '体育中心')}站，再换乘公交{rng.randint(1, 300)}路，全程约{rng.randint(20, 70)}分钟。",
            f"{pick(rng, '今天', '明天')}{a}到{b}的高铁还有余票，最早一班{rng.randint(6, 11)}点出发。",
            "前方路段正在施工，建议绕行或避开早晚高峰出行。",
            f"{pick(rng, '机场大巴', '城际公交', '轮渡')}每{rng.randint(15, 40)}分钟一班，末班车{rng.randint(20, 23)}点。",
        )
        + _svc_close(rng)
    )


SERVICE_FAMILIES: list[Family] = [_s_ride, _s_food, _s_booking, _s_shop, _s_after_sales, _s_transport]


def synth_service(seed: int, n: int) -> list[SynthMessage]:
    """``n`` normal service conversation messages (agents, assistants, shop staff), deterministic."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        fam = rng.choice(SERVICE_FAMILIES)
        out.append(SynthMessage(fam(rng), "normal", False, None, family_id(fam)))
    return out


_FAMILIES: dict[str, list[Family]] = {MARKETING: MARKETING_FAMILIES, ILLEGAL: ILLEGAL_FAMILIES}


def spam_families() -> dict[str, list[str]]:
    """Template family ids per kind (for evaluations that hold whole families out)."""
    return {kind: [family_id(f) for f in fams] for kind, fams in _FAMILIES.items()}


def synth_spam(seed: int, n: int, kind: str | None = None) -> list[SynthMessage]:
    """``n`` marketing or illegal-advertising messages drawn deterministically from ``seed``.

    ``kind`` is one of ``SPAM_KINDS``; ``None`` draws marketing three times in four."""
    if kind is not None and kind not in SPAM_KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(SPAM_KINDS)}")
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = kind or (MARKETING if rng.random() < 0.75 else ILLEGAL)
        fam = rng.choice(_FAMILIES[k])
        text = fam(rng)
        if k == MARKETING:
            text = _noise(rng, text)
        out.append(SynthMessage(text, k, False, None, family_id(fam)))
    return out
