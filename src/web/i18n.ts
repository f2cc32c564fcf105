// Labels and date formats in Chinese and English. Dates of the data come from the API's
// DateValue.label(lang); only the timeline's axis is formatted here.

export type Lang = 'zh' | 'en';

const zh = {
  'app.title': '史册 · 组织史浏览器',
  'app.tagline': '每条史实都可追溯到原文',
  skip: '跳到条目详情',
  'lang.label': '界面语言',
  'search.label': '搜索人物、组织、事件(中文、拼音或英文)',
  'search.placeholder': '如 罗富和、luo fuhe、Hu Xian',
  'search.none': '没有匹配的条目',
  'search.count': '{n} 条建议,用上下方向键选择,回车打开',
  'search.error': '搜索失败:{message}',
  'panel.heading': '条目详情',
  'panel.empty': '用上方搜索框查找人物、组织或事件,或在时间线、关系图中点选一项。',
  'panel.loading': '加载中…',
  'panel.names': '各语言名称',
  'panel.identifiers': '外部标识',
  'panel.identifierLink': '在 {scheme} 中查看 {value}(新窗口)',
  'panel.positions': '职务',
  'panel.events': '参与的事件',
  'panel.relations': '其他关系',
  'panel.citations': '出处',
  'panel.date': '日期',
  'panel.findings': '会议记录要点',
  'panel.quantities': '数字',
  'panel.attested': '史料所见:{date}',
  'panel.period': '任期:{date}',
  'panel.noDate': '时间不详',
  'panel.showTimeline': '只看与当前条目相关的事件',
  'panel.readSource': '阅读全文',
  'panel.citationsOf': '{what} 的出处',
  'panel.open': '打开 {name}',
  'cite.open': '在原文中查看',
  'cite.line': '第 {line} 行',
  'dialog.close': '关闭',
  'dialog.quoteNotFound': '原文中未找到这段引文。',
  'dialog.hint': '引文在原文中以高亮标出。',
  'timeline.heading': '时间线',
  'timeline.window': '时间窗',
  'timeline.from': '起',
  'timeline.to': '止',
  'timeline.format': '格式:2006、2006-07 或 2006-07-07',
  'timeline.apply': '应用',
  'timeline.all': '全部',
  'timeline.prev': '往前',
  'timeline.next': '往后',
  'timeline.zoomIn': '放大',
  'timeline.zoomOut': '缩小',
  'timeline.reading': '判读',
  'timeline.reading.POSSIBLY': '可能落在窗内',
  'timeline.reading.CERTAINLY': '必定落在窗内',
  'timeline.types': '事件类型',
  'timeline.count': '{n} 个事件',
  'timeline.countWindow': '{window}:{n} 个事件',
  'timeline.allTime': '全部时间',
  'timeline.legend': '条的长度就是日期精度:只知年份的事件画满整年,只知月份的画满整月,知道具体日期的只画那几天。',
  'timeline.withinNote': '某时,日期在此范围内({precision})',
  'timeline.withinShort': '发生在此范围内的某个时间,并非持续整个期间',
  'timeline.legendWithin': '两端带须的淡色范围:事件发生在此范围内的某个时间(如“本届内”),并非持续整个期间。',
  'timeline.loading': '正在加载事件…',
  'status.loading': '加载中…',
  'claims.marker': '来源说法不一:{n} 种',
  'claims.heading': '各来源的说法',
  'claims.preferred': '采用',
  'claims.rule': '采用规则:{rule}',
  'claims.sources': '来源:',
  'browse.heading': '浏览',
  'browse.hint': '不用搜索,按类型、种类和年代浏览全部人物、组织、事件、工作项目和地点。',
  'browse.type': '类型',
  'browse.kind': '种类',
  'browse.decade': '年代',
  'browse.all': '全部',
  'browse.count': '{n} 个条目',
  'browse.more': '显示更多',
  'browse.failed': '列表加载失败',
  'browse.unavailable': '此服务器尚不支持浏览(缺少 entities 查询)。',
  'browse.decadeLabel': '{decade} 年代',
  'graph.legend': '图例',
  'graph.legendCentre': '当前条目(黑框)',
  'graph.legendPath': '找到的关联',
  'timeline.list': '事件列表',
  'timeline.other': '未注明组织',
  'timeline.badWindow': '日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD',
  'timeline.badOrder': '起始日期不能晚于结束日期',
  'timeline.aria': '事件时间线,按组织分组;下方的事件列表可用键盘浏览',
  'timeline.involving': '与 {name} 相关',
  'graph.heading': '关系图',
  'graph.hint': '点击节点:以它为中心展开关系,并在左侧打开;“重置”回到当前条目的关系。',
  'graph.reset': '重置',
  'graph.depth': '深度',
  'graph.aria': '关系图:{n} 个节点,{m} 条关系。键盘用户可用条目详情里的关系列表浏览。',
  'graph.empty': '打开一个条目后,这里显示它的关系网络。',
  'map.heading': '地图',
  'map.hint': '有坐标的地点(WGS84),底图为 Natural Earth 海岸线;点击地点即可打开。',
  'map.count': '{n} 个有坐标的地点',
  'map.none': '还没有带坐标的地点',
  'map.aria': '地图:{n} 个有坐标的地点',
  'map.open': '打开地点 {name}',
  'path.heading': '查找两者之间的关联',
  'path.from': '从',
  'path.to': '到',
  'path.hops': '最多步数',
  'path.find': '查找关联',
  'path.clear': '清除',
  'path.none': '{hops} 步之内没有找到关联。',
  'path.result': '路径 {i}({n} 步)',
  'path.pick': '请先从建议中选择两端的条目。',
  'path.show': '在图中高亮',
  'error.notFound': '找不到条目“{id}”。',
  'error.generic': '请求失败({code}):{message}',
  'error.retry': '重试',
  'error.panel': '条目加载失败。',
  'timeline.failed': '事件加载失败',
  'precision.YEAR': '精确到年',
  'precision.MONTH': '精确到月',
  'precision.DAY': '精确到日',
  'type.PERSON': '人物',
  'type.ORGANIZATION': '组织',
  'type.EVENT': '事件',
  'type.INITIATIVE': '工作项目',
  'type.PLACE': '地点',
  'type.SOURCE': '史料',
  'kind.MEETING': '会议',
  'kind.CAMPAIGN': '活动',
  'kind.TERM_CHANGE': '换届',
  'kind.DECISION': '决定',
  'kind.APPOINTMENT': '任命',
  'kind.MILESTONE': '里程碑',
  'kind.PERSONNEL': '人事',
  'kind.REGULATION': '制度',
  'kind.PARTY': '党派',
  'kind.COMMITTEE': '委员会',
  'kind.OFFICE': '机关',
  'kind.FACILITY': '设施',
  'kind.NETWORK': '网络',
  'kind.PROGRAM': '工程',
  'kind.COMPONENT': '组成部分',
  'kind.GOAL': '目标',
  'kind.PROVINCE': '省',
  'kind.CITY': '市',
  'name.PRIMARY': '正式名称',
  'name.ALIAS': '别称',
  'name.ABBREVIATION': '简称',
  'name.FORMER': '曾用名',
  'nameLang.zh-Hans': '中文',
  'nameLang.en': '英文',
  'nameLang.pinyin': '拼音',
  'finding.ACHIEVEMENT': '成绩',
  'finding.SHORTCOMING': '不足',
  'finding.CONCLUSION': '结论',
  'rel.HELD_POSITION.OUT': '任职于',
  'rel.HELD_POSITION.IN': '在此任职的人',
  'rel.PART_OF.OUT': '隶属于',
  'rel.PART_OF.IN': '下属组织',
  'rel.PARTICIPATED_IN.OUT': '参与',
  'rel.PARTICIPATED_IN.IN': '参与者',
  'rel.ORGANIZED.OUT': '组织的事件',
  'rel.ORGANIZED.IN': '组织者',
  'rel.TOOK_PLACE_IN.OUT': '地点',
  'rel.TOOK_PLACE_IN.IN': '在此举行的事件',
  'rel.LAUNCHED.OUT': '发起',
  'rel.LAUNCHED.IN': '发起者',
  'rel.ADVANCED.OUT': '推进',
  'rel.ADVANCED.IN': '推进者',
  'rel.COMPONENT_OF.OUT': '属于',
  'rel.COMPONENT_OF.IN': '组成部分',
  'rel.REVIEWED.OUT': '回顾了',
  'rel.REVIEWED.IN': '被回顾于',
  'rel.FOLLOWED.OUT': '接续',
  'rel.FOLLOWED.IN': '后续事件',
  'rel.LOCATED_IN.OUT': '位于',
  'rel.LOCATED_IN.IN': '辖内地方',
  'rel.MENTIONS.OUT': '提及',
  'rel.MENTIONS.IN': '见于史料',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  'app.title': 'Annals · history explorer',
  'app.tagline': 'every fact traced to its source sentence',
  skip: 'Skip to the entity details',
  'lang.label': 'Interface language',
  'search.label': 'Search people, organizations, events (Chinese, pinyin or English)',
  'search.placeholder': 'e.g. 罗富和, luo fuhe, Hu Xian',
  'search.none': 'No matching entity',
  'search.count': '{n} suggestion; Enter opens it|{n} suggestions; use the up and down arrows, Enter opens',
  'search.error': 'Search failed: {message}',
  'panel.heading': 'Entity',
  'panel.empty': 'Search for a person, organization or event above, or pick one on the timeline or in the graph.',
  'panel.loading': 'Loading…',
  'panel.names': 'Names in all languages',
  'panel.identifiers': 'Identifiers',
  'panel.identifierLink': 'See {value} in {scheme} (new window)',
  'panel.positions': 'Positions',
  'panel.events': 'Events',
  'panel.relations': 'Other relations',
  'panel.citations': 'Citations',
  'panel.date': 'Date',
  'panel.findings': 'Recorded findings',
  'panel.quantities': 'Figures',
  'panel.attested': 'attested {date}',
  'panel.period': 'period {date}',
  'panel.noDate': 'date unknown',
  'panel.showTimeline': 'Only events involving the open entity',
  'panel.readSource': 'Read the full text',
  'panel.citationsOf': 'Citations for {what}',
  'panel.open': 'Open {name}',
  'cite.open': 'Show in source',
  'cite.line': 'line {line}',
  'dialog.close': 'Close',
  'dialog.quoteNotFound': 'The quote was not found in the source text.',
  'dialog.hint': 'The quote is highlighted in the source text.',
  'timeline.heading': 'Timeline',
  'timeline.window': 'Window',
  'timeline.from': 'From',
  'timeline.to': 'To',
  'timeline.format': 'Format: 2006, 2006-07 or 2006-07-07',
  'timeline.apply': 'Apply',
  'timeline.all': 'All',
  'timeline.prev': 'Earlier',
  'timeline.next': 'Later',
  'timeline.zoomIn': 'Zoom in',
  'timeline.zoomOut': 'Zoom out',
  'timeline.reading': 'Reading',
  'timeline.reading.POSSIBLY': 'possibly in the window',
  'timeline.reading.CERTAINLY': 'certainly in the window',
  'timeline.types': 'Event types',
  'timeline.count': '{n} event|{n} events',
  'timeline.countWindow': '{window}: {n} event|{window}: {n} events',
  'timeline.allTime': 'all time',
  'timeline.legend':
    'Bar length is the date precision: an event known to the year fills the year, one known to the month fills the month, one known to the day only those days.',
  'timeline.withinNote': 'some time within, {precision}',
  'timeline.withinShort': 'happened at some time within this range, not throughout it',
  'timeline.legendWithin':
    'A faded range with whiskers: the event happened at some time within it (e.g. “during the term”), it did not last throughout.',
  'timeline.loading': 'Loading events…',
  'status.loading': 'Loading…',
  'claims.marker': 'Sources differ: {n} claim|Sources differ: {n} claims',
  'claims.heading': 'What each source says',
  'claims.preferred': 'preferred',
  'claims.rule': 'Rule: {rule}',
  'claims.sources': 'Sources: ',
  'browse.heading': 'Browse',
  'browse.hint': 'Every person, organization, event, initiative and place, by type, kind and decade, without searching.',
  'browse.type': 'Type',
  'browse.kind': 'Kind',
  'browse.decade': 'Decade',
  'browse.all': 'All',
  'browse.count': '{n} entity|{n} entities',
  'browse.more': 'Show more',
  'browse.failed': 'The list could not be loaded',
  'browse.unavailable': 'This server cannot list entities yet (no entities query).',
  'browse.decadeLabel': 'the {decade}s',
  'graph.legend': 'Legend',
  'graph.legendCentre': 'open entity (black ring)',
  'graph.legendPath': 'found connection',
  'timeline.list': 'Event list',
  'timeline.other': 'No organization given',
  'timeline.badWindow': 'Dates are YYYY, YYYY-MM or YYYY-MM-DD',
  'timeline.badOrder': 'The window cannot start after it ends',
  'timeline.aria': 'Timeline of events grouped by organization; the event list below can be browsed with the keyboard',
  'timeline.involving': 'involving {name}',
  'graph.heading': 'Relationships',
  'graph.hint': 'Click a node to expand around it and open it on the left; Reset returns to the open entity’s neighbourhood.',
  'graph.reset': 'Reset',
  'graph.depth': 'Depth',
  'graph.aria': 'Relationship graph: {n} nodes, {m} relationships. Keyboard users can browse the same relations in the entity details.',
  'graph.empty': 'Open an entity to see its network here.',
  'map.heading': 'Map',
  'map.hint': 'Places with a location (WGS84) over the Natural Earth coastlines; click a place to open it.',
  'map.count': '{n} located place|{n} located places',
  'map.none': 'No place has a location yet',
  'map.aria': 'Map: {n} located place|Map: {n} located places',
  'map.open': 'Open the place {name}',
  'path.heading': 'Find the connections between two entities',
  'path.from': 'From',
  'path.to': 'To',
  'path.hops': 'Max hops',
  'path.find': 'Find connections',
  'path.clear': 'Clear',
  'path.none': 'No connection within {hops} hops.',
  'path.result': 'Path {i} ({n} step)|Path {i} ({n} steps)',
  'path.pick': 'Pick both ends from the suggestions first.',
  'path.show': 'Highlight in the graph',
  'error.notFound': 'No entity “{id}”.',
  'error.generic': 'Request failed ({code}): {message}',
  'error.retry': 'Retry',
  'error.panel': 'The entity could not be loaded.',
  'timeline.failed': 'Events could not be loaded',
  'precision.YEAR': 'known to the year',
  'precision.MONTH': 'known to the month',
  'precision.DAY': 'known to the day',
  'type.PERSON': 'Person',
  'type.ORGANIZATION': 'Organization',
  'type.EVENT': 'Event',
  'type.INITIATIVE': 'Initiative',
  'type.PLACE': 'Place',
  'type.SOURCE': 'Source',
  'kind.MEETING': 'Meeting',
  'kind.CAMPAIGN': 'Campaign',
  'kind.TERM_CHANGE': 'Change of term',
  'kind.DECISION': 'Decision',
  'kind.APPOINTMENT': 'Appointment',
  'kind.MILESTONE': 'Milestone',
  'kind.PERSONNEL': 'Personnel',
  'kind.REGULATION': 'Rules',
  'kind.PARTY': 'Party',
  'kind.COMMITTEE': 'Committee',
  'kind.OFFICE': 'Office',
  'kind.FACILITY': 'Facility',
  'kind.NETWORK': 'Network',
  'kind.PROGRAM': 'Programme',
  'kind.COMPONENT': 'Component',
  'kind.GOAL': 'Goal',
  'kind.PROVINCE': 'Province',
  'kind.CITY': 'City',
  'name.PRIMARY': 'primary',
  'name.ALIAS': 'alias',
  'name.ABBREVIATION': 'abbreviation',
  'name.FORMER': 'former name',
  'nameLang.zh-Hans': 'Chinese',
  'nameLang.en': 'English',
  'nameLang.pinyin': 'Pinyin',
  'finding.ACHIEVEMENT': 'Achievement',
  'finding.SHORTCOMING': 'Shortcoming',
  'finding.CONCLUSION': 'Conclusion',
  'rel.HELD_POSITION.OUT': 'Held a position in',
  'rel.HELD_POSITION.IN': 'People holding positions here',
  'rel.PART_OF.OUT': 'Part of',
  'rel.PART_OF.IN': 'Units',
  'rel.PARTICIPATED_IN.OUT': 'Took part in',
  'rel.PARTICIPATED_IN.IN': 'Participants',
  'rel.ORGANIZED.OUT': 'Organized',
  'rel.ORGANIZED.IN': 'Organizers',
  'rel.TOOK_PLACE_IN.OUT': 'Place',
  'rel.TOOK_PLACE_IN.IN': 'Events held here',
  'rel.LAUNCHED.OUT': 'Launched',
  'rel.LAUNCHED.IN': 'Launched by',
  'rel.ADVANCED.OUT': 'Advanced',
  'rel.ADVANCED.IN': 'Advanced by',
  'rel.COMPONENT_OF.OUT': 'Component of',
  'rel.COMPONENT_OF.IN': 'Components',
  'rel.REVIEWED.OUT': 'Reviewed',
  'rel.REVIEWED.IN': 'Reviewed by',
  'rel.FOLLOWED.OUT': 'Follows',
  'rel.FOLLOWED.IN': 'Followed by',
  'rel.LOCATED_IN.OUT': 'Located in',
  'rel.LOCATED_IN.IN': 'Places within',
  'rel.MENTIONS.OUT': 'Mentions',
  'rel.MENTIONS.IN': 'Mentioned in',
};

const messages: Record<Lang, Record<Key, string>> = { zh, en };

let current: Lang = 'zh';

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  document.title = t('app.title');
}

export function isLang(value: string | null | undefined): value is Lang {
  return value === 'zh' || value === 'en';
}

/** The preferred language of the browser, when the URL does not say. */
export function browserLang(): Lang {
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

const pluralRules: Record<Lang, Intl.PluralRules> = { zh: new Intl.PluralRules('zh'), en: new Intl.PluralRules('en') };

/**
 * A message with its variables. A template with forms separated by `|` (English: one|other) takes
 * the form Intl.PluralRules gives for the number `n`: "1 event", "2 events".
 */
export function t(key: Key, vars: Record<string, string | number> = {}): string {
  const forms = (messages[current][key] ?? key).split('|');
  const category = typeof vars['n'] === 'number' ? pluralRules[current].select(vars['n']) : 'other';
  const template = (category === 'one' ? forms[0] : forms[forms.length - 1]) ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A label for keys built from data (type.PERSON, kind.MEETING, rel.PART_OF.OUT), or the raw value. */
export function tData(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return key in zh ? t(key as Key) : value;
}

/** Fills elements marked data-i18n (text) and data-i18n-<attr> (attributes). */
export function applyStaticLabels(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset['i18n'] as Key);
  for (const attr of ['placeholder', 'aria-label', 'title']) {
    const data = `data-i18n-${attr}`;
    for (const el of root.querySelectorAll<HTMLElement>(`[${data}]`)) el.setAttribute(attr, t(el.getAttribute(data) as Key));
  }
}

/** Pinyin without tone marks (Luó Fùhé → Luo Fuhe), as English texts write Chinese names. */
export function toneless(pinyin: string): string {
  return pinyin
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

interface Named {
  name: string;
  nameEn?: { value: string }[] | undefined;
  namePinyin?: { value: string }[] | undefined;
}

/** The name to show: in English, the English name, else toneless pinyin, else the Chinese; in Chinese, the Chinese. */
export function nameOf(e: Named): string {
  if (current === 'zh') return e.name;
  const en = e.nameEn?.[0]?.value;
  if (en) return en;
  const py = e.namePinyin?.[0]?.value;
  return py ? toneless(py) : e.name;
}

/** The Chinese name to show beside nameOf (English pages only, when it differs). */
export function originalName(e: Named): string | undefined {
  return current === 'en' && nameOf(e) !== e.name ? e.name : undefined;
}

/** English where the API has it and the page is in English, else the source-language value. */
export function pick(zhValue: string | null | undefined, enValue: string | null | undefined): string {
  return (current === 'en' ? (enValue ?? zhValue) : (zhValue ?? enValue)) ?? '';
}

// ------------------------------------------------------------------------ timeline axis formats

interface MomentLike {
  toDate(): Date;
}

function fmt(options: Intl.DateTimeFormatOptions): (d: Date) => string {
  const f = new Intl.DateTimeFormat(current === 'zh' ? 'zh-CN' : 'en-GB', options);
  return (d) => f.format(d);
}

/** vis-timeline format functions: 2006年 / 7月 / 7日 in Chinese, 2006 / Jul / 7 in English. */
export function axisFormat(): {
  minorLabels: (d: MomentLike, scale: string) => string;
  majorLabels: (d: MomentLike, scale: string) => string;
} {
  const year = fmt({ year: 'numeric' });
  const month = fmt({ month: 'short' });
  const day = fmt({ day: 'numeric' });
  const monthYear = fmt({ year: 'numeric', month: 'long' });
  const date = fmt({ year: 'numeric', month: 'long', day: 'numeric' });
  const hour = fmt({ hour: '2-digit', minute: '2-digit' });
  return {
    minorLabels: (m, scale) => {
      const d = m.toDate();
      if (scale === 'year') return year(d);
      if (scale === 'month') return month(d);
      if (scale === 'week' || scale === 'day' || scale === 'weekday') return day(d);
      return hour(d);
    },
    majorLabels: (m, scale) => {
      const d = m.toDate();
      if (scale === 'year') return '';
      if (scale === 'month') return year(d);
      if (scale === 'week' || scale === 'day' || scale === 'weekday') return monthYear(d);
      return date(d);
    },
  };
}

/** A window label in the page language: 2006-07 → 2006年7月 / July 2006. */
export function windowLabel(edtf: string): string {
  const [y, m, d] = edtf.split('-').map(Number);
  if (y === undefined || Number.isNaN(y)) return edtf;
  const at = new Date(y, (m ?? 1) - 1, d ?? 1);
  if (d !== undefined) return fmt({ year: 'numeric', month: 'long', day: 'numeric' })(at);
  if (m !== undefined) return fmt({ year: 'numeric', month: 'long' })(at);
  return fmt({ year: 'numeric' })(at);
}
