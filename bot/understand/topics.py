"""What a resident's question is about: one topic from a keyword table.

Keywords are plain substrings of the normalised, lower-cased text with all whitespace removed.
A ``*`` inside a keyword stands for up to 4 characters that are not punctuation, so "怎么*交" also
covers "怎么给孩子交" but not a match across two sentences.

Priority, when several topics match (first in ``PRIORITY`` wins):
1. An after-payment procedure or another benefit, where the premium calculation would answer
   the wrong question: refund, receipt, other_benefits
   ("退多少钱" is a refund, "顺产能报多少钱" is maternity).
2. The explicit question: how_much ("长护险交多少" too: the answer carries the care premium),
   long_term_care, deadline, benefit_start, how_to_pay
   ("孩子刚出生交多少钱" → how_much; "新生儿什么时候交" → deadline).
3. The resident's situation: identity_change, cross_region — these beat the weak money words
   (补贴, 资助, 自己交 …) because "刚认定的低保户还给资助吗" asks what the change does, not a price.
4. Then the weak money words, registration, student, newborn.

Situations then take over a generic "how / where" (see ``_settle``): a newborn's enrolment
("孩子刚出生咋参保" → newborn), a university student's ("在外地上大学的娃医保在哪参" → student),
registering rather than paying ("第一次参保去哪儿登记" → registration), and living elsewhere
when no payment channel is named ("回老家交还是在广东交" → cross_region).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.knowledge.vocabulary import TOPICS
from bot.understand.numbers import normalise

# Topics the engine answers by calculation; the rest of a question's topics are the knowledge's
# fact topics. "deadline" is both: notices state it, but "can I still pay" is worked out.
CALCULATED = ("how_much", "deadline", "benefit_start")

TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "refund": (
        "多扣", "扣了两次", "谁退",
        "退钱", "退费", "退款", "能退吗", "能退不", "可以退", "能不能退", "退回", "退保", "退给", "怎么退",
        "咋退", "退不退",
        "想退", "退行不", "退得了", "退吗", "要退",
        "多交了", "交多了", "交错了", "交重了", "重复交", "重复缴", "退多少", "能退",
        "refund",
        "交了两遍", "交了两次", "退一份", "退*费", "申请退",
    ),
    "receipt": (
        "没交上", "短信",
        "凭证", "发票", "收据", "票据", "缴费记录", "交费记录", "查缴费", "查询缴费", "缴费查询",
        "缴费证明", "参保证明", "交上了吗", "交上没", "交成功", "缴费成功", "到账", "交没交", "有没有交上",
        "查一下交", "查*交上", "查*交了", "查*交没", "查不到", "记录", "给票", "开票", "没给票",
        "证明交了", "证明*交过", "receipt", "invoice",
    ),
    # the per-person fiscal subsidy: what the state pays into the fund, not a category's subsidy
    "fiscal_subsidy": (
        "财政补助", "财政补贴", "人均补助", "人均财政", "财政*每人", "每人补到", "补到多少", "财政给每人",
        "国家给每人", "国家*每人补", "国家补多少", "国家补贴多少", "政府给每人补", "国家给补",
        # "国家一个人补多少", "政府每个人补助多少": what the state pays in per person
        "国家*补多少", "国家*补助多少", "国家*补贴多少", "政府*补多少", "政府*补助多少", "财政*补多少",
    ),
    # where a subsidy's money comes from (医疗救助基金 …), not how much it is
    "subsidy_funding": (
        "钱是从哪", "钱从哪", "从哪出的", "从哪里出", "钱哪来", "哪来的钱", "钱是哪来", "谁出的钱", "谁出钱",
        "钱谁出", "资金来源", "钱的来源", "资金从哪", "哪出的钱",
        # who pays a subsidised person's premium ("优抚对象是哪个单位代缴的"): the payer, not the channel
        "哪个单位*代", "哪个部门*代", "哪个单位*出", "哪个部门*出钱", "哪个单位*掏", "哪个单位*负责",
        "哪个部门*负责交", "哪家单位*代", "什么单位*代", "啥单位*代", "谁*代缴", "谁*代交", "谁负责交",
        "谁负责缴", "谁掏", "谁来出", "谁给*交", "谁给*缴", "由谁代", "谁来交", "谁来缴",
    ),
    # the enrolment rate a notice sets as a target ("参保率要达到多少")
    "coverage_target": ("参保率", "参保覆盖率"),
    # from when the notice itself applies
    "effective_date": (
        "开始执行", "什么时候执行", "啥时候执行", "何时执行", "施行", "开始实施", "什么时候实施",
        "啥时候实施", "执行时间", "实施时间", "什么时候出台", "啥时候出台", "哪天起执行",
    ),
    # which office identifies the subsidised and provides their lists: not a change of one's status
    "identity_lists": (
        "名单谁", "谁给提供", "谁提供", "哪个部门提供", "谁负责提供", "名单从哪", "名单是哪", "谁认定",
        "谁来认定", "哪个部门认定", "谁定的名单", "信息谁", "名单由谁", "由谁提供",
        "哪个部门给", "归哪个部门", "哪个部门出", "名单归谁", "名单找谁", "名单谁给", "名单哪个部门",
        # who sends the subsidised people's details to the 医保局 ("身份信息是谁推过来的")
        "身份信息是谁", "身份信息谁", "身份信息由谁", "谁推送", "谁推给", "谁推过来", "谁推的", "推送给医保",
        # "是哪个部门推给医保局的", "报给医保局的": the office that sends them, asked by its name
        "哪个部门推", "哪个单位推", "什么部门推", "啥部门推", "推给医保", "报给医保局", "提供给医保局",
        "传给医保局", "报送给医保", "哪个部门报送",
    ),
    # which office collects the premium ("钱是交给哪个部门"): not how or where one pays
    "collector": (
        "交给哪个部门", "交给哪个单位", "交给哪个机构", "交给什么部门", "交给啥部门", "交到哪个部门",
        "交到哪个单位", "缴给哪个部门", "缴到哪个部门", "哪个部门收", "哪个单位收", "什么部门收", "啥部门收",
        "哪个部门征收",
        "谁征收", "征收部门", "征收单位", "收费部门", "收费单位", "征缴部门", "征缴单位", "哪个部门征缴",
        "钱交给谁", "钱缴给谁", "交给谁了", "钱给了谁", "钱归哪个部门", "钱进了哪", "钱交到哪",
        # "谁负责收医保费", "医保局收还是税务局收": the collecting office, not the ways to pay
        "谁收", "谁负责收", "谁来收", "谁负责征", "谁在收", "由谁收", "哪个部门负责收", "哪个单位负责收",
        "医保局还是税务", "税务局还是医保", "医保*还是税务*收",
        "税务*还是医保*收",
    ),
    # how the offices organise the collection: a worker's question about 台账, progress reports, publicity
    "organisation": (
        "台账", "通报*进度", "进度*通报", "通报参保", "参保进度", "每周通报", "进度通报", "督查", "督察",
        "建*微信群", "建群", "微信群", "发*公告", "转发*公告", "贴*公告", "张贴", "海报",
        # a worker asking what their office has to do ("社区具体要干啥", "村干部…宣传要干啥")
        "社区*干啥", "社区*干什么", "社区*做啥", "社区*做什么", "村里*干啥", "村干部*干啥", "干部*干什么",
        "宣传*干啥", "宣传*干什么", "宣传*做啥", "宣传*做什么", "征缴*干啥", "征缴*干什么", "征缴*做啥",
        "征缴*做什么", "工作职责", "职责分工", "动员工作", "摸底",
    ),
    # who may (or need not) join resident insurance at all
    "scope": (
        "有职工医保", "职工医保的还要", "交了职工医保", "参加了职工", "有了职工", "职工医保*居民医保",
        "职工*还要交居民", "交着职工", "有职工的", "职工医保*让*交居民", "职工医保*叫*交居民",
        "职工医保*还要*居民",
        "谁能参加", "哪些人参加", "哪些人能参", "哪些人可以参", "参保范围", "参保对象是",
        "什么人可以参", "什么人能参",
    ),
    "long_term_care": (
        "长期护理", "长护险", "长护", "长户险", "护理险", "护理保险", "失能",
    ),
    "other_benefits": (
        "大病保险", "大病", "比例", "住院报销", "起付线", "起付标准", "封顶线", "封顶", "生育", "产检",
        "顺产", "剖宫产",
        "剖腹产", "生孩子", "怀孕", "分娩", "孕妇", "报销比例", "报多少", "报销多少", "报几成", "门诊",
        "慢病", "慢特病", "特殊病", "两病", "医疗救助", "体检",
        # what cover pays out (none of it in these notices): never answered with the contribution
        "报百分之", "报*百分之", "报几成", "住院报", "门诊报", "能报多少", "报销标准", "待遇标准",
        "一天给多少", "每天给多少", "一天能报", "一天补",
        # what 长护险 pays out and to whom (the notice states only its premium)
        "养老院", "居家护理", "上门护理", "护理机构", "护理待遇", "护理费", "护理*能报", "失能*申请",
        "长护*申请", "申请长护", "护理险*申请",
    ),
    "identity_change": (
        "身份变", "身份有变", "身份改变", "变更身份", "新认定", "刚认定", "刚被认定", "新评", "刚评上",
        "刚评为", "退出低保", "低保取消", "低保被取消", "取消低保", "取消了低保", "不是低保", "低保退出",
        "不再是", "新纳入", "刚纳入", "刚办了低保", "刚办低保", "刚办了残疾证", "刚办残疾证", "刚成为",
        "刚成了", "评成", "被评", "才进", "名单", "身份*取消", "取消了", "停了", "脱贫退出", "退出脱贫",
        "享受不了了", "低保*退出", "中途退出", "动态退出",
        "评上", "被认定", "认定成",
        "认定为", "才认定",
        "补差", "差额", "差的钱", "补资助",
    ),
    "cross_region": (
        "住在",
        "外地", "异地", "户口不在", "户籍不在", "户口在", "居住证", "外省", "外市", "外县", "不是本地",
        "非本地", "外来", "打工", "务工", "户口迁", "迁户口", "户口转", "转移接续", "转入", "转出", "两地",
        "重复参保", "老家", "随迁", "流动人口", "户口", "租房", "搬到", "搬家", "迁到", "嫁过来", "嫁到",
        "在外省", "外省", "上班", "搬去", "搬走",
        # where a subsidised person enrols away from where the status was recognised (48号 二（六）)
        "跨统筹", "跨地区参保", "跨省参保", "疆内跨", "在别的地方参保", "别的地方参保", "换个地方参保",
        "异地参保",
    ),
    "how_much": (
        "交多少", "缴多少", "交*多少", "缴*多少", "档*多少", "多少钱", "多少前", "多钱", "好多钱", "几多钱",
        "多少元", "多少块", "缴费标准", "交费标准", "收费标准", "个人缴", "个人交",
        "交得多", "交得更多", "交的多", "多交钱",  # "过了6月30号是不是要交得多": the figure, the rule beside
        "补贴多少", "资助多少", "减免多少", "交几百", "几百块", "收多少", "要多少", "得多少", "价格",
        "一年多少", "多少一年", "一个人多少", "交好多", "要好多", "一样的钱", "钱一样", "免缴", "不是免",
        "涨价", "涨了", "贵了", "花多少", "还免吗",
        # the rise asked ("去年才350 今年怎么变成380了"): the figure, the notice's words on the rise beside it
        "为啥涨", "为什么涨", "咋涨", "怎么涨", "又涨", "凭啥涨", "去年才", "去年只", "上年才",
        "免不免",
        "掏*多少", "出*多少", "拿*多少", "付*多少", "出好多", "拿好多", "掏好多", "给代缴", "一样交",
        "一共交", "一共*多少", "总共", "一共好多", "共好多",
        "局代交", "局代缴", "政府代交", "政府代缴", "财政代",
        "几块钱", "交几块", "要钱不", "要钱吗", "要不要钱", "收钱不", "收钱吗", "交不交钱", "掏不掏钱",
        # several identities: which one's figure applies
        "按哪个算", "按哪个标准", "按哪个交", "按哪种算", "按哪种交", "以哪个为准", "算哪个", "按哪个身份",
        "按哪一个",
    ),
    # Money words that also come up when the question is about something else.
    "how_much_weak": (
        "自己交", "自己出", "自付", "补贴", "资助", "减免", "免费", "不用交", "不要钱", "费用", "全额",
        "交钱吗", "要交钱", "交全", "也要交", "用交", "掏钱", "howmuch", "花钱",
    ),
    "deadline": (
        "还能给*上",
        "截止", "截至", "什么时候*交", "啥时候*交", "啥时*交", "何时*交", "什么时候*缴", "啥时候*缴",
        "好久*交", "哪天交", "哪天缴", "几号交", "几号缴", "什么时间交", "几月交", "几月份交", "哪个月交",
        "最晚", "最迟", "最后一天", "最后期限", "还能交", "还可以交", "还能缴", "还可以缴",
        "现在能交", "现在可以交", "现在还能", "几号前", "几号之前", "几号以前", "几号结束", "缴费时间",
        "交费时间", "缴费期", "征缴期", "缴费截", "过期", "过了时间", "错过", "晚了", "来得及", "来不及",
        "还能补交", "还能补缴", "到几号", "到什么时候", "到啥时候", "什么时候结束", "还有几天",
        "几号能交", "赶得上", "赶不上", "赶趟", "晚不晚", "集中期", "交还行", "来得及", "deadline",
        "几月到几月", "几号到几号",
        # when collection opens ("今年还没开始收吗")
        "开始收", "开始交", "开始缴", "开始征", "没开始", "几号收", "啥时候收", "什么时候收",
        "还能给*交", "再交行不", "再交行吗", "再交可以不", "再交可以吗", "再交得不", "再交要得不",
        "回来再交", "回来交",
        # a target date asked ("要在哪天前弄完")
        "哪天前", "哪天之前", "哪天以前", "什么时候前", "啥时候前", "前弄完", "前办完", "前交完", "之前弄完",
        "之前办完",
    ),
    "benefit_start": (
        "生效", "待遇什么时候", "什么时候*待遇", "待遇从", "待遇开始", "待遇期", "待遇享受", "什么时候能报",
        "什么时候可以报", "啥时候能报", "啥时候可以报", "何时能报", "多久能报", "多久可以报",
        "什么时候能用", "什么时候可以用", "啥时候能用", "啥时候可以用", "多久能用", "好久能用", "好久能报",
        "好久可以用", "好久可以报", "几号开始能用", "几号能用", "能用了吗", "马上能用", "就能用",
        "开始报销", "保障期", "啥子时候*用", "啥子时候*报", "哪阵*能用", "哪阵*能报",
        "开始能用", "哪天*能用", "能用不", "能用吗", "开始报", "啥时候*报", "什么时候*报", "能报吗",
        "能报不", "开始能报", "能报*不", "能报*吗", "能看病", "报销不", "能报销", "能用上", "用得上",
        "能用了", "直接用", "从出生", "哪天起", "从哪天", "啥时候*用", "什么时候*用", "开始用", "升效",
        "管用", "能报销不", "花的能报",
    ),
    # "一档二档有啥区别": each tier's figure, and what the notice says of their benefits
    "tier_difference": (
        "档*区别", "档*差别", "档*不同", "档*不一样", "档*有啥差", "档*差在哪", "档*哪个好", "档*哪个划算",
        "档*差多少", "档*相差", "档*差几", "档*贵多少", "档*多交多少", "档*多多少", "档*差好多",
    ),
    "benefit_start_strong": ("等待期", "观察期", "空窗期", "等多久", "多久才能", "开始享受", "享受待遇",
                             "等好久", "等多长", "等几天", "好久才能", "多长时间才能"),
    "how_to_pay": (
        "代收", "批量", "一次*交",
        "怎么交", "咋交", "如何交", "怎样交", "怎么缴", "咋缴", "如何缴", "怎样缴", "怎么*交", "咋*交",
        "怎么付", "在哪里交", "在哪交", "在哪儿交", "在那交", "在那里交", "哪儿交", "哪里交", "去哪",
        "哪*交", "哪里缴", "哪*缴", "微信", "支付宝", "缴费渠道", "交费渠道", "渠道", "手机上交", "手机交",
        "手机上缴", "手机缴", "手机*交", "手机*缴", "网上交", "网上缴", "线上", "小程序", "公众号", "app",
        "银行", "柜台",
        "缴费方式", "交费方式", "缴费途径", "扫码", "二维码", "税务", "代缴", "交到哪", "缴费流程",
        "交费流程", "操作步骤",
        "蒙速办", "交还是", "收还是", "在学校交", "在社区交", "学校收", "社区收", "谁收", "手机上",
        "代交", "替我交", "帮*交", "上门收", "上门", "收医保费", "能去*交", "卫生室", "统一交", "统一缴",
        "统一收", "村里交", "云闪付", "渝快办", "信用社",
        "农商行", "邮政",
        # how the payment is collected for a subsidised person: the whole premium or the difference
        "交差额", "缴差额", "差额征缴", "只交差", "交全款", "先交全", "全款",
        # a fully subsidised person asking whether they advance the money (免征代缴)
        "先垫", "垫钱", "垫付", "垫上",
        # how the premium is collected from a subsidised person ("定额资助的怎么征缴"); "咋收费" is an
        # amount ("屯留残疾的医保咋收费")
        "怎么征缴", "如何征缴", "咋征缴", "征缴方式", "怎么征收", "如何征收",
    ),
    "registration": (
        "参保登记", "怎么参保", "咋参保", "如何参保", "怎样参保", "怎么*参保", "咋*参保", "第一次参保",
        "首次参保", "新参保", "断保", "断缴", "停保", "没参保", "未参保", "没有参保", "办理参保",
        "参保手续", "登记", "怎么加入", "能参保吗", "可以参保吗", "能不能参保", "参加医保", "办医保",
        "上医保", "入保", "办理医保", "办个医保", "咋*参", "怎么参", "在哪参", "哪参",
        "第一回", "要带", "带啥", "带什么", "材料", "户口本", "手续", "办啥",
    ),
    "student": (
        "大学生", "学生", "在校", "上学", "读书", "高校", "大学", "中专", "技校", "职校", "研究生", "学校",
        "高中", "初中", "小学", "幼儿园", "入学", "开学", "毕业", "大专", "本科", "读大",
    ),
    "newborn": (
        "newborn", "newbornbaby", "baby",
        "刚出生", "新生儿", "宝宝", "孩子出生", "小孩出生", "娃", "崽", "婴儿", "刚生", "才生", "出生",
        "满月", "刚落地", "坐月子", "生了个", "新出生", "生下来", "号生的", "日生的", "天生的",
    ),
}  # fmt: skip

PRIORITY: tuple[str, ...] = (
    "refund", "receipt", "other_benefits", "fiscal_subsidy", "subsidy_funding", "coverage_target",
    "effective_date",
    "identity_lists", "collector", "organisation", "scope",
    "tier_difference", "how_much", "long_term_care", "benefit_start_strong", "deadline", "benefit_start",
    "how_to_pay",
    "identity_change", "cross_region", "how_much_weak", "registration", "student", "newborn",
)  # fmt: skip
_PAY_VERB = re.compile("[交缴付]")
# 交三百八 / 缴380: an amount paid (not 交12月…, a date)
_DIGIT = "\\d百十零一二两三四五六七八九"
_PAY_AMOUNT = re.compile(
    f"(?:[交缴付出是按]|还是)[¥￥]?[\\d一二两三四五六七八九][{_DIGIT}]{{1,5}}(?![{_DIGIT}]|[月号日年])"
)
_YEAR = re.compile("20[0-9]{2}")
# Internal keyword groups reported as the topic they belong to.
_SAME_AS = {"how_much_weak": "how_much", "benefit_start_strong": "benefit_start",
            "tier_difference": "how_much"}


def _unknown_topics(names: set[str]) -> set[str]:
    """Names that are neither a fact topic, a calculated one, nor an internal group of one."""
    return names - {*TOPICS, *CALCULATED, *_SAME_AS}


# A misspelt topic would be classified but never answered: refuse it at import.
if _unknown := _unknown_topics({*TOPIC_KEYWORDS, *PRIORITY, *_SAME_AS.values()}):
    raise ValueError(f"topics.py names topics outside knowledge.models.Topic: {sorted(_unknown)}")
# A payment channel named: "where / how" is about the channel, not about living elsewhere.
_CHANNEL = re.compile(
    "微信|支付宝|app|小程序|公众号|银行|税务|蒙速办|渝快办|云闪付|扫码|二维码|手机|网上|线上|柜台|信用社|邮政"
)
_UNIVERSITY = re.compile("大学|高校|大专|本科|专升本|研究生|大[一二三四]")
# "娃" alone is any child; these say the child was just born.
_JUST_BORN = re.compile("出生|[刚才]生|新生儿|婴儿|满月|生下来|落地|[号日天]生的|newborn|baby")

_GAP = r"[^，。？！、；：,.?!;:…~～]{0,4}"
# Words that contain a keyword but mean something else: "刚生效" is not a birth,
# "户口本" is a document to bring, not a household registered elsewhere.
_MASK = re.compile(r"[刚才]生效|生效期")
_DOCUMENTS = re.compile("户口本|户口簿")
# "打工回来了 1月20号交的": back home from work elsewhere is the story, not a household away
_BACK_HOME = re.compile("(?:打工|务工|打零工|上班)(?:刚|才|都|已经)?(?:回来|回家|回到家|返乡|回老家)")
# "没交上" beside a can-I-still-pay word is a payment missed, not one to look up
_MISSED = re.compile("没交上|没有交上|没缴上")
# "医疗救助一共资助多少", "医疗救助给补多少": the fund that pays a category's premium subsidy (屯留
# 五（表）), not a benefit asked about ("看病后医疗救助能报多少" stays a benefit)
_PAYER = re.compile("医疗救助(?=[^，。？！,?!报]{0,3}(?:资助|补|出钱|出多少|出了多少|出好多|掏|给多少|给出))")


def _compile(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(_GAP.join(map(re.escape, w.split("*"))) for w in words))


_MATCHERS: dict[str, re.Pattern[str]] = {topic: _compile(TOPIC_KEYWORDS[topic]) for topic in PRIORITY}


def _prepare(text: str) -> str:
    return "".join(normalise(text).lower().split())


def _found(s: str) -> list[str]:
    masked = _MASK.sub("生效", s)
    papers = _BACK_HOME.sub("回来", _DOCUMENTS.sub("证件", s))
    # "年底没交上 一月份还能交不": a payment missed, asking whether it can still be made, not a receipt
    missed = _MISSED.sub("", s) if _MATCHERS["deadline"].search(s) else s
    texts = {"newborn": masked, "cross_region": papers, "other_benefits": _PAYER.sub("", s),
             "receipt": missed}
    found = [t for t in PRIORITY if _MATCHERS[t].search(texts.get(t, s))]
    if _PAY_AMOUNT.search(s) and not {"how_much", "how_much_weak"} & set(found):
        # "也交三百八吗" / "是两百还是三百八" ask about the amount, unless something else is asked
        weak = PRIORITY.index("how_much_weak")
        found.insert(next((i for i, t in enumerate(found) if PRIORITY.index(t) > weak), len(found)),
                     "how_much_weak")
    return found


# The rules that settle a topic other than the first found, tried in order: each one takes the
# first topic found, all of them and the text, and names the topic it settles on, or None.
_Rule = Callable[[str, set[str], str], str | None]


def _new_status_refund(first: str, found: set[str], s: str) -> str | None:
    # "刚评上低保，按普通交了，能退点不": what the new status gives back
    return "identity_change" if first == "refund" and "identity_change" in found else None


def _newborn_enrols(first: str, found: set[str], s: str) -> str | None:
    # "孩子刚出生咋参保": a newborn's enrolment, not the generic how / where
    generic = ("registration", "how_to_pay", "other_benefits", "cross_region")
    how = {"registration", "how_to_pay"} & found
    if "newborn" in found and first in generic and how and _JUST_BORN.search(s):
        return "newborn"
    return None


def _university_enrols(first: str, found: set[str], s: str) -> str | None:
    # where a university student enrols has rules of its own ("在外地上大学的娃医保在哪参");
    # "学校让交了，家里还用交不" too
    university = "student" in found and _UNIVERSITY.search(s) and not _PAY_AMOUNT.search(s)
    asked = ("cross_region", "registration", "how_to_pay", "how_much_weak")
    return "student" if university and first in asked else None


def _registers(first: str, found: set[str], s: str) -> str | None:
    if "registration" not in found:
        return None
    if first == "how_to_pay" and ("登记" in s or not _PAY_VERB.search(s)):
        return "registration"  # "第一次参保去哪儿登记": registering, not paying
    if first == "cross_region" and "登记" in s:
        return "registration"  # "户口落回屯留了…咋登记": the question is how to register
    if first == "scope":
        return "registration"  # "从职工医保转居民医保 要办啥手续": the procedure, not who may join
    return None


def _where_or_which(first: str, found: set[str], s: str) -> str | None:
    if first != "how_to_pay" or _CHANNEL.search(s):
        return None
    if _PAY_AMOUNT.search(s) and "还是" in s:
        return "how_much"  # "8月才去交 还是交76不": which amount, not which way to pay
    if "cross_region" in found:
        return "cross_region"  # "回老家交还是在广东交": where, given they live elsewhere
    return None


# "医保跟护理险一起 一个人合计多少", "特困的长护险那40还要自己出吗": the care premium's amount
_CARE_MONEY = re.compile(
    "多少|好多|几多|几块|合计|一共|总共|要交[吗不么]|[都还也]要交|[都还也]得交|都交|必须交|交不交|能不交|不交行"
    "|出钱|掏钱|要钱|收钱|自己出|个人出|自己掏|出吗|出不|掏[吗不]|用[交出掏]"
)
_NOT_MONEY = {"deadline", "benefit_start", "benefit_start_strong", "how_to_pay"}


def _care_money(first: str, found: set[str], s: str) -> str | None:
    # how much, or whether one pays, with 长护险 named: the calculated answer holds both premiums
    money = "how_much_weak" in found or _CARE_MONEY.search(s)
    return "how_much" if first == "long_term_care" and money and not _NOT_MONEY & found else None


def _price_with_channel(first: str, found: set[str], s: str) -> str | None:
    # "也是交380吗 是学校收吗": an amount asked beside the channel; the calculated answer carries
    # the channel line too, so the amount is never dropped for the channel alone
    # ("选2023还是2024": a policy year to pick in the app, not an amount)
    amounts = [m for m in _PAY_AMOUNT.finditer(s) if not _YEAR.search(m.group())]
    return "how_much" if first == "how_to_pay" and amounts else None


_SETTLE: tuple[_Rule, ...] = (
    _care_money, _new_status_refund, _newborn_enrols, _university_enrols, _registers, _price_with_channel,
    _where_or_which,
)


def _settle(found: list[str], s: str) -> str:
    first, named = found[0], set(found)
    for rule in _SETTLE:
        if (topic := rule(first, named, s)) is not None:
            return topic
    return _SAME_AS.get(first, first)


def classify_topic(text: str) -> str | None:
    """The topic asked, or None when no keyword matches."""
    s = _prepare(text)
    found = _found(s)
    return _settle(found, s) if found else None


# a birth named as the time of the costs ("生孩子那会儿的费用"), not the mother's maternity benefits
_BIRTH_TIME = re.compile("(?:生孩子|生娃|生宝宝)(?:那|的时候|时候|时)")


def births_cover(text: str) -> bool:
    """"孩子5月份生的…生孩子那会儿的费用还能报吗": whether the costs from a child's birth are
    covered, a question about the newborn's cover, read as maternity benefits only by its words."""
    s = _prepare(text)
    if not (_MATCHERS["benefit_start"].search(s) and _BIRTH_TIME.search(s)):
        return False
    return not _MATCHERS["other_benefits"].search(_BIRTH_TIME.sub("", s))


# "今天去税务大厅交 能交上吗": whether a payment is taken then, not how to pay, unless how or
# where is asked too ("在哪交 手机上能交不")
_CAN_PAY = re.compile(
    "能交上|能缴上|交得上|缴得上|能交[吗不么]|能缴[吗不么]|能不能[交缴]|可以[交缴][吗不么]|交得了"
)
_HOW_WHERE = re.compile("怎么|咋|如何|怎样|哪")


def asks_amount(text: str) -> bool:
    """"一个交多少": an amount asked in so many words, whatever else the question asks."""
    return bool(_MATCHERS["how_much"].search(_prepare(text)))


def asks_cover(text: str) -> bool:
    """"今天住院能报吗", "啥时候能用": when the cover starts is asked, whatever else is named."""
    s = _prepare(text)
    return bool(_MATCHERS["benefit_start"].search(s) or _MATCHERS["benefit_start_strong"].search(s))


def asks_can_pay(text: str) -> bool:
    s = _prepare(text)
    return bool(_CAN_PAY.search(s)) and not _HOW_WHERE.search(s)


# "低保户咋个交", "老复员军人怎么交": how, with no channel and no place asked
_HOW_PAY = re.compile("(?:怎么|咋|如何|怎样|咋样|怎个)(?:个|样)?(?:[交缴]|办|弄)")
_WHERE = re.compile("哪")


def asks_how_only(text: str) -> bool:
    """"咋个交" with nothing of a channel or a place: said of a subsidised person, it asks what
    they pay and how (the calculated answer holds the channel line); said of anyone else, and with
    a channel or a place named ("微信咋交", "在哪交"), it stays a channel question."""
    s = _prepare(text)
    return bool(_HOW_PAY.search(s)) and not _CHANNEL.search(s) and not _WHERE.search(s)


# "还要交钱不", "用交钱不", "算哪档": whether (and at which tier) a category pays at all
_MUST_PAY = re.compile(
    "[还也都]?(?:要|用|得|需要)(?:[交缴掏出付](?:钱|费)?)(?:不|吗|么|嘛|没|不了)|[算是属]哪[一个]?档|[算是]几档"
)


def asks_must_pay(text: str) -> bool:
    """"在乡老复员军人 算哪档 还要交钱不": said of a category, its figure (二档 全额资助, 0元)."""
    return bool(_MUST_PAY.search(_prepare(text)))


def assistance_pays(text: str) -> bool:
    """"低保户 医疗救助给多少钱": 医疗救助 named beside a category and money is the fund paying the
    category's subsidy; a benefit word left once it is taken out ("报多少") keeps it a benefit."""
    s = _prepare(text)
    if "医疗救助" not in s:
        return False
    rest = s.replace("医疗救助", "")
    return not _MATCHERS["other_benefits"].search(rest) and bool(
        _MATCHERS["how_much"].search(rest) or _MATCHERS["how_much_weak"].search(rest) or "多少" in rest)


def asks_refund(text: str) -> bool:
    """"多交的钱能退不": a refund is asked, whatever topic the question settled on."""
    return bool(_MATCHERS["refund"].search(_prepare(text)))


def compares_tiers(text: str) -> bool:
    """"一档二档有啥区别": the tiers compared, which a notice answers with each tier's figure
    (and says what it states, or not, of their benefits)."""
    return bool(_MATCHERS["tier_difference"].search(_prepare(text)))
