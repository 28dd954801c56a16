# ruff: noqa: E501  (template strings are Chinese prose; CJK characters count double)
"""Synthetic spoken call openers: three scam scripts that live on the phone, and the ordinary calls they imitate.

SMS scam templates (``sms_texts``) are written; these scripts are *said*. A model that only learnt written
fraud misses a caller who opens with "喂，你儿子在我们手上", "猜猜我是谁" or "这里是福彩中心，恭喜您中了一等奖"
(virtual kidnapping, the "old friend" loan, the lottery-win call, the investment adviser's cold call), and a model that learnt these topics
alone would call every parent talking about a child at school, every old classmate and every lottery-shop
chat fraud. So each scam family has ordinary counterparts written in the same spoken register (喂/哎/那个,
short turns, a name asked for, "您现在方便吗"): old friends who really call, lottery-shop and raffle talk,
parents and teachers about a child, relatives and neighbours with news.

A message is one to three caller turns joined without the callee's replies (how a screened call transcript
or a voice-to-text SMS reads). Categories stay within ``sms_texts.FRAUD_CATEGORIES`` so that the category
head, the warning texts and the simulator keep one taxonomy: virtual kidnapping and "guess who I am" go
to ``acquaintance_boss`` (someone who claims to know you or yours, and whose warning is to check with the
person through a known number), the lottery call to ``prize``, the investment cold call to ``investment``.
Ordinary calls are ``normal`` (friends, lottery shops, parents and teachers, relatives, whole service
calls) or ``marketing`` (a licensed bank or insurer calling its own customer about a product).

API: ``synth_calls(seed, n, *, fraud_ratio=0.5)`` returns ``SynthMessage`` objects (``family`` is the
template family id; ``url`` is None). It is separate from ``synth_messages`` so that the simulator's SMS
traffic (same seed, same messages) is unchanged. Written for ringfence; Apache-2.0 like the rest of the
package.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ringfence.simulate.sms_marketing import MARKETING
from ringfence.simulate.sms_texts import (
    BANKS,
    CITIES,
    GIVEN,
    NORMAL,
    SURNAMES,
    SynthMessage,
    family_id,
    pick,
)

__all__ = ["CALL_FAMILIES", "call_families", "synth_calls"]

Rng = random.Random
Family = Callable[[Rng], str]

CHILD = ["儿子", "女儿", "孩子", "闺女", "小孩"]
KIN = ["儿子", "女儿", "老公", "老婆", "弟弟", "妹妹", "侄子", "外甥", "孙子", "孙女"]
NICK = ["小明", "小军", "小宇", "小杰", "小雨", "小涛", "小龙", "小飞", "乐乐", "豆豆", "浩浩", "婷婷"]
FRIEND_TIES = [
    "老同学",
    "高中同学",
    "大学室友",
    "初中同桌",
    "老战友",
    "以前的同事",
    "老邻居",
    "发小",
    "老朋友",
    "表哥",
    "老乡",
]
HELLO = ["喂，", "喂，您好，", "喂喂，", "哎，", "你好，", "您好，", "喂？", "", "喂，你好啊，"]
LOTTERY_ORG = [
    "国家彩票中心",
    "福利彩票发行中心",
    "体育彩票管理中心",
    "省福彩中心",
    "彩票管理中心兑奖处",
    "中国福彩网",
    "体彩兑奖中心",
]
SHOWS = [
    "《奔跑吧》",
    "《中国好声音》",
    "《星光大道》",
    "《开心辞典》",
    "春晚",
    "《快乐大本营》",
    "《非诚勿扰》",
]
PRIZES = [
    "一等奖",
    "特等奖",
    "二等奖",
    "幸运大奖",
    "特别奖",
    "头奖",
]
GAMES = ["双色球", "大乐透", "七乐彩", "福彩3D", "排列三", "刮刮乐", "七星彩", "快乐8"]
FEES = ["个人所得税", "公证费", "手续费", "保证金", "激活费", "转账手续费", "保险费", "邮寄费", "律师费"]


def _name(rng: Rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _mr(rng: Rng) -> str:
    return rng.choice(SURNAMES) + pick(rng, "先生", "女士", "大哥", "姐", "师傅", "阿姨", "叔")


def _wan(rng: Rng, lo: int = 1, hi: int = 50) -> str:
    """A sum as people say it: 三万, 5万块, 两万八, 20000元."""
    v = rng.randint(lo, hi)
    digits = "零一二三四五六七八九"
    style = rng.randint(0, 3)
    if style == 0 and v < 10:
        return f"{'两' if v == 2 else digits[v]}万{pick(rng, '块', '', '块钱', '元')}"
    if style == 1:
        return f"{v}万{pick(rng, '块', '', '元')}"
    if style == 2:
        return f"{v * 10000}{pick(rng, '元', '块')}"
    return f"{v}万{rng.randint(1, 9)}" if v < 10 else f"{v}万"


def _card(rng: Rng) -> str:
    return "62" + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(14, 17)))


def _some(rng: Rng, *options: str, k: int = 3) -> str:
    """One to ``k`` distinct options in a row: several things said in one call."""
    return "".join(rng.sample(options, rng.randint(1, min(k, len(options)))))


def _turns(rng: Rng, *turns: str) -> str:
    """Join the caller's turns (empty ones dropped) the way a transcript of one side reads."""
    return "".join(t for t in turns if t)


# ------------------------------------------------------------------------------------------- scams
def _call_kidnap(rng: Rng) -> str:
    """Virtual kidnapping and the fake-accident variant: a child or relative "held" or "hurt", money now."""
    kin = rng.choice(CHILD) if rng.random() < 0.6 else rng.choice(KIN)
    nick = rng.choice(NICK)
    opener = pick(
        rng,
        f"{rng.choice(HELLO)}是{nick}{pick(rng, '他爸', '他妈', '的家长', '家里人')}吗？",
        f"{rng.choice(HELLO)}你是{_name(rng)}的{pick(rng, '爸爸', '妈妈', '家属', '家长')}吧？",
        "听好了，",
        "别挂电话，听我说，",
        f"{rng.choice(HELLO)}{_mr(rng)}是吧？",
        f"{rng.choice(HELLO)}我是你{kin}的{pick(rng, '朋友', '同学', '室友', '同事', '老乡')}，",
        f"{rng.choice(HELLO)}我是{pick(rng, '你朋友', '你亲戚', '你邻居')}{_name(rng)}的{pick(rng, '同事', '朋友', '秘书')}，",
        f"{rng.choice(HELLO)}我是你{pick(rng, '邻居', '楼下的', '小区门口开店的')}{rng.choice(SURNAMES)}{pick(rng, '阿姨', '大哥', '师傅')}，刚才看见",
        f"{rng.choice(HELLO)}我是{kin}{pick(rng, '学校的老师', '班上的同学', '公司的同事')}，",
        "",
    )
    event = pick(
        rng,
        f"你{kin}被{pick(rng, '几个陌生男的', '一伙人', '一辆面包车上的人')}强行带走了，{pick(rng, '他们让我转告你', '那帮人留了话', '刚才他们打电话到我这儿')}，",
        f"你{kin}现在在我们手上。",
        f"你{kin}在我们这儿，",
        f"你{kin}欠了我们老板{_wan(rng)}，人现在被我们扣着。",
        f"{nick}出事了，被一帮人扣住了，",
        f"你{kin}在外面惹了事，{pick(rng, '把人打伤了', '撞了人', '得罪了人', '赌博输了钱')}，现在被对方押着，",
        f"你{kin}被绑了，{pick(rng, '在我们车上', '关在我们这里', '现在人在我这儿')}，",
        f"你{kin}{pick(rng, '在学校', '在外地', '在路上')}出{pick(rng, '车祸', '意外')}了，现在在医院抢救，医生说要马上交{pick(rng, '手术费', '押金', '医药费')}{_wan(rng, 2, 20)}，",
        f"他现在遇到了{pick(rng, '大麻烦', '一点麻烦', '很大的麻烦')}，被人控制了，",
        f"你家{kin}{pick(rng, '吸毒', '嫖娼', '打架')}被抓了，想私了的话得拿钱，",
    )
    proof = pick(
        rng,
        f"你听，他就在旁边。{pick(rng, '爸，救我！', '妈，快救我！', '快给他们钱！')}",
        "不信你打他电话试试，打不通的。",
        "他手机在我这儿，你别想联系他。",
        "你要是想听他说话，先把钱准备好。",
        "",
        "",
    )
    threat = pick(
        rng,
        "敢报警的话你就再也见不到他了。",
        "不许报警，不许告诉任何人，电话也不许挂。",
        "要是敢报警，后果自己想清楚。",
        "别耍花样，我们一直盯着你。",
        "这事千万不要让别人知道，不然对他不利。",
        "请您务必保持冷静，不要声张。",
        "",
    )
    demand = pick(
        rng,
        f"马上准备{_wan(rng)}，打到我给你的账户上。",
        f"两个小时之内把{_wan(rng)}转过来，卡号{_card(rng)}。",
        f"{pick(rng, '半小时之内', '一个小时之内', '今天中午前', '天黑之前')}转{_wan(rng)}，不然{pick(rng, '剁他一根手指', '就别想见到他', '我们就不客气了')}。",
        f"你现在去银行，把钱汇到{pick(rng, '这个账户', '我说的卡上', '我朋友的账户')}，别跟柜员说是干什么的。",
        "你能马上转一笔钱过来吗？账户我短信发你。",
        f"赎金{_wan(rng, 5, 100)}，一分不能少。",
        "先转一部分表示诚意，剩下的等通知。",
    )
    return _turns(rng, opener, event, proof, threat, demand)


def _call_guess(rng: Rng) -> str:
    """ "Guess who I am" and the long-lost friend: recognised by name, then an emergency loan."""
    tie = rng.choice(FRIEND_TIES)
    opener = pick(
        rng,
        f"{rng.choice(HELLO)}猜猜我是谁？",
        f"{rng.choice(HELLO)}听得出来我是谁吗？",
        f"{rng.choice(HELLO)}还记得我吗？我是你{tie}啊。",
        f"{rng.choice(HELLO)}是我啊，连我声音都听不出来了？",
        f"{rng.choice(HELLO)}{_mr(rng)}吧？我是你{tie}，{_name(rng)}。",
        f"{rng.choice(HELLO)}老{rng.choice(SURNAMES)}，是我，好久没联系了，",
        f"{rng.choice(HELLO)}我是你的老朋友{_name(rng)}，不知道您还记得我吗？",
        f"{rng.choice(HELLO)}我是你{pick(rng, '老领导', '以前的老板', '表叔', '远房亲戚')}，",
    )
    confirm = pick(
        rng,
        "对对对，就是我！你还真猜对了。",
        f"哈哈，就是我，{pick(rng, '你记性还挺好', '我就知道你能猜出来', '这么多年了')}。",
        f"我换号码了，这是我新号，你存一下{pick(rng, '，旧号不用了', '，以前那个丢了', '')}。",
        f"我现在在{rng.choice(CITIES)}呢，{pick(rng, '过两天去看你', '改天请你吃饭', '一直想联系你')}。",
        "",
    )
    trouble = pick(
        rng,
        "最近遇到点麻烦，真的需要你帮忙。",
        f"我这边出了点急事，{pick(rng, '车撞了人', '住院了要交押金', '生意上资金周转不开', '在外地被人扣了', '货款被卡住了')}，",
        "有个非常紧急的情况需要你的帮助。",
        f"我现在{pick(rng, '在医院', '在派出所', '在外地出差', '在开会')}，不方便说话，",
        "说来不好意思，我手头有点紧，",
        f"{pick(rng, '领导', '客户', '老板')}那边催得紧，我卡里的钱{pick(rng, '被冻结了', '一时转不出来', '限额了')}，",
    )
    ask = pick(
        rng,
        f"能不能先借我{_wan(rng, 1, 10)}周转一下？{pick(rng, '明天就还你', '过两天一定还', '月底连本带利还你')}。",
        f"你先帮我转{_wan(rng, 1, 8)}到我朋友的卡上，卡号{_card(rng)}，我回头还你。",
        "你能先帮我垫一下吗？我把账号发你，别跟别人说啊。",
        f"急用{_wan(rng, 1, 5)}，你微信转我一下，{pick(rng, '加我新微信', '我把收款码发你', '就转这个号')}。",
        "这事你先别告诉嫂子，等我回去跟你细说。",
        "你现在方便吗？帮我个忙，就一点钱的事。",
    )
    return _turns(rng, opener, confirm, trouble, ask)


def _call_prize(rng: Rng) -> str:
    """The lottery and lucky-audience call: a win the callee never entered, a fee before the money."""
    org = pick(
        rng,
        rng.choice(LOTTERY_ORG),
        f"{rng.choice(SHOWS)}节目组",
        f"{pick(rng, '商场', '公司', '超市', '电视台')}{rng.randint(5, 30)}周年庆{pick(rng, '抽奖办公室', '活动组', '组委会')}",
        "幸运观众抽奖活动组委会",
        f"{rng.choice(CITIES)}{pick(rng, '福彩', '体彩')}中心",
    )
    opener = pick(
        rng,
        f"{rng.choice(HELLO)}这里是{org}，",
        f"{rng.choice(HELLO)}我是{org}的工作人员，",
        f"{rng.choice(HELLO)}恭喜您！",
        f"{rng.choice(HELLO)}请问是{_mr(rng)}吗？这里是{org}。",
        f"{rng.choice(HELLO)}我是{org}的{pick(rng, '王主任', '客服专员', '兑奖专员', '李经理')}，",
    )
    win = pick(
        rng,
        f"恭喜您中了本期{rng.choice(GAMES)}的{rng.choice(PRIZES)}，奖金高达{_wan(rng, 10, 500)}！",
        f"您的手机号在我们的抽奖活动中被抽中为幸运{pick(rng, '观众', '用户', '客户')}，获得{rng.choice(PRIZES)}，奖金{_wan(rng, 5, 50)}{pick(rng, '', '和一台笔记本电脑', '外加轿车一辆')}！",
        f"您{pick(rng, '之前', '上周', '')}购买的彩票中了{rng.choice(PRIZES)}，奖金{_wan(rng, 10, 500)}。",
        f"您被选为我们{rng.choice(SHOWS)}的场外幸运观众，获得{pick(rng, '现金大奖', '价值十二万的轿车', '苹果电脑一台')}。",
        f"恭喜您获得了本次{pick(rng, '回馈活动', '周年庆', '客户答谢会')}的{rng.choice(PRIZES)}，奖金{_wan(rng, 2, 100)}，",
    )
    hook = pick(
        rng,
        "请问您现在方便接听电话吗？",
        "您是不是觉得非常惊喜？这是真的！",
        "请提供一下您的姓名和银行卡号，我们好为您办理领奖手续。",
        "请确认您的姓名和身份证号码，以便我们为您安排兑奖事宜。",
        "",
    )
    fee = pick(
        rng,
        f"按规定领奖前需要先交{rng.choice(FEES)}{rng.randint(2, 50) * 100}元，交完奖金马上到账。",
        f"您只需要先支付{rng.choice(FEES)}，我们就把奖金打到您卡上。",
        f"今天之内不办理视为自动放弃，{pick(rng, '名额很紧张', '过时不候', '别错过了')}。",
        f"请您加一下我们兑奖专员的{pick(rng, '微信', 'QQ')}，他会告诉您怎么领。",
        "这事先别告诉家里人，等奖金到账了再给他们惊喜。",
        "",
    )
    return _turns(rng, opener, win, hook, fee)


def _call_invest(rng: Rng) -> str:
    """The investment cold call: an "adviser" with a high-return, no-risk product and a group or app to join."""
    firm = pick(
        rng,
        f"{pick(rng, '华', '盛', '鼎', '鑫', '瑞', '恒', '汇', '金')}{pick(rng, '信', '通', '泰', '丰', '达', '源', '鼎', '盈')}{pick(rng, '投资', '资本', '财富', '资产管理', '金融')}",
        "XX投资公司",
        f"{pick(rng, '国际', '环球', '香港', '新加坡')}{pick(rng, '金融集团', '投资咨询公司', '证券', '基金')}",
        "某知名私募",
    )
    role = pick(rng, "理财顾问", "投资顾问", "客户经理", "高级分析师", "投资经理", "首席助理")
    opener = pick(
        rng,
        f"{rng.choice(HELLO)}我是{firm}的{role}{_name(rng)}，",
        f"{rng.choice(HELLO)}{_mr(rng)}，我是{pick(rng, '来自', '')}{firm}的{role}，",
        f"{rng.choice(HELLO)}{pick(rng, '李总', '张总', '王总', '刘姐')}，打扰您两分钟，我是{firm}的{role}，",
        f"{rng.choice(HELLO)}我是{pick(rng, '上次群里', '朋友介绍', '老师身边')}的{role}，",
        "嘿，老兄，跟你说个好事，",
    )
    pitch = pick(
        rng,
        f"我们最近推出了一款高回报的理财产品，年化收益率{pick(rng, '达到', '高达', '可以做到')}{pick(rng, '百分之二十', '百分之三十', '25%', '18%', '百分之五十')}，",
        f"最近我们发现了一个非常有潜力的{pick(rng, '投资项目', '新股', '数字货币', '外汇项目', '期货品种')}，预期回报非常高，",
        f"我们老师有内部消息，这只{pick(rng, '新能源', '半导体', '医药', '人工智能')}股下周必涨，",
        "我们这个项目保本保息，稳赚不赔，好多客户已经翻倍了，",
        f"现在入金{_wan(rng, 1, 10)}起，每天收益{rng.randint(1, 5)}个点，随时可以提现，",
    )
    push = pick(
        rng,
        "名额有限，只给少数优质客户预留了份额，",
        "很多投资者都已经行动了，机会难得，",
        "风险非常低，我们有专业团队操盘，",
        f"{pick(rng, '今天', '本周', '月底前')}是最后的认购期，",
        "",
    )
    ask = pick(
        rng,
        "您有兴趣了解一下吗？",
        "咱们能详细聊聊吗？",
        f"您加一下我的微信，我拉您进{pick(rng, '投资群', 'VIP群', '内部交流群')}，老师每天带单。",
        f"您下载一下我们的{pick(rng, 'APP', '交易软件', '平台')}，注册送体验金。",
        "您先投一点试试，赚了再加。",
    )
    return _turns(rng, opener, pitch, push, ask)


def _call_parcel(rng: Rng) -> str:
    """The parcel call: a courier "customer service" with a parcel held at customs or carrying contraband."""
    courier = pick(
        rng, "顺丰", "中通", "圆通", "韵达", "京东物流", "EMS", "国际快递", "DHL", "速递公司", "邮政"
    )
    opener = pick(
        rng,
        f"{rng.choice(HELLO)}这里是{courier}{pick(rng, '客服中心', '客服', '国际件处理中心')}，",
        f"{rng.choice(HELLO)}我是{courier}的{pick(rng, '客服', '客服代表', '理赔专员', '海关协查员')}{pick(rng, '小王', '小李', '', '')}，",
        f"{rng.choice(HELLO)}请问是{_mr(rng)}吗？我这边是{courier}，",
        f"尊敬的客户您好，这里是{courier}，",
    )
    problem = pick(
        rng,
        f"您有一个{pick(rng, '国际包裹', '从海外寄来的包裹', '快递')}在清关时被海关扣留了，",
        f"我们在您的包裹里查出了{pick(rng, '违禁品', '多本护照', '银行卡', '毒品成分')}，",
        "您的包裹在运输过程中丢失了，我们要给您理赔，",
        f"您的包裹需要补缴{pick(rng, '关税', '清关费', '税费')}{rng.randint(2, 30) * 100}元才能放行，",
        "您的包裹在检查中发现异常，",
    )
    ask = pick(
        rng,
        "需要您配合提供姓名、身份证号和银行卡信息，",
        f"这事已经转到{rng.choice(CITIES)}{pick(rng, '公安局', '海关缉私局', '检察院')}了，我给您转接警官，",
        "请您下载一个会议软件，我们远程指导您处理，",
        f"理赔款要通过{pick(rng, '支付宝备用金', '微信', '银行APP')}操作，您先按我说的点开，",
        "不处理的话会影响您的征信，还可能承担法律责任，",
        "",
    )
    close = pick(rng, "请问您现在方便处理吗？", "请您尽快处理。", "您看现在可以配合一下吗？", "")
    return _turns(rng, opener, problem, ask, close)


# ------------------------------------------------------------------------------------------- normal
def _n_call_friend(rng: Rng) -> str:
    """Real old friends and classmates: the same openers, no emergency and no money asked for."""
    tie = rng.choice(FRIEND_TIES)
    opener = pick(
        rng,
        f"{rng.choice(HELLO)}猜猜我是谁？哈哈，我是{_name(rng)}啊！",
        f"{rng.choice(HELLO)}老{rng.choice(SURNAMES)}，是我，{_name(rng)}，好久没联系了！",
        f"{rng.choice(HELLO)}还记得我吗？我是你{tie}{_name(rng)}。",
        f"{rng.choice(HELLO)}{_mr(rng)}吗？我是{_name(rng)}，{tie}，你还记得我吧？",
        f"{rng.choice(HELLO)}是我，{pick(rng, '刚下班', '刚到家', '在路上')}，跟你说个事。",
        f"{rng.choice(HELLO)}我换号了，这是我新号，以后打这个就行。",
    )
    news = _some(
        rng,
        f"我们{pick(rng, '高中', '大学', '初中')}同学聚会定在{rng.randint(1, 12)}月{rng.randint(1, 28)}号，你来不来？",
        f"我下个月去{rng.choice(CITIES)}出差，到时候一起吃个饭吧。",
        f"上次借你的{_wan(rng, 1, 3)}我刚转你了，你查收一下。",
        f"你还记得咱们{pick(rng, '班主任', '数学老师', '老连长')}吗？他{pick(rng, '退休了', '要过七十大寿了', '上个月住院了，我们约着去看看')}。",
        f"我刚回{rng.choice(CITIES)}，{pick(rng, '周末出来喝一杯', '改天去你家坐坐', '带了点特产给你')}。",
        f"我{pick(rng, '结婚', '孩子满月', '新店开业', '乔迁')}，{pick(rng, '请你来喝喜酒', '你一定要来', '到时候给你发请帖')}。",
        "在群里看到你的消息，想着给你打个电话聊聊。",
        f"你那个{pick(rng, '工作', '房子', '孩子上学')}的事怎么样了？我这边认识个人，可以帮你问问。",
        f"{pick(rng, '你嫂子', '我家那口子', '我爸妈')}{pick(rng, '一直念叨你', '让我问你好', '说想你了')}，{pick(rng, '有空来家里吃饭', '过年回来聚聚', '什么时候回老家')}。",
        f"我现在在{rng.choice(CITIES)}{pick(rng, '开了个小店', '跑物流', '当老师', '做装修')}，{pick(rng, '还行吧', '挺忙的', '凑合过日子')}，你呢？",
        f"上次你说{pick(rng, '想换工作', '要买车', '孩子要考学')}，后来怎么样了？",
    )
    close = pick(
        rng,
        "行，那就这么说定了，回头微信聊。",
        "你先忙，晚上再给你打。",
        "好嘞，替我问叔叔阿姨好。",
        "有空常联系啊。",
        "",
    )
    return _turns(rng, opener, news, close)


def _n_call_lottery(rng: Rng) -> str:
    """Lottery-shop talk and real raffles: wins, tickets and prizes with no fee and nothing to transfer."""
    game = rng.choice(GAMES)
    return rng.choice(HELLO) + _some(
        rng,
        f"老板，这期{game}还是老号码，给我打{rng.randint(2, 20)}注，钱我微信转你。",
        "您在我们店守的那组号码这期给您打好了，票给您留着，有空来拿。",
        f"你上期那注中了{pick(rng, '五块钱', '十块', '两百块', '三千块')}，来店里{pick(rng, '兑一下', '换一注新的', '直接兑现')}就行。",
        f"告诉你个好消息，我买的{game}中了{pick(rng, '四等奖', '三等奖', '二等奖', '一个小奖')}，晚上请你吃饭！",
        f"中了{pick(rng, '二等奖', '一等奖', '大奖')}要去市{pick(rng, '福彩', '体彩')}中心兑，带身份证和彩票原件就行，不用交任何钱。",
        f"今晚{game}开奖，号码我发你了，你帮我对一下。",
        f"我这期{game}又没中，{pick(rng, '下次换个号', '就当做公益了', '不买了不买了')}。",
        f"您在我们{pick(rng, '超市', '商场', '店里')}周年庆抽中了{pick(rng, '购物卡', '电饭煲', '三等奖', '一桶油')}，请凭小票到服务台领取，不收任何费用。",
        f"我们单位年会我抽了个{rng.choice(PRIZES)}，{pick(rng, '一台扫地机器人', '五百块购物卡', '一部手机')}，哈哈手气不错。",
        f"{pick(rng, '刮刮乐', '体彩')}新到了一批，你要不要来看看？",
        f"彩票站{pick(rng, '搬到', '新开在')}{rng.choice(CITIES)}路口了，以后来那边买。",
        f"电视台那个{rng.choice(SHOWS)}在招现场观众，我报名了，你要一起去吗？",
    )


def _n_call_school(rng: Rng) -> str:
    """Parents and teachers talking about a child: trouble, school and worry, and no money to a stranger."""
    child = rng.choice(CHILD)
    nick = rng.choice(NICK)
    opener = pick(
        rng,
        f"{rng.choice(HELLO)}孩子他{pick(rng, '爸', '妈')}，",
        f"{rng.choice(HELLO)}是{nick}{pick(rng, '妈妈', '爸爸', '的家长')}吗？我是{nick}的班主任{rng.choice(SURNAMES)}老师，",
        f"{rng.choice(HELLO)}老{pick(rng, '公', '婆')}，",
        f"{rng.choice(HELLO)}我是{pick(rng, '学校医务室', '幼儿园', '托管班')}的{rng.choice(SURNAMES)}老师，",
        f"{rng.choice(HELLO)}{_mr(rng)}，我是{_name(rng)}{pick(rng, '妈妈', '爸爸')}，咱们孩子一个班的，",
        "",
    )
    body = _some(
        rng,
        f"{child}今天在学校跟同学{pick(rng, '打架了', '闹矛盾了', '吵起来了')}，老师让我们{pick(rng, '下午', '放学', '明天')}去一趟。",
        f"{child}{pick(rng, '发烧了', '肚子疼', '摔了一跤')}，校医看过了，{pick(rng, '没什么大事', '您方便的话来接一下', '我们先带他去医院看看')}。",
        f"{nick}这次考试进步挺大，{pick(rng, '数学', '语文', '英语')}考了{rng.randint(85, 100)}分。",
        f"你下班去接一下{child}，我今天{pick(rng, '加班', '在外面', '走不开')}。",
        f"{child}同学叫他周末去家里玩，我同意了，{pick(rng, '晚上我去接', '你别担心')}。",
        f"{nick}最近上课有点走神，作业也没交齐，想跟您沟通一下。",
        f"{child}在学校扭了脚，我带他去医院拍片了，没骨折，你别着急。",
        f"{child}说想报{pick(rng, '篮球班', '钢琴课', '编程班', '游泳课')}，学费{rng.randint(1, 9)}千多，你觉得呢？",
        f"明天{pick(rng, '家长会', '开放日', '运动会')}{pick(rng, '你去还是我去', '我请好假了', '别忘了')}？",
        f"{child}{pick(rng, '手机没电了', '跟同学在图书馆', '在奶奶家')}，刚用同学电话给我打的，晚点回来。",
        f"老师说{child}{pick(rng, '数学作业', '英语听写', '课外阅读')}要家长签字，{pick(rng, '你晚上看一下', '我已经签了', '别忘了')}。",
        f"{pick(rng, '下周', '这周五', '月底')}学校{pick(rng, '组织春游', '有体检', '开运动会', '期中考试')}，{pick(rng, '要交五十块活动费，直接在家长群里交', '要准备运动服', '让孩子早点睡')}。",
        f"我刚去学校给{child}送了{pick(rng, '雨伞', '外套', '作业本', '饭卡')}，{pick(rng, '他挺好的', '碰见他们班主任了', '顺便问了下成绩')}。",
    )
    close = pick(rng, "你看怎么安排？", "晚上回家再说。", "好，先这样。", "有事再给我打电话。", "")
    return _turns(rng, opener, body, close)


def _n_call_family(rng: Rng) -> str:
    """Relatives and neighbours with news and everyday money between people who know each other."""
    kin = rng.choice(KIN)
    return _turns(
        rng,
        rng.choice(HELLO),
        _some(
            rng,
            f"{kin}到{rng.choice(CITIES)}了，刚给我打电话，说一切都好。",
            f"我是{pick(rng, '楼下', '隔壁', '对门')}的{rng.choice(SURNAMES)}阿姨，你家{pick(rng, '水管好像漏水了', '快递放我这儿了', '门没关好')}，{pick(rng, '回来看看', '回来拿一下', '跟你说一声')}。",
            f"你{kin}的学费我转到他卡上了，{_wan(rng, 1, 3)}，你跟他说一声。",
            f"{kin}住院的押金我交了，{pick(rng, '你别操心', '明天你来换我', '医生说观察两天')}。",
            f"{pick(rng, '奶奶', '外公', '姥姥')}这两天身体不太好，你周末有空回来看看。",
            f"{pick(rng, '房租', '物业费', '燃气费')}我已经交了，{rng.randint(3, 60) * 100}块，你有空把一半转我就行。",
            f"我在{rng.choice(BANKS)[0]}门口了，给你取了{rng.randint(1, 9)}千块现金，{pick(rng, '放你抽屉里了', '晚上带回去', '你下楼拿一下')}。",
        ),
        pick(rng, "先这样，挂了啊。", "晚上回来吃饭吗？", "你别担心。", ""),
    )


def _n_call_bank(rng: Rng) -> str:
    """A licensed bank or insurer calling its own customer: products at market rates, nothing paid by phone."""
    bank = rng.choice(BANKS)[0]
    opener = pick(
        rng,
        f"{rng.choice(HELLO)}我是{bank}{rng.choice(CITIES)}分行的客户经理{_name(rng)}，",
        f"{rng.choice(HELLO)}{_mr(rng)}吗？我是{bank}{pick(rng, '网点', '营业部', '支行')}的理财经理，",
        f"{rng.choice(HELLO)}这里是{pick(rng, '平安保险', '中国人寿', '太平洋保险')}，我是您的保单服务专员，",
    )
    body = _some(
        rng,
        f"您在我行的定期存款{rng.randint(1, 12)}月{rng.randint(1, 28)}号到期，需要帮您续存吗？",
        f"我行新发了一期大额存单，利率{pick(rng, '2.1', '1.95', '2.35')}%，{pick(rng, '风险很低', '保本', '三年期')}，您有空可以来网点了解。",
        "理财产品有风险，收益不保证，您可以先做个风险评估再决定。",
        f"您的保单{pick(rng, '下个月', '本月底', '月底')}到期，续保可以在官方APP上自己操作。",
        "我们不会通过电话让您转账或提供验证码，办理业务请到网点或者用手机银行。",
        f"您的信用卡额度{pick(rng, '可以申请提升', '已经调整')}，需要的话在APP里申请就行。",
    )
    close = pick(rng, "您看什么时候方便来一趟？", "打扰您了，祝您生活愉快。", "有需要随时联系我。", "")
    return _turns(rng, opener, body, close)


def _n_call_service(rng: Rng) -> str:
    """A whole service call as one side of the transcript: the agent's greeting, then several helpful turns."""
    who = pick(
        rng, "客服", "客服专员", "客服代表", "服务助手", "导购", "咨询员", "前台", "售后专员", "交通咨询助手"
    )
    opener = pick(
        rng,
        f"{who}{pick(rng, '小张', '小李', '小王', '')}为您服务，{pick(rng, '请问有什么可以帮您？', '有什么问题我可以帮您解决？', '')}",
        f"您好，我是{pick(rng, '本店', '平台', '商场', '门店', '')}的{who}，有什么可以帮到您的吗？",
        f"欢迎{pick(rng, '光临', '来电', '致电客服中心')}，{pick(rng, '有什么商品需要我帮您找吗？', '请问您需要咨询什么？', '我是您的购物助手。')}",
        f"我是{who}，可以帮您{pick(rng, '查询路线', '查订单', '叫车', '预约', '解答问题')}，请告诉我您的需求。",
    )
    item = pick(rng, "智能手表", "保温杯", "笔记本电脑", "空气炸锅", "运动鞋", "羽绒服", "茶叶", "护肤品")
    a, b = rng.choice(CITIES), rng.choice(CITIES)
    body = _some(
        rng,
        f"这款{item}{pick(rng, '卖得很好', '是新上架的', '性价比很高')}，{pick(rng, '有三种颜色', '续航一周', '保修两年', '支持七天无理由退换')}，您可以先看看。",
        f"我们的退换货政策是购买后{pick(rng, '七天', '十五天', '三十天')}内商品未使用、包装完好就可以退换，带上小票或者订单号。",
        f"从{a}到{b}，高铁最快{rng.randint(1, 6)}个小时，每天有好几趟，您也可以坐长途大巴。",
        f"您可以坐地铁{rng.randint(1, 12)}号线到{pick(rng, '市中心', '图书馆', '火车站', '博物馆')}站，出站步行五分钟就到。",
        f"早高峰{pick(rng, '七点到九点', '八点前后')}比较堵，建议您错开时间或者坐地铁。",
        "麻烦您提供一下订单号，我帮您查一下物流。查到了，您的包裹已经到本地网点，今天下午派送。",
        f"现在有{pick(rng, '满减', '会员日', '新人')}活动，{pick(rng, '满两百减三十', '全场九折', '送一张优惠券')}，在APP下单就能用。",
        "关于存钱，建议您选正规银行的定期存款或者国债，说收益特别高的都要当心。",
        f"{pick(rng, '养老金', '社保', '公积金')}的问题您可以到{pick(rng, '社保局窗口', '官方APP', '街道服务中心')}办理，带上身份证就行。",
        "您反映的问题我已经记录了，技术人员二十四小时内会联系您，给您添麻烦了。",
        f"师傅{rng.randint(3, 15)}分钟后到，车牌尾号{rng.randint(100, 999)}，请在路边等候。",
        "您点的餐已经在做了，大概半小时送到，骑手会提前给您打电话。",
    )
    close = pick(
        rng, "还有其他需要帮忙的吗？", "祝您生活愉快！", "如有问题随时联系我们。", "不客气，再见。", ""
    )
    return _turns(rng, opener, body, close)


def _n_call_courier(rng: Rng) -> str:
    """A real courier on the phone: where to leave the parcel, when to collect it, nothing to pay or install."""
    courier = pick(rng, "顺丰", "中通", "圆通", "韵达", "京东", "邮政", "极兔", "菜鸟驿站")
    return _turns(
        rng,
        pick(
            rng,
            f"{rng.choice(HELLO)}{courier}快递，",
            f"{rng.choice(HELLO)}我是{courier}的快递员，",
            "喂，您的快递到了，",
            f"您好，这里是{courier}客服，",
        ),
        _some(
            rng,
            f"您的包裹{pick(rng, '放门口', '放驿站', '放快递柜')}可以吗？",
            f"我{rng.randint(5, 30)}分钟后到您小区门口，您方便下来拿一下吗？",
            f"您有个到付件，运费{rng.randint(8, 30)}块，现场扫码就行。",
            f"取件码是{rng.randint(1000, 9999)}，{pick(rng, '今天', '三天内')}记得去取。",
            "您买的东西发了两个包裹，今天先到一个，另一个明天送。",
            "您之前投诉的那件我们查了，包裹在中转站压了一天，今天下午给您送到，给您添麻烦了。",
            "您的国际件已经清关完成，关税在官方APP里就能看到，明天派送。",
        ),
        pick(rng, "好的，那就放那儿了。", "谢谢，再见。", "有问题打我电话。", ""),
    )


def _n_call_shop(rng: Rng) -> str:
    """A shop assistant talking a customer through products: long, friendly, prices and offers, no scam."""
    item = pick(
        rng,
        "智能手表",
        "蓝牙耳机",
        "保温杯",
        "学习用品套装",
        "电视",
        "笔记本电脑",
        "龙井茶",
        "运动鞋",
        "羽绒服",
        "电饭煲",
        "护肤套装",
        "儿童玩具",
    )
    greet = pick(
        rng,
        "欢迎光临，有什么商品您感兴趣的吗？",
        f"欢迎光临，我是{pick(rng, '店员', '导购', '购物助手', '这里的客服')}{pick(rng, '小张', '小李', '小王', '')}，有什么可以帮您的吗？",
        "欢迎来到我们店，需要我给您推荐一下吗？",
        f"您好，{pick(rng, '随便看看', '有需要叫我', '这边都是新款')}，",
    )
    talk = _some(
        rng,
        f"这款{item}是{pick(rng, '新上架的', '卖得最好的', '今年的新款', '店里的招牌')}，{pick(rng, '轻便好带', '质量很好', '颜色有好几种', '口碑很不错')}。",
        f"{pick(rng, '当然可以', '没问题', '好的')}，{pick(rng, '我们这里有几款', '这边有三款', '您看这几款')}{item}，{pick(rng, '价格从两百到一千多都有', '功能都差不多', '适合学生用', '适合送老人')}。",
        f"现在{pick(rng, '店庆', '会员日', '换季')}活动，{pick(rng, '打九折', '满三百减五十', '买二送一', '送一个小礼品')}，{pick(rng, '挺划算的', '到周日结束', '会员还能积分')}。",
        f"{item}保修{pick(rng, '一年', '两年', '三个月')}，{pick(rng, '七天无理由退换', '有问题直接拿回店里', '发票放在盒子里')}。",
        f"您是{pick(rng, '自己用', '送人', '给孩子买')}吗？{pick(rng, '那我推荐这款', '那这款更合适', '我给您拿个新的试试')}。",
        f"{pick(rng, '收银台在那边', '可以扫码付款', '刷卡现金都可以')}，{pick(rng, '需要包装吗？', '袋子给您装好了。', '小票您收好。')}",
    )
    return _turns(rng, greet, talk, pick(rng, "还有什么需要的吗？", "您慢慢看。", "欢迎下次再来！", ""))


CALL_FAMILIES: dict[str, list[Family]] = {
    "acquaintance_boss": [_call_kidnap, _call_guess],
    "prize": [_call_prize],
    "investment": [_call_invest],
    "delivery_claim": [_call_parcel],
    NORMAL: [
        _n_call_friend,
        _n_call_lottery,
        _n_call_school,
        _n_call_family,
        _n_call_service,
        _n_call_courier,
        _n_call_shop,
    ],
    MARKETING: [_n_call_bank],
}


_SAFE = (NORMAL, MARKETING)


def call_families() -> dict[str, list[str]]:
    """Template family ids per category (for evaluations that hold whole families out)."""
    return {cat: [family_id(f) for f in fams] for cat, fams in CALL_FAMILIES.items()}


def synth_calls(seed: int, n: int, *, fraud_ratio: float = 0.5) -> list[SynthMessage]:
    """``n`` spoken call openers drawn deterministically from ``seed``: a share ``fraud_ratio`` scams (each
    scam family equally likely), the rest ordinary calls (each normal or marketing family equally likely)."""
    rng = random.Random(seed)
    scams = [(c, f) for c, fams in CALL_FAMILIES.items() if c not in _SAFE for f in fams]
    safe = [(c, f) for c in _SAFE for f in CALL_FAMILIES[c]]
    out = []
    for _ in range(n):
        cat, fam = rng.choice(scams) if rng.random() < fraud_ratio else rng.choice(safe)
        out.append(SynthMessage(fam(rng), cat, cat not in _SAFE, None, family_id(fam)))
    return out
