/**
 * The closed lists the extractor works with: titles (with their English and the kinds of
 * organization they belong to) and common single-character surnames. Declared once here; the
 * extractor and its tests read them.
 */

export interface Title {
  zh: string;
  en: string;
  /** Kinds of organization that hold this title; null: any. */
  orgKinds: readonly string[] | null;
}

const COMMITTEE = ['COMMITTEE', 'PARTY'] as const;

export const TITLES: readonly Title[] = [
  { zh: '主委', en: 'Chair', orgKinds: COMMITTEE },
  { zh: '副主委', en: 'Vice-Chair', orgKinds: COMMITTEE },
  { zh: '主任委员', en: 'Chair', orgKinds: COMMITTEE },
  { zh: '副主任委员', en: 'Vice-Chair', orgKinds: COMMITTEE },
  { zh: '常务副主委', en: 'Executive Vice-Chair', orgKinds: COMMITTEE },
  { zh: '秘书长', en: 'Secretary-General', orgKinds: COMMITTEE },
  { zh: '副秘书长', en: 'Deputy Secretary-General', orgKinds: COMMITTEE },
  { zh: '专职副秘书长', en: 'Full-time Deputy Secretary-General', orgKinds: COMMITTEE },
  { zh: '主席', en: 'Chair', orgKinds: COMMITTEE },
  { zh: '副主席', en: 'Vice-Chair', orgKinds: COMMITTEE },
  { zh: '常委', en: 'Standing Committee Member', orgKinds: COMMITTEE },
  { zh: '会长', en: 'President', orgKinds: null },
  { zh: '副会长', en: 'Vice-President', orgKinds: null },
  { zh: '主任', en: 'Director', orgKinds: null },
  { zh: '副主任', en: 'Deputy Director', orgKinds: null },
  { zh: '处长', en: 'Division Chief', orgKinds: null },
  { zh: '副处长', en: 'Deputy Division Chief', orgKinds: null },
  { zh: '部长', en: 'Head of Department', orgKinds: null },
  { zh: '副部长', en: 'Deputy Head of Department', orgKinds: null },
  { zh: '组长', en: 'Group Leader', orgKinds: null },
  { zh: '副组长', en: 'Deputy Group Leader', orgKinds: null },
  { zh: '书记', en: 'Secretary', orgKinds: null },
  { zh: '副书记', en: 'Deputy Secretary', orgKinds: null },
];

/** The most common single-character surnames, without those that are also everyday function words (和, 时, 由…). */
export const SURNAMES: ReadonlySet<string> = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘闻厉伊仝郜阚花权屠豆朴盖练廉禹井祖漆巴丰卿狄计索宣晋初门容敬扈晁芮阙浦戈伏鹿薄邸雍辜羊乌裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危银亢嵇湛宾戎勾茅呼居揭尉冶斯束檀衣展阴昝智幸奉植衡富尧闭',
]);
