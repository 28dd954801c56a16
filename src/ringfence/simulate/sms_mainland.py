# ruff: noqa: E501  (template strings are Chinese prose; CJK characters count double)
"""Synthetic mainland-Chinese spam where marketing and fraud share their wording.

Real spam streams hold loan ads from banks and brokers (无抵押, 当天放款, 月息几厘), operators' offers and
points notices (积分到期, 回复XX办理, 话费返还) and stock-picking "groups" advertised like promotions
(免费领取, 回复1, 退订回T). A keyword or a model trained on ``sms_texts`` and ``sms_marketing`` alone reads
the first two as scams and the third as a promotion. These families make the contrast explicit: the
legitimate side states rates, terms, branches and official channels; the scam side promises returns,
pushes free stock picks and moves the recipient into a teacher's group.

API: ``synth_mainland(seed, n)`` returns ``SynthMessage`` objects (``category`` = "marketing" or the scam
category ``investment``, ``is_fraud`` accordingly, ``family`` = the template family id). Kept apart from
``synth_messages`` and ``synth_spam`` so that the simulator's traffic and the generated evaluation sets
built from those stay the same for the same seed.
Written for ringfence (not derived from any evaluation text); Apache-2.0 like the rest of the package.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ringfence.simulate.sms_texts import BANKS, CITIES, OPERATORS, SHORTENERS, SynthMessage, family_id, pick

__all__ = ["MAINLAND_FAMILIES", "mainland_families", "synth_mainland"]

Rng = random.Random
Family = Callable[[Rng], str]

_OPT = ["回T退订", "退订回T", "退订回TD", "拒收请回复R", "回N退订", "退订请回复0000", "回复TD退订"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"


def _mask_phone(rng: Rng) -> str:
    head = rng.choice(["13", "15", "18", "17", "19"]) + str(rng.randint(0, 9))
    return pick(
        rng,
        head + "x" * 8,
        head + "****" + f"{rng.randint(0, 9999):04d}",
        head + "".join(str(rng.randint(0, 9)) for _ in range(8)),
        f"400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        "xxxxxxxxxxx",
    )


def _short(rng: Rng) -> str:
    tail = "".join(rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(rng.randint(4, 7)))
    return f"{rng.choice(SHORTENERS)}/{tail}"


def _wrap(rng: Rng, name: str | None, body: str, opt_share: float) -> str:
    """Signature (often), opt-out (sometimes), and the spacing of senders who dodge keyword filters."""
    if name is not None:
        r = rng.random()
        body = f"【{name}】{body}" if r < 0.55 else (f"{body}【{name}】" if r < 0.75 else body)
    if rng.random() < opt_share:
        body += rng.choice(["", " ", "，"]) + rng.choice(_OPT)
    if rng.random() < 0.08:
        body = " ".join(body[:12]) + body[12:]
    return body


# ----------------------------------------------------------------------------------------- marketing
def _mm_loan_broker(rng: Rng) -> str:
    """Loan ads of banks, licensed lenders and brokers: unsecured, fast, with rates and a person to call."""
    product = pick(
        rng,
        "信用贷",
        "房抵贷",
        "车主贷",
        "经营贷",
        "公积金贷",
        "保单贷",
        "税金贷",
        "装修贷",
        "按揭房二次抵押",
    )
    who = pick(
        rng,
        "上班族",
        "个体工商户",
        "小微企业主",
        "有房客户",
        "有车一族",
        "公积金连续缴存一年以上的客户",
        "优质单位员工",
    )
    terms = pick(
        rng,
        f"年化利率{rng.randint(3, 9)}.{rng.randint(0, 99):02d}%起",
        f"月息{rng.randint(2, 6)}厘起",
        f"额度{rng.randint(5, 300)}万以内",
        f"最长可分{rng.choice([3, 5, 10])}年",
        "先息后本、等额本息均可",
        "随借随还，按日计息",
    )
    feature = pick(
        rng,
        "纯信用无抵押",
        "无需抵押担保",
        "最快当天放款",
        "审批快放款快",
        "手续简便",
        "无前期费用",
        "不成功不收费",
        "不押车",
        "线上申请，两小时出额度",
    )
    contact = pick(
        rng,
        f"详询{rng.choice(_SURNAMES)}经理{_mask_phone(rng)}",
        f"微信同号{_mask_phone(rng)}",
        "欢迎到就近网点咨询",
        "回复1安排客户经理联系您",
        f"热线{_mask_phone(rng)}",
        f"地址：{rng.choice(CITIES)}市xx路xx号",
    )
    lender = pick(
        rng, *(b for b, _ in BANKS), "xx融资担保", "xx小额贷款公司", "xx金融服务", "xx农商银行", "xx消费金融"
    )
    body = pick(
        rng,
        f"{who}专享{product}，{terms}，{feature}，{contact}",
        f"您好，我是{lender}的客户经理，本行{product}{terms}，{feature}，有资金需要可联系我，{contact}",
        f"资金周转找{lender}：{product}{feature}，{terms}，{contact}",
        f"{product}，{feature}，{terms}，额度、利率以审批为准，{contact}",
        f"尊敬的客户，您已获得{product}预审资格，{terms}，{pick(rng, '登录手机银行申请', '携带身份证到网点办理', '回复Y办理')}",
    )
    return _wrap(rng, lender if rng.random() < 0.5 else None, body, 0.4)


def _mm_operator(rng: Rng) -> str:
    """Operators' own offers and points notices: official numbers, reply codes, no outside links."""
    org, num = rng.choice([*OPERATORS, ("中国广电", "10099")])
    code = pick(rng, "KT", "BL", "JF", "LL", "Y", "1", "XY", "KTLL")
    body = pick(
        rng,
        f"尊敬的客户，您的积分{rng.randint(800, 20000)}分将于{rng.randint(1, 12)}月底到期，可兑换话费、流量或会员权益，发送{code}到{num}查询",
        f"您有{rng.randint(1000, 9000)}积分可用，积分商城本月上新{pick(rng, '视频会员', '话费券', '流量包', '家电好礼')}，登录{org}App-我的-积分兑换",
        f"您符合话费返还活动条件，办理{rng.randint(39, 199)}元套餐每月返{rng.randint(5, 50)}元话费，共{rng.choice([6, 12, 24])}个月，回复{code}办理",
        f"感谢您在网{rng.randint(3, 20)}年，特为您准备{pick(rng, '每月5GB流量', '免费来电提醒', '宽带提速', '视频会员季卡')}，回复{code}领取，详询{num}",
        f"您的{pick(rng, '合约', '宽带', '套餐优惠')}将于{rng.randint(1, 12)}月{rng.randint(1, 28)}日到期，续约享{rng.randint(6, 9)}折，回复{code}续约或到营业厅办理",
        f"预存{rng.randint(2, 10)}00元话费送{pick(rng, '5G手机', '老人机', '路由器', '智能音箱')}一台，话费分月返还，详询当地营业厅或拨打{num}",
        f"您本月流量已超出，推荐{rng.randint(10, 50)}元{rng.randint(5, 50)}GB月包，回复{code}{rng.randint(10, 50)}办理，次月自动失效",
        f"恭喜您获得{pick(rng, '话费券', '流量券', '抽奖机会')}，登录{org}App领取，{rng.randint(3, 30)}日内有效，本短信免费",
    )
    return _wrap(rng, org, body, 0.35)


def _mm_points(rng: Rng) -> str:
    """Points, miles and member credits that really expire, redeemed through the brand's own channel."""
    brand, unit, channel = rng.choice(
        [
            ("东方航空", "积分", "东航App-积分商城"),
            ("国航知音", "里程", "国航App"),
            ("招商银行", "积分", "掌上生活App"),
            ("建设银行", "积分", "建行生活App"),
            ("中国石化", "积分", "加油站便利店"),
            ("万豪旅享家", "积分", "官方App"),
            ("沃尔玛", "积分", "门店服务台"),
            ("京东", "京豆", "京东App-我的-京豆"),
            ("淘宝", "淘金币", "淘宝App"),
            ("肯德基", "会员积分", "肯德基App"),
        ]
    )
    body = pick(
        rng,
        f"您有{rng.randint(200, 50000)}{unit}将于{rng.randint(1, 12)}月{rng.randint(1, 28)}日过期，可在{channel}兑换{pick(rng, '礼品', '机票', '优惠券', '商品', '洗车券')}",
        f"{unit}即将到期提醒：{rng.randint(100, 9000)}{unit}可抵{rng.randint(1, 90)}元，{pick(rng, '到店结账时使用', '下单时自动抵扣', '在' + channel + '使用')}",
        f"尊敬的会员，您的{unit}余额{rng.randint(100, 30000)}，有效期至年底，{channel}有新品上架，欢迎兑换",
        f"年终{unit}清零前最后一波兑换，{channel}{pick(rng, '满额加赠', '限量好礼', '5折兑换专区')}，先到先得",
    )
    return _wrap(rng, brand, body, 0.5)


def _mm_securities(rng: Rng) -> str:
    """Licensed brokers' and fund houses' promotions: account opening, fees, rates, risk disclaimers."""
    broker = pick(
        rng,
        "华泰证券",
        "中信证券",
        "国泰君安",
        "招商证券",
        "东方财富证券",
        "易方达基金",
        "天天基金",
        "广发证券",
    )
    body = pick(
        rng,
        f"新客开户享佣金万{rng.randint(1, 3)}，融资利率{rng.randint(4, 7)}.{rng.randint(0, 9)}%起，股市有风险，投资需谨慎",
        f"国债逆回购年末利率走高，{pick(rng, '闲钱', '资金')}可参与，详见App-理财，市场有风险",
        f"基金申购费{rng.randint(1, 3)}折，定投{rng.randint(10, 100)}元起，过往业绩不代表未来表现，投资需谨慎",
        f"新版App上线{pick(rng, '条件单', '智能定投', '行情提醒')}功能，升级即可使用，{pick(rng, '理财非存款', '投资有风险')}",
        f"两融账户{pick(rng, '限时利率优惠', '开户礼')}，详询营业部或客户经理，入市需谨慎",
    )
    return _wrap(rng, broker, body, 0.6)


def _mm_masked_local(rng: Rng) -> str:
    """Local businesses' unsigned ads with masked numbers and placeholders, as bulk senders write them."""
    trade = pick(
        rng,
        "装饰公司",
        "家政公司",
        "驾校",
        "酒楼",
        "健身会所",
        "眼镜店",
        "家具城",
        "月子中心",
        "家电维修",
        "婚纱摄影",
    )
    offer = pick(
        rng,
        f"x月x日至x日活动期间{pick(rng, '签约', '报名', '消费', '预订')}享x折",
        "前xx名到店送精美礼品",
        "老客户介绍新客户双方各得xxx元",
        "价格公道，上门服务",
        "持证上岗，服务周到",
        "新店开张，欢迎惠顾",
    )
    return pick(
        rng,
        f"您好！xx{trade}{offer}，地址xx路xx号，电话{_mask_phone(rng)}",
        f"尊敬的顾客，xx{trade}感谢您一直以来的支持，{offer}，详询{_mask_phone(rng)}",
        f"xx{trade}：{offer}，{pick(rng, '欢迎来电', '欢迎光临', '敬请预约')}{_mask_phone(rng)}",
    )


def _mm_ipo_reminder(rng: Rng) -> str:
    """Brokers' real new-share and account notices: a code, a price, the broker's own App; money stays in
    the holder's own account (scams ask for it to be paid elsewhere)."""
    code = f"{rng.choice(['30', '68', '00', '60', '83'])}{rng.randint(1000, 9999)}"
    name = pick(rng, "xx科技", "xx新材", "xx股份", "xx电子", "xx智能", "xx医疗", "xx能源")
    body = pick(
        rng,
        f"今日可申购新股：{name}（申购代码{code}），发行价{rng.randint(5, 60)}.{rng.randint(10, 99)}元，请登录App-交易-新股申购，打新有风险",
        f"恭喜您中签{name}{rng.choice([500, 1000, 200])}股，请于今日16:00前确保资金账户余额充足，系统自动扣款，详询95{rng.randint(500, 599)}",
        f"新股{name}今日上市，您可登录App查看持仓，股市有风险，投资需谨慎",
        f"您的账户本周有{rng.randint(1, 4)}只新债可申购，顶格申购无需资金，中签后T+2日缴款至本人资金账户",
        f"提醒：您的证券账户{pick(rng, '身份证件即将到期', '风险测评已过期', '适当性信息待更新')}，请登录App或到营业部更新，以免影响交易",
        f"{pick(rng, '两融', '港股通', '创业板', '科创板')}权限开通指引已发送至App消息中心，需满足资产和经验要求，详询营业部",
    )
    broker = pick(rng, "华泰证券", "中信建投", "国信证券", "海通证券", "申万宏源", "平安证券", "银河证券")
    return _wrap(rng, broker, body, 0.3)


def _mm_bank_wealth(rng: Rng) -> str:
    """Banks' and wealth managers' product ads: a benchmark range, the risk grade, the disclaimer."""
    bank = pick(rng, *(b for b, _ in BANKS), "招银理财", "建信理财", "xx农商银行")
    low = rng.randint(18, 32)
    body = pick(
        rng,
        f"{rng.randint(90, 365)}天理财新品发售，业绩比较基准{low / 10:.1f}%-{(low + rng.randint(3, 9)) / 10:.1f}%，R2中低风险，1元起购，理财非存款，产品有风险",
        f"大额存单{rng.choice([20, 30, 50])}万起存，{rng.choice([1, 2, 3])}年期年利率{rng.randint(15, 26) / 10:.2f}%，额度有限，详询网点",
        f"{pick(rng, '储蓄国债', '电子式国债')}{rng.randint(1, 12)}月{rng.randint(1, 28)}日发行，{rng.choice([3, 5])}年期票面利率{rng.randint(18, 26) / 10:.2f}%，可通过手机银行购买",
        f"养老金账户开立享{pick(rng, '立减金', '积分礼', '缴存礼')}，每年缴存上限12000元可税前扣除，详见手机银行-养老金融",
        f"您关注的{pick(rng, '货币基金', '债券基金', '指数基金')}七日年化{rng.randint(15, 30) / 10:.2f}%，过往业绩不预示未来表现，投资需谨慎",
    )
    return _wrap(rng, bank, body, 0.5)


# ----------------------------------------------------------------------------------------- investment scams
def _mf_stock_group(rng: Rng) -> str:
    """Stock-picking 'groups' and teachers advertised like promotions: the funnel of investment scams."""
    sector = pick(rng, "半导体", "新能源", "医药", "军工", "算力", "低空经济", "机器人", "券商", "白酒")
    hook = pick(
        rng,
        f"明日{sector}龙头有望连板",
        f"主力资金正在抢筹{sector}",
        "下周三只潜力股名单已整理好",
        "今晚老师直播解读主力动向",
        f"{sector}板块重大利好，提前布局",
        "一只低位翻倍股即将启动",
    )
    ask = pick(
        rng,
        f"免费领取请回复{rng.randint(1, 9)}",
        f"添加助理微信{pick(rng, 'gp', 'cj', 'ng')}{rng.randint(100, 9999)}领取",
        "扫码进群免费学习",
        f"名额仅剩{rng.randint(3, 30)}个，回复Y进群",
        "私信老师领取操作策略",
        f"戳 {_short(rng)} 进群",
    )
    proof = pick(
        rng,
        "",
        f"上周群内学员平均收益{rng.randint(10, 40)}%，",
        f"老师实盘带单，跟投月收益{rng.randint(15, 60)}%，",
        "已帮上万股民解套，",
        f"选股胜率{rng.randint(75, 95)}%，",
    )
    name: str | None = rng.choice(
        ["财经早参", "股海领航", "xx投研", "牛人荐股", "xx证券VIP", "金股内参", None]
    )
    return _wrap(rng, name, f"{hook}，{proof}{ask}", 0.45)


def _mf_platform(rng: Rng) -> str:
    """Crypto, forex and gold 'platforms' with promised returns and deposit bonuses."""
    what = pick(rng, "USDT理财", "外汇跟单", "现货黄金", "原油期货", "数字藏品", "区块链挖矿", "量化套利")
    body = pick(
        rng,
        f"{what}，日收益{rng.randint(1, 3)}.{rng.randint(0, 9)}%，随存随取，注册即送{rng.randint(10, 100)}U体验金",
        f"{what}平台新人入金送{rng.randint(20, 100)}%赠金，导师一对一指导，稳定盈利，{_short(rng)}",
        f"跟着老师做{what}，每天{rng.randint(2, 8)}个点收益，亏损平台兜底，咨询{pick(rng, 'QQ', '微信', 'V')}{rng.randint(10000, 99999999)}",
        f"{what}内部渠道开放，本金保障，月化{rng.randint(8, 30)}%，名额有限",
    )
    return _wrap(rng, None, body, 0.2)


def _mf_pre_ipo(rng: Rng) -> str:
    """Unlisted shares 'before the listing', equity stakes and crowd-funding sold to strangers."""
    what = pick(rng, "原始股", "股权", "期权", "新三板原始股", "海外上市公司股份", "内部股")
    times = rng.randint(5, 50)
    body = pick(
        rng,
        f"{pick(rng, 'xx集团', 'xx科技', '某独角兽企业')}{what}限时认购，每股{rng.randint(1, 5)}元，预计明年上市后翻{times}倍，名额有限{pick(rng, '，回复1咨询', '', '，联系' + _mask_phone(rng))}",
        f"内部员工价认购{what}，{pick(rng, '上市前', '挂牌前')}最后一轮，上市即可套现，{pick(rng, '错过再无机会', '亲友都已入股', '仅对老客户开放')}",
        f"{what}众筹：投{rng.randint(1, 10)}万入股分红，{pick(rng, '年底上市', '已签上市辅导协议')}，{pick(rng, '保底回购', '不上市全额退款', '本金保障')}，详询{_mask_phone(rng)}",
        f"恭喜您获得{pick(rng, 'xx科技', 'xx新能源', 'xx生物')}{what}认购资格，上市后至少{times}倍回报，请于{rng.randint(1, 5)}日内回复Y锁定份额",
    )
    return _wrap(rng, rng.choice([None, None, "股权投资", "xx资本"]), body, 0.1)


def _mf_fake_broker_notice(rng: Rng) -> str:
    """Fake brokers' notices: a 'won' new share, a block-trade discount or a VIP seat, paid for outside
    the holder's own account."""
    body = pick(
        rng,
        f"您已获得新股{pick(rng, '中签', '战略配售', '优先认购')}资格，请于今日15:00前{pick(rng, '缴纳认购款至指定账户', '转账至以下账户完成认购', '联系客服获取缴款账号')}，逾期视为放弃",
        f"机构大宗交易{rng.randint(7, 9)}折{pick(rng, '买入', '拿货')}，次日{pick(rng, '卖出', '出货')}稳赚差价，需开通{pick(rng, '专属席位', '机构通道', 'VIP席位')}，{pick(rng, '客服', '经理')}{pick(rng, 'QQ', 'V', '微信')}{rng.randint(10000, 9999999)}",
        f"打新VIP通道开放：{pick(rng, '百分百中签', '中签率达90%', '包中签')}，开通费{rng.randint(5, 30)}00元，{pick(rng, '转入指定账户后', '付款后')}即可参与",
        f"尊敬的客户，您的账户已升级为机构席位，可参与{pick(rng, '大宗折价', '内部配售', '涨停板打板')}，下载{pick(rng, 'xx证券专业版', 'xx机构版', '交易App')}并入金激活，{_short(rng)}",
    )
    return _wrap(rng, rng.choice([None, "证券通知", "xx证券", "机构交易部"]), body, 0.15)


def _mf_trading_funnel(rng: Rng) -> str:
    """Gold, forex, crude and crypto 'winnings' of a group, lessons from a stranger, a friendly opener."""
    what = pick(rng, "伦敦金", "现货黄金", "原油", "外汇", "比特币", "美股", "恒指期货", "白银")
    body = pick(
        rng,
        f"{what}{pick(rng, '今晚', '昨晚', '本周')}又帮群里{pick(rng, '朋友', '学员', '兄弟们')}{pick(rng, '吃到', '抓住', '赚了')}{rng.randint(50, 900)}点，{pick(rng, '想学的回复1', '想学的加我', '还没进群的抓紧')}",
        f"{pick(rng, '我是上次', '你好，我是之前', '还记得我吗，我是')}{pick(rng, '加过你的', '同学会上认识的', '群里的')}小{rng.choice(_SURNAMES)}，最近跟着老师做{what}收益不错，{pick(rng, '带你一起', '可以教你', '有空聊聊')}",
        f"手把手教你做{what}，{pick(rng, '零基础', '上班族', '宝妈')}也能{pick(rng, '每天多赚几百', '月入过万', '稳定盈利')}，{pick(rng, '加V', '加微', '私信')}{rng.randint(1000, 99999)}",
        f"{what}{pick(rng, '行情分析', '喊单', '实盘带单')}{pick(rng, '直播', '群')}今晚8点开讲，{pick(rng, '上周学员平均收益', '近一月胜率')}{rng.randint(20, 90)}%，{pick(rng, '回复Y进群', '点击进群 ' + _short(rng))}",
    )
    return _wrap(rng, None, body, 0.1)


def _mf_wealth_scam(rng: Rng) -> str:
    """Wealth products that no licensed seller may offer: principal and interest guaranteed, state backing
    claimed, interest far above any bank's."""
    what = pick(rng, "供应链金融项目", "养老理财", "国资背景产品", "政府扶持项目", "私募基金", "定向理财计划")
    body = pick(
        rng,
        f"{what}，年化{rng.randint(12, 36)}%，{pick(rng, '保本保息', '本息保障', '到期还本付息')}，{pick(rng, '国企兜底', '银行托管', '政府背书')}，{rng.randint(1, 10)}万起投",
        f"{what}月息{rng.randint(1, 3)}分，按月付息，{pick(rng, '资金安全有保障', '零风险', '稳赚不赔')}，{pick(rng, '亲戚朋友都在投', '老客户推荐返佣', '限额发售')}",
        f"您获得一份专属{what}额度，{rng.randint(7, 90)}天期收益{rng.randint(8, 20)}.{rng.randint(0, 9)}%，保证收益，点击认购{_short(rng)}",
        f"{pick(rng, '投资', '认购')}{what}{rng.randint(1, 5)}万，每月返息{rng.randint(600, 3000)}元，一年回本，{pick(rng, '名额仅剩', '本周截止，剩余')}{rng.randint(3, 20)}份",
    )
    return _wrap(rng, rng.choice([None, "xx财富", "xx资产管理", "理财中心"]), body, 0.2)


MAINLAND_FAMILIES: dict[str, list[Family]] = {
    "marketing": [
        _mm_loan_broker,
        _mm_operator,
        _mm_points,
        _mm_securities,
        _mm_masked_local,
        _mm_ipo_reminder,
        _mm_bank_wealth,
    ],
    "investment": [
        _mf_stock_group,
        _mf_platform,
        _mf_pre_ipo,
        _mf_fake_broker_notice,
        _mf_trading_funnel,
        _mf_wealth_scam,
    ],
}
_SHARE_FRAUD = 0.3


def mainland_families() -> dict[str, list[str]]:
    """Template family ids per category."""
    return {cat: [family_id(f) for f in fams] for cat, fams in MAINLAND_FAMILIES.items()}


def synth_mainland(seed: int, n: int) -> list[SynthMessage]:
    """``n`` messages, about 30 % investment scams and the rest marketing, deterministic for ``seed``."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        cat = "investment" if rng.random() < _SHARE_FRAUD else "marketing"
        fam = rng.choice(MAINLAND_FAMILIES[cat])
        out.append(SynthMessage(fam(rng), cat, cat != "marketing", None, family_id(fam)))
    return out
