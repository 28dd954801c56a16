# ruff: noqa: E501  (template strings are Chinese prose; CJK characters count double)
"""Synthetic spoken call openers: three scam scripts that live on the phone, and the ordinary calls they imitate.

SMS scam templates (``sms_texts``) are written; these scripts are *said*. A model that only learnt written
fraud misses a caller who opens with "喂，你儿子在我们手上", "猜猜我是谁" or "这里是福彩中心，恭喜您中了一等奖"
(virtual kidnapping, the "old friend" loan, the lottery-win call), and a model that learnt these topics
alone would call every parent talking about a child at school, every old classmate and every lottery-shop
chat fraud. So each scam family has ordinary counterparts written in the same spoken register (喂/哎/那个,
short turns, a name asked for, "您现在方便吗"): old friends who really call, lottery-shop and raffle talk,
parents and teachers about a child, relatives and neighbours with news.

A message is one to three caller turns joined without the callee's replies (how a screened call transcript
or a voice-to-text SMS reads). Categories stay within ``sms_texts.FRAUD_CATEGORIES`` so that the category
head, the warning texts and the simulator keep one taxonomy: virtual kidnapping and "guess who I am" go
to ``acquaintance_boss`` (someone who claims to know you or yours, and whose warning is to check with the
person through a known number), the lottery call to ``prize``.

API: ``synth_calls(seed, n, *, fraud_ratio=0.5)`` returns ``SynthMessage`` objects (``family`` is the
template family id; ``url`` is None). It is separate from ``synth_messages`` so that the simulator's SMS
traffic (same seed, same messages) is unchanged. Written for ringfence; Apache-2.0 like the rest of the
package.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ringfence.simulate.sms_texts import BANKS, CITIES, GIVEN, NORMAL, SURNAMES, SynthMessage

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


def _p(rng: Rng, *options: str) -> str:
    return rng.choice(options)


def _name(rng: Rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _mr(rng: Rng) -> str:
    return rng.choice(SURNAMES) + _p(rng, "先生", "女士", "大哥", "姐", "师傅", "阿姨", "叔")


def _wan(rng: Rng, lo: int = 1, hi: int = 50) -> str:
    """A sum as people say it: 三万, 5万块, 两万八, 20000元."""
    v = rng.randint(lo, hi)
    digits = "零一二三四五六七八九"
    style = rng.randint(0, 3)
    if style == 0 and v < 10:
        return f"{'两' if v == 2 else digits[v]}万{_p(rng, '块', '', '块钱', '元')}"
    if style == 1:
        return f"{v}万{_p(rng, '块', '', '元')}"
    if style == 2:
        return f"{v * 10000}{_p(rng, '元', '块')}"
    return f"{v}万{rng.randint(1, 9)}" if v < 10 else f"{v}万"


def _card(rng: Rng) -> str:
    return "62" + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(14, 17)))


def _turns(rng: Rng, *turns: str) -> str:
    """Join the caller's turns (empty ones dropped) the way a transcript of one side reads."""
    return "".join(t for t in turns if t)


# ------------------------------------------------------------------------------------------- scams
def _call_kidnap(rng: Rng) -> str:
    """Virtual kidnapping and the fake-accident variant: a child or relative "held" or "hurt", money now."""
    kin = rng.choice(KIN)
    nick = rng.choice(NICK)
    opener = _p(
        rng,
        f"{rng.choice(HELLO)}是{nick}{_p(rng, '他爸', '他妈', '的家长', '家里人')}吗？",
        f"{rng.choice(HELLO)}你是{_name(rng)}的{_p(rng, '爸爸', '妈妈', '家属', '家长')}吧？",
        "听好了，",
        "别挂电话，听我说，",
        f"{rng.choice(HELLO)}{_mr(rng)}是吧？",
        f"{rng.choice(HELLO)}我是你{kin}的{_p(rng, '朋友', '同学', '室友', '同事', '老乡')}，",
        f"{rng.choice(HELLO)}我是{_p(rng, '你朋友', '你亲戚', '你邻居')}{_name(rng)}的{_p(rng, '同事', '朋友', '秘书')}，",
        "",
    )
    event = _p(
        rng,
        f"你{kin}现在在我们手上。",
        f"你{kin}在我们这儿，",
        f"你{kin}欠了我们老板{_wan(rng)}，人现在被我们扣着。",
        f"{nick}出事了，被一帮人扣住了，",
        f"你{kin}在外面惹了事，{_p(rng, '把人打伤了', '撞了人', '得罪了人', '赌博输了钱')}，现在被对方押着，",
        f"你{kin}被绑了，{_p(rng, '在我们车上', '关在我们这里', '现在人在我这儿')}，",
        f"你{kin}{_p(rng, '在学校', '在外地', '在路上')}出{_p(rng, '车祸', '意外')}了，现在在医院抢救，医生说要马上交{_p(rng, '手术费', '押金', '医药费')}{_wan(rng, 2, 20)}，",
        f"他现在遇到了{_p(rng, '大麻烦', '一点麻烦', '很大的麻烦')}，被人控制了，",
        f"你家{kin}{_p(rng, '吸毒', '嫖娼', '打架')}被抓了，想私了的话得拿钱，",
    )
    proof = _p(
        rng,
        f"你听，他就在旁边。{_p(rng, '爸，救我！', '妈，快救我！', '快给他们钱！')}",
        "不信你打他电话试试，打不通的。",
        "他手机在我这儿，你别想联系他。",
        "你要是想听他说话，先把钱准备好。",
        "",
        "",
    )
    threat = _p(
        rng,
        "敢报警的话你就再也见不到他了。",
        "不许报警，不许告诉任何人，电话也不许挂。",
        "要是敢报警，后果自己想清楚。",
        "别耍花样，我们一直盯着你。",
        "这事千万不要让别人知道，不然对他不利。",
        "请您务必保持冷静，不要声张。",
        "",
    )
    demand = _p(
        rng,
        f"马上准备{_wan(rng)}，打到我给你的账户上。",
        f"两个小时之内把{_wan(rng)}转过来，卡号{_card(rng)}。",
        f"{_p(rng, '半小时', '一个小时', '今天中午前', '天黑之前')}之内转{_wan(rng)}，不然{_p(rng, '剁他一根手指', '就别想见到他', '我们就不客气了')}。",
        f"你现在去银行，把钱汇到{_p(rng, '这个账户', '我说的卡上', '我朋友的账户')}，别跟柜员说是干什么的。",
        "你能马上转一笔钱过来吗？账户我短信发你。",
        f"赎金{_wan(rng, 5, 100)}，一分不能少。",
        "先转一部分表示诚意，剩下的等通知。",
    )
    return _turns(rng, opener, event, proof, threat, demand)


def _call_guess(rng: Rng) -> str:
    """ "Guess who I am" and the long-lost friend: recognised by name, then an emergency loan."""
    tie = rng.choice(FRIEND_TIES)
    opener = _p(
        rng,
        f"{rng.choice(HELLO)}猜猜我是谁？",
        f"{rng.choice(HELLO)}听得出来我是谁吗？",
        f"{rng.choice(HELLO)}还记得我吗？我是你{tie}啊。",
        f"{rng.choice(HELLO)}是我啊，连我声音都听不出来了？",
        f"{rng.choice(HELLO)}{_mr(rng)}吧？我是你{tie}，{_name(rng)}。",
        f"{rng.choice(HELLO)}老{rng.choice(SURNAMES)}，是我，好久没联系了，",
        f"{rng.choice(HELLO)}我是你的老朋友{_name(rng)}，不知道您还记得我吗？",
        f"{rng.choice(HELLO)}我是你{_p(rng, '老领导', '以前的老板', '表叔', '远房亲戚')}，",
    )
    confirm = _p(
        rng,
        "对对对，就是我！你还真猜对了。",
        f"哈哈，就是我，{_p(rng, '你记性还挺好', '我就知道你能猜出来', '这么多年了')}。",
        f"我换号码了，这是我新号，你存一下{_p(rng, '，旧号不用了', '，以前那个丢了', '')}。",
        f"我现在在{rng.choice(CITIES)}呢，{_p(rng, '过两天去看你', '改天请你吃饭', '一直想联系你')}。",
        "",
    )
    trouble = _p(
        rng,
        "最近遇到点麻烦，真的需要你帮忙。",
        f"我这边出了点急事，{_p(rng, '车撞了人', '住院了要交押金', '生意上资金周转不开', '在外地被人扣了', '货款被卡住了')}，",
        "有个非常紧急的情况需要你的帮助。",
        f"我现在{_p(rng, '在医院', '在派出所', '在外地出差', '在开会')}，不方便说话，",
        "说来不好意思，我手头有点紧，",
        f"{_p(rng, '领导', '客户', '老板')}那边催得紧，我卡里的钱{_p(rng, '被冻结了', '一时转不出来', '限额了')}，",
    )
    ask = _p(
        rng,
        f"能不能先借我{_wan(rng, 1, 10)}周转一下？{_p(rng, '明天就还你', '过两天一定还', '月底连本带利还你')}。",
        f"你先帮我转{_wan(rng, 1, 8)}到我朋友的卡上，卡号{_card(rng)}，我回头还你。",
        "你能先帮我垫一下吗？我把账号发你，别跟别人说啊。",
        f"急用{_wan(rng, 1, 5)}，你微信转我一下，{_p(rng, '加我新微信', '我把收款码发你', '就转这个号')}。",
        "这事你先别告诉嫂子，等我回去跟你细说。",
        "你现在方便吗？帮我个忙，就一点钱的事。",
    )
    return _turns(rng, opener, confirm, trouble, ask)


def _call_prize(rng: Rng) -> str:
    """The lottery and lucky-audience call: a win the callee never entered, a fee before the money."""
    org = _p(
        rng,
        rng.choice(LOTTERY_ORG),
        f"{rng.choice(SHOWS)}节目组",
        f"{_p(rng, '商场', '公司', '超市', '电视台')}{rng.randint(5, 30)}周年庆{_p(rng, '抽奖办公室', '活动组', '组委会')}",
        "幸运观众抽奖活动组委会",
        f"{rng.choice(CITIES)}{_p(rng, '福彩', '体彩')}中心",
    )
    opener = _p(
        rng,
        f"{rng.choice(HELLO)}这里是{org}，",
        f"{rng.choice(HELLO)}我是{org}的工作人员，",
        f"{rng.choice(HELLO)}恭喜您！",
        f"{rng.choice(HELLO)}请问是{_mr(rng)}吗？这里是{org}。",
        f"{rng.choice(HELLO)}我是{org}的{_p(rng, '王主任', '客服专员', '兑奖专员', '李经理')}，",
    )
    win = _p(
        rng,
        f"恭喜您中了本期{rng.choice(GAMES)}的{rng.choice(PRIZES)}，奖金高达{_wan(rng, 10, 500)}！",
        f"您的手机号在我们的抽奖活动中被抽中为幸运{_p(rng, '观众', '用户', '客户')}，获得{rng.choice(PRIZES)}，奖金{_wan(rng, 5, 50)}{_p(rng, '', '和一台笔记本电脑', '外加轿车一辆')}！",
        f"您{_p(rng, '之前', '上周', '')}购买的彩票中了{rng.choice(PRIZES)}，奖金{_wan(rng, 10, 500)}。",
        f"您被选为我们{rng.choice(SHOWS)}的场外幸运观众，获得{_p(rng, '现金大奖', '价值十二万的轿车', '苹果电脑一台')}。",
        f"恭喜您获得了本次{_p(rng, '回馈活动', '周年庆', '客户答谢会')}的{rng.choice(PRIZES)}，奖金{_wan(rng, 2, 100)}，",
    )
    hook = _p(
        rng,
        "请问您现在方便接听电话吗？",
        "您是不是觉得非常惊喜？这是真的！",
        "请提供一下您的姓名和银行卡号，我们好为您办理领奖手续。",
        "请确认您的姓名和身份证号码，以便我们为您安排兑奖事宜。",
        "",
    )
    fee = _p(
        rng,
        f"按规定领奖前需要先交{rng.choice(FEES)}{rng.randint(2, 50) * 100}元，交完奖金马上到账。",
        f"您只需要先支付{rng.choice(FEES)}，我们就把奖金打到您卡上。",
        f"今天之内不办理视为自动放弃，{_p(rng, '名额很紧张', '过时不候', '别错过了')}。",
        f"请您加一下我们兑奖专员的{_p(rng, '微信', 'QQ')}，他会告诉您怎么领。",
        "这事先别告诉家里人，等奖金到账了再给他们惊喜。",
        "",
    )
    return _turns(rng, opener, win, hook, fee)


# ------------------------------------------------------------------------------------------- normal
def _n_call_friend(rng: Rng) -> str:
    """Real old friends and classmates: the same openers, no emergency and no money asked for."""
    tie = rng.choice(FRIEND_TIES)
    opener = _p(
        rng,
        f"{rng.choice(HELLO)}猜猜我是谁？哈哈，我是{_name(rng)}啊！",
        f"{rng.choice(HELLO)}老{rng.choice(SURNAMES)}，是我，{_name(rng)}，好久没联系了！",
        f"{rng.choice(HELLO)}还记得我吗？我是你{tie}{_name(rng)}。",
        f"{rng.choice(HELLO)}{_mr(rng)}吗？我是{_name(rng)}，{tie}，你还记得我吧？",
        f"{rng.choice(HELLO)}是我，{_p(rng, '刚下班', '刚到家', '在路上')}，跟你说个事。",
        f"{rng.choice(HELLO)}我换号了，这是我新号，以后打这个就行。",
    )
    news = _p(
        rng,
        f"我们{_p(rng, '高中', '大学', '初中')}同学聚会定在{rng.randint(1, 12)}月{rng.randint(1, 28)}号，你来不来？",
        f"我下个月去{rng.choice(CITIES)}出差，到时候一起吃个饭吧。",
        f"上次借你的{_wan(rng, 1, 3)}我刚转你了，你查收一下。",
        f"你还记得咱们{_p(rng, '班主任', '数学老师', '老连长')}吗？他{_p(rng, '退休了', '要过七十大寿了', '上个月住院了，我们约着去看看')}。",
        f"我刚回{rng.choice(CITIES)}，{_p(rng, '周末出来喝一杯', '改天去你家坐坐', '带了点特产给你')}。",
        f"我{_p(rng, '结婚', '孩子满月', '新店开业', '乔迁')}，{_p(rng, '请你来喝喜酒', '你一定要来', '到时候给你发请帖')}。",
        "在群里看到你的消息，想着给你打个电话聊聊。",
        f"你那个{_p(rng, '工作', '房子', '孩子上学')}的事怎么样了？我这边认识个人，可以帮你问问。",
    )
    close = _p(
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
    return _p(
        rng,
        f"{rng.choice(HELLO)}老板，这期{game}还是老号码，给我打{rng.randint(2, 20)}注，钱我微信转你。",
        f"{rng.choice(HELLO)}您在我们店守的那组号码这期给您打好了，票给您留着，有空来拿。",
        f"{rng.choice(HELLO)}你上期那注中了{_p(rng, '五块钱', '十块', '两百块', '三千块')}，来店里{_p(rng, '兑一下', '换一注新的', '直接兑现')}就行。",
        f"{rng.choice(HELLO)}告诉你个好消息，我买的{game}中了{_p(rng, '四等奖', '三等奖', '二等奖', '一个小奖')}，晚上请你吃饭！",
        f"中了{_p(rng, '二等奖', '一等奖', '大奖')}要去市{_p(rng, '福彩', '体彩')}中心兑，带身份证和彩票原件就行，不用交任何钱。",
        f"{rng.choice(HELLO)}今晚{game}开奖，号码我发你了，你帮我对一下。",
        f"我这期{game}又没中，{_p(rng, '下次换个号', '就当做公益了', '不买了不买了')}。",
        f"{rng.choice(HELLO)}您在我们{_p(rng, '超市', '商场', '店里')}周年庆抽中了{_p(rng, '购物卡', '电饭煲', '三等奖', '一桶油')}，请凭小票到服务台领取，不收任何费用。",
        f"我们单位年会我抽了个{rng.choice(PRIZES)}，{_p(rng, '一台扫地机器人', '五百块购物卡', '一部手机')}，哈哈手气不错。",
        f"{rng.choice(HELLO)}{_p(rng, '刮刮乐', '体彩')}新到了一批，你要不要来看看？",
        f"彩票站{_p(rng, '搬到', '新开在')}{rng.choice(CITIES)}路口了，以后来那边买。",
        f"电视台那个{rng.choice(SHOWS)}在招现场观众，我报名了，你要一起去吗？",
    )


def _n_call_school(rng: Rng) -> str:
    """Parents and teachers talking about a child: trouble, school and worry, and no money to a stranger."""
    child = rng.choice(CHILD)
    nick = rng.choice(NICK)
    opener = _p(
        rng,
        f"{rng.choice(HELLO)}孩子他{_p(rng, '爸', '妈')}，",
        f"{rng.choice(HELLO)}是{nick}{_p(rng, '妈妈', '爸爸', '的家长')}吗？我是{nick}的班主任{rng.choice(SURNAMES)}老师，",
        f"{rng.choice(HELLO)}老{_p(rng, '公', '婆')}，",
        f"{rng.choice(HELLO)}我是{_p(rng, '学校医务室', '幼儿园', '托管班')}的{rng.choice(SURNAMES)}老师，",
        f"{rng.choice(HELLO)}{_mr(rng)}，我是{_name(rng)}{_p(rng, '妈妈', '爸爸')}，咱们孩子一个班的，",
        "",
    )
    body = _p(
        rng,
        f"{child}今天在学校跟同学{_p(rng, '打架了', '闹矛盾了', '吵起来了')}，老师让我们{_p(rng, '下午', '放学', '明天')}去一趟。",
        f"{child}{_p(rng, '发烧了', '肚子疼', '摔了一跤')}，校医看过了，{_p(rng, '没什么大事', '您方便的话来接一下', '我们先带他去医院看看')}。",
        f"{nick}这次考试进步挺大，{_p(rng, '数学', '语文', '英语')}考了{rng.randint(85, 100)}分。",
        f"你下班去接一下{child}，我今天{_p(rng, '加班', '在外面', '走不开')}。",
        f"{child}同学叫他周末去家里玩，我同意了，{_p(rng, '晚上我去接', '你别担心')}。",
        f"{nick}最近上课有点走神，作业也没交齐，想跟您沟通一下。",
        f"{child}在学校扭了脚，我带他去医院拍片了，没骨折，你别着急。",
        f"{child}说想报{_p(rng, '篮球班', '钢琴课', '编程班', '游泳课')}，学费{rng.randint(1, 9)}千多，你觉得呢？",
        f"明天{_p(rng, '家长会', '开放日', '运动会')}{_p(rng, '你去还是我去', '我请好假了', '别忘了')}？",
        f"{child}{_p(rng, '手机没电了', '跟同学在图书馆', '在奶奶家')}，刚用同学电话给我打的，晚点回来。",
    )
    close = _p(rng, "你看怎么安排？", "晚上回家再说。", "好，先这样。", "有事再给我打电话。", "")
    return _turns(rng, opener, body, close)


def _n_call_family(rng: Rng) -> str:
    """Relatives and neighbours with news and everyday money between people who know each other."""
    kin = rng.choice(KIN)
    return _turns(
        rng,
        rng.choice(HELLO),
        _p(
            rng,
            f"{kin}到{rng.choice(CITIES)}了，刚给我打电话，说一切都好。",
            f"我是{_p(rng, '楼下', '隔壁', '对门')}的{rng.choice(SURNAMES)}阿姨，你家{_p(rng, '水管好像漏水了', '快递放我这儿了', '门没关好')}，{_p(rng, '回来看看', '回来拿一下', '跟你说一声')}。",
            f"你{kin}的学费我转到他卡上了，{_wan(rng, 1, 3)}，你跟他说一声。",
            f"{kin}住院的押金我交了，{_p(rng, '你别操心', '明天你来换我', '医生说观察两天')}。",
            f"{_p(rng, '奶奶', '外公', '姥姥')}这两天身体不太好，你周末有空回来看看。",
            f"{_p(rng, '房租', '物业费', '燃气费')}我已经交了，{rng.randint(3, 60) * 100}块，你有空把一半转我就行。",
            f"我在{rng.choice(BANKS)[0]}门口了，给你取了{rng.randint(1, 9)}千块现金，{_p(rng, '放你抽屉里了', '晚上带回去', '你下楼拿一下')}。",
        ),
        _p(rng, "先这样，挂了啊。", "晚上回来吃饭吗？", "你别担心。", ""),
    )


CALL_FAMILIES: dict[str, list[Family]] = {
    "acquaintance_boss": [_call_kidnap, _call_guess],
    "prize": [_call_prize],
    NORMAL: [_n_call_friend, _n_call_lottery, _n_call_school, _n_call_family],
}


def _fid(fn: Family) -> str:
    return fn.__name__.lstrip("_")


def call_families() -> dict[str, list[str]]:
    """Template family ids per category (for evaluations that hold whole families out)."""
    return {cat: [_fid(f) for f in fams] for cat, fams in CALL_FAMILIES.items()}


def synth_calls(seed: int, n: int, *, fraud_ratio: float = 0.5) -> list[SynthMessage]:
    """``n`` spoken call openers drawn deterministically from ``seed`` (a share ``fraud_ratio`` scams,
    each scam family equally likely; the rest ordinary calls, each family equally likely)."""
    rng = random.Random(seed)
    scams = [(cat, f) for cat, fams in CALL_FAMILIES.items() if cat != NORMAL for f in fams]
    out = []
    for _ in range(n):
        if rng.random() < fraud_ratio:
            cat, fam = rng.choice(scams)
        else:
            cat, fam = NORMAL, rng.choice(CALL_FAMILIES[NORMAL])
        out.append(SynthMessage(fam(rng), cat, cat != NORMAL, None, _fid(fam)))
    return out
