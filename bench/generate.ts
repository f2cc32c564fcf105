// A deterministic generator of a realistic organizational history, for import and query benches.
// generateArchive({ size, seed }) yields datasets in chunks (at most ~5,000 entities each), each with
// its own sources whose text is built from generated sentences, every fact citing the sentence that
// states it. Relationships only reach entities of the same or an earlier chunk, so L (1M entities)
// never has to sit in memory whole: import chunk by chunk, with KnownLabels as the GraphFacts.
//
// Counting: per entity the generator makes ~4 curated relationships, each with one citation; each
// entity has one or two citations. In the graph every citation adds a Citation node and an IN_SOURCE
// relationship, and each (source, entity) pair a MENTIONS: ~10 graph relationships per entity.
import type { GraphFacts } from '../src/dataset/validate.js';
import type { DatasetDocument } from '../src/dataset/shape.js';
import type { EntityLabel, RelationshipType } from '../src/model/vocabulary.js';

export type ArchiveSize = 'XS' | 'S' | 'M' | 'L';
export type GeneratedDataset = DatasetDocument;
type Source = NonNullable<GeneratedDataset['sources']>[number];
type Entity = NonNullable<GeneratedDataset['entities']>[number];
type Relationship = NonNullable<GeneratedDataset['relationships']>[number];
type Finding = NonNullable<GeneratedDataset['findings']>[number];
type Claim = NonNullable<GeneratedDataset['claims']>[number];

export interface ArchiveChunk {
  index: number;
  dataset: GeneratedDataset;
}

interface SizeSpec {
  entities: number;
  chunkEntities: number;
  provinces: number;
  citiesPerProvince: number;
}

export const SIZES: Record<ArchiveSize, SizeSpec> = {
  XS: { entities: 500, chunkEntities: 120, provinces: 4, citiesPerProvince: 2 },
  S: { entities: 10_000, chunkEntities: 5_000, provinces: 31, citiesPerProvince: 6 },
  M: { entities: 100_000, chunkEntities: 5_000, provinces: 31, citiesPerProvince: 6 },
  L: { entities: 1_000_000, chunkEntities: 5_000, provinces: 31, citiesPerProvince: 6 },
};

/** mulberry32: a tiny 32-bit PRNG; the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    const v = list[Math.floor(this.next() * list.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ------------------------------------------------------------------------------ vocabulary
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣晨阳瑞雪峰波志国建文海东亮新春福荣光德民安永庆宏晓天思嘉佳家立成卫兵振兴昌宗祥富贵和顺仁义礼智信忠孝贤良',
];
const PROVINCES: readonly [string, string, string, readonly string[]][] = [
  ['北京', '市', 'Beijing', ['东城', '西城', '朝阳', '海淀', '丰台', '通州']],
  ['天津', '市', 'Tianjin', ['和平', '河西', '南开', '滨海', '河北', '红桥']],
  ['河北', '省', 'Hebei', ['石家庄', '唐山', '保定', '邯郸', '秦皇岛', '张家口']],
  ['山西', '省', 'Shanxi', ['太原', '大同', '长治', '晋城', '运城', '临汾']],
  ['内蒙古', '自治区', 'Inner Mongolia', ['呼和浩特', '包头', '赤峰', '通辽', '鄂尔多斯', '呼伦贝尔']],
  ['辽宁', '省', 'Liaoning', ['沈阳', '大连', '鞍山', '抚顺', '丹东', '锦州']],
  ['吉林', '省', 'Jilin', ['长春', '吉林', '四平', '通化', '白山', '延吉']],
  ['黑龙江', '省', 'Heilongjiang', ['哈尔滨', '齐齐哈尔', '牡丹江', '佳木斯', '大庆', '绥化']],
  ['上海', '市', 'Shanghai', ['黄浦', '徐汇', '长宁', '静安', '浦东', '杨浦']],
  ['江苏', '省', 'Jiangsu', ['南京', '苏州', '无锡', '常州', '南通', '扬州']],
  ['浙江', '省', 'Zhejiang', ['杭州', '宁波', '温州', '绍兴', '嘉兴', '金华']],
  ['安徽', '省', 'Anhui', ['合肥', '芜湖', '蚌埠', '安庆', '黄山', '阜阳']],
  ['福建', '省', 'Fujian', ['福州', '厦门', '泉州', '漳州', '莆田', '三明']],
  ['江西', '省', 'Jiangxi', ['南昌', '九江', '赣州', '景德镇', '上饶', '吉安']],
  ['山东', '省', 'Shandong', ['济南', '青岛', '烟台', '潍坊', '淄博', '济宁']],
  ['河南', '省', 'Henan', ['郑州', '洛阳', '开封', '新乡', '南阳', '安阳']],
  ['湖北', '省', 'Hubei', ['武汉', '宜昌', '襄阳', '荆州', '黄石', '十堰']],
  ['湖南', '省', 'Hunan', ['长沙', '株洲', '湘潭', '衡阳', '岳阳', '常德']],
  ['广东', '省', 'Guangdong', ['广州', '深圳', '珠海', '汕头', '佛山', '清远']],
  ['广西', '自治区', 'Guangxi', ['南宁', '柳州', '桂林', '梧州', '北海', '玉林']],
  ['海南', '省', 'Hainan', ['海口', '三亚', '儋州', '琼海', '文昌', '万宁']],
  ['重庆', '市', 'Chongqing', ['渝中', '江北', '沙坪坝', '九龙坡', '南岸', '万州']],
  ['四川', '省', 'Sichuan', ['成都', '绵阳', '自贡', '泸州', '德阳', '乐山']],
  ['贵州', '省', 'Guizhou', ['贵阳', '遵义', '六盘水', '安顺', '毕节', '铜仁']],
  ['云南', '省', 'Yunnan', ['昆明', '曲靖', '玉溪', '大理', '丽江', '红河']],
  ['西藏', '自治区', 'Tibet', ['拉萨', '日喀则', '昌都', '林芝', '山南', '那曲']],
  ['陕西', '省', 'Shaanxi', ['西安', '宝鸡', '咸阳', '渭南', '汉中', '延安']],
  ['甘肃', '省', 'Gansu', ['兰州', '天水', '白银', '酒泉', '张掖', '武威']],
  ['青海', '省', 'Qinghai', ['西宁', '海东', '格尔木', '德令哈', '玉树', '共和']],
  ['宁夏', '自治区', 'Ningxia', ['银川', '石嘴山', '吴忠', '固原', '中卫', '灵武']],
  ['新疆', '自治区', 'Xinjiang', ['乌鲁木齐', '克拉玛依', '吐鲁番', '哈密', '喀什', '伊宁']],
];
const TITLES: readonly [string, string, string][] = [
  ['主委', 'Chair', '主任委员'],
  ['副主委', 'Vice-Chair', '副主任委员'],
  ['秘书长', 'Secretary-General', '秘书长(兼)'],
  ['副秘书长', 'Deputy Secretary-General', '副秘书长(兼)'],
];
const TOPICS = [
  '机关建设',
  '参政议政',
  '社会服务',
  '思想建设',
  '组织发展',
  '教育调研',
  '基层组织建设',
  '信息化建设',
  '会员培训',
  '理论研究',
  '文化传承',
  '扶贫助学',
  '宣传工作',
  '履职能力',
  '作风建设',
  '制度建设',
  '青年工作',
  '对外联络',
  '法治建设',
  '生态保护',
];
const PROGRAM_SUFFIX = ['工程', '计划', '行动', '项目'];
const COMPONENT_SUFFIX = ['示范点建设', '人才培养', '制度规范', '平台建设', '专项调研', '经验交流', '考核评估'];
const ROLES: readonly [string, string][] = [
  ['主持会议', 'chaired'],
  ['作主题报告', 'gave the keynote report'],
  ['讲话', 'spoke'],
  ['出席', 'attended'],
  ['作总结发言', 'summed up'],
  ['列席', 'attended as observer'],
  ['领导小组组长', 'head of the leading group'],
];
const ACHIEVEMENTS = [
  '领导高度重视，工作稳步推进',
  '制度建设取得明显成效',
  '会员队伍不断壮大',
  '参政议政水平进一步提高',
  '社会服务形成品牌',
  '机关作风明显改进',
];
const SHORTCOMINGS = ['与基层组织的联系不够紧密', '处室之间的协调还应加强', '调研成果转化不够', '青年会员培养有待加强', '经费保障仍显不足'];
const CONCLUSIONS = ['今后要进一步加强自身建设', '要把工作重点放在基层', '要坚持以制度管人管事', '要不断提高履职能力'];
const GENDERS = ['男', '女'];

const pad = (n: number): string => String(n).padStart(6, '0');
const zhMonth = (m: number): string => `${m}月`;

interface GenDate {
  edtf: string;
  zh: string;
  year: number;
}

function point(year: number, month?: number, day?: number): { edtf: string; zh: string } {
  if (month === undefined) return { edtf: String(year), zh: `${year}年` };
  const mm = String(month).padStart(2, '0');
  if (day === undefined) return { edtf: `${year}-${mm}`, zh: `${year}年${zhMonth(month)}` };
  return { edtf: `${year}-${mm}-${String(day).padStart(2, '0')}`, zh: `${year}年${month}月${day}日` };
}

/** An event date of mixed precision: year, month, day, a few days' interval, or approximate. */
function eventDate(r: Random, year: number, campaign: boolean): GenDate {
  const month = r.int(1, 12);
  if (campaign) {
    const start = Math.min(11, month);
    const end = Math.min(12, start + r.int(1, 8));
    const a = point(year, start);
    const b = point(year, end);
    return { edtf: `${a.edtf}/${b.edtf}`, zh: `${a.zh}至${end}月`, year };
  }
  const x = r.next();
  if (x < 0.2) return { year, ...point(year) };
  if (x < 0.45) return { year, ...point(year, month) };
  if (x < 0.85) return { year, ...point(year, month, r.int(1, 28)) };
  if (x < 0.94) {
    const day = r.int(1, 25);
    const a = point(year, month, day);
    const last = day + r.int(1, 3);
    const b = point(year, month, last);
    return { edtf: `${a.edtf}/${b.edtf}`, zh: `${a.zh}至${last}日`, year };
  }
  if (x < 0.97) return { edtf: `${year}~`, zh: `${year}年前后`, year };
  const m = point(year, month);
  return { edtf: `${m.edtf}~`, zh: `约${m.zh}`, year };
}

// ------------------------------------------------------------------------------ state across chunks
interface Named {
  id: string;
  name: string;
}
interface Org extends Named {
  province: number;
  short: string;
}
interface Province {
  index: number;
  name: string;
  committee: Org;
  office: Org;
  municipal: Org[];
  cities: Named[];
  branches: Org[];
  nextBranch: Map<string, number>;
}
interface Meeting extends Named {
  zh: string;
  year: number;
  seq: number;
}

/** Labels of entities of earlier chunks: the GraphFacts that lets a chunk link to them. */
export class KnownLabels implements GraphFacts {
  private readonly labels = new Map<string, EntityLabel>();
  label(id: string): EntityLabel | undefined {
    return this.labels.get(id);
  }
  sourceText(): string | undefined {
    return undefined;
  }
  add(ds: GeneratedDataset): void {
    for (const s of ds.sources ?? []) this.labels.set(s.id, 'Source');
    for (const e of ds.entities ?? []) this.labels.set(e.id, e.type);
  }
  get size(): number {
    return this.labels.size;
  }
}

/** Collects one chunk: sources are written sentence by sentence, and each sentence is a citable quote. */
class ChunkBuilder {
  readonly sources: Source[] = [];
  readonly entities: Entity[] = [];
  readonly relationships: Relationship[] = [];
  readonly findings: Finding[] = [];
  readonly claims: Claim[] = [];
  private lines: string[] = [];
  private sourceId = '';

  openSource(id: string, title: string, published: string | undefined): void {
    this.sourceId = id;
    this.lines = [];
    this.sources.push({ id, title, publisher: '中国民主协进会', language: 'zh-Hans', text: '', ...(published ? { published } : {}) });
  }

  closeSource(): void {
    const s = this.sources[this.sources.length - 1];
    if (s) s.text = this.lines.join('\n');
  }

  /** Appends a sentence to the open source and returns a citation of it. */
  say(sentence: string): { source: string; quote: string } {
    this.lines.push(sentence);
    return { source: this.sourceId, quote: sentence.replace(/。$/, '') };
  }

  entity(e: Entity): void {
    this.entities.push(e);
  }

  rel(type: RelationshipType, from: string, to: string, cite: { source: string; quote: string }, extra: Partial<Relationship> = {}): void {
    this.relationships.push({ type, from, to, ...extra, citations: [cite] });
  }

  dataset(): GeneratedDataset {
    return {
      sources: this.sources,
      entities: this.entities,
      relationships: this.relationships,
      findings: this.findings,
      claims: this.claims,
    };
  }
}

export interface GenerateOptions {
  size: ArchiveSize;
  seed: number;
  /** Entities per chunk (one dataset, one transaction when imported); the size's default if absent. */
  chunkEntities?: number;
}

/** The archive as chunks, generated lazily: at most one chunk (plus small id pools) in memory. */
export function* generateArchive({ size, seed, chunkEntities }: GenerateOptions): Generator<ArchiveChunk> {
  const spec = { ...SIZES[size], ...(chunkEntities === undefined ? {} : { chunkEntities }) };
  const r = new Random(mulberry32(seed));
  const counters = new Map<string, number>();
  const nextId = (kind: string): string => {
    const n = counters.get(kind) ?? 0;
    counters.set(kind, n + 1);
    return `gen-${kind}-${pad(n)}`;
  };
  let produced = 0;

  // ---------------------------------------------------------------- chunk 0: structure
  const b0 = new ChunkBuilder();
  const national: Org = { id: nextId('org'), name: '中国民主协进会', province: -1, short: '民协' };
  b0.openSource(nextId('src'), '中国民主协进会组织概况', '2024');
  b0.entity({
    id: national.id,
    type: 'Organization',
    kind: 'PARTY',
    name: national.name,
    names: [
      { value: '民协', lang: 'zh-Hans', kind: 'ABBREVIATION' },
      { value: 'China Democratic Cooperation Association', lang: 'en', kind: 'PRIMARY' },
    ],
    citations: [b0.say('中国民主协进会(简称民协)是以从事教育文化工作的知识分子为主的参政党。')],
  });
  const nationalOffice: Org = { id: nextId('org'), name: '民协中央机关', province: -1, short: '民协中央' };
  const natCite = b0.say(`${nationalOffice.name}是${national.name}的工作机关。`);
  b0.entity({ id: nationalOffice.id, type: 'Organization', kind: 'OFFICE', name: nationalOffice.name, citations: [natCite] });
  b0.rel('PART_OF', nationalOffice.id, national.id, natCite);
  b0.closeSource();

  const provinces: Province[] = [];
  for (let p = 0; p < spec.provinces; p += 1) {
    const [short, suffix, en, cityNames] = PROVINCES[p % PROVINCES.length]!;
    const round = Math.floor(p / PROVINCES.length);
    const provName = `${short}${suffix}${round > 0 ? round + 1 : ''}`;
    b0.openSource(nextId('src'), `民协${short}组织沿革`, String(r.int(2005, 2024)));
    const placeId = nextId('place');
    b0.entity({
      id: placeId,
      type: 'Place',
      kind: 'PROVINCE',
      name: provName,
      names: [{ value: en, lang: 'en', kind: 'PRIMARY' }],
      citations: [b0.say(`${provName}是民协开展工作的省级行政区之一。`)],
    });
    const unit = suffix === '省' ? '省委' : suffix === '市' ? '市委' : '区委';
    const committee: Org = { id: nextId('org'), name: `民协${short}${unit}`, province: p, short: `${short}${unit}` };
    const cc = b0.say(`${committee.name}是${national.name}在${provName}的地方组织。`);
    b0.entity({
      id: committee.id,
      type: 'Organization',
      kind: 'COMMITTEE',
      name: committee.name,
      names: [{ value: `CDCA ${en} Committee`, lang: 'en', kind: 'PRIMARY' }],
      citations: [cc],
    });
    b0.rel('PART_OF', committee.id, national.id, cc);
    const office: Org = { id: nextId('org'), name: `${committee.name}机关`, province: p, short: `${short}${unit}机关` };
    const oc = b0.say(`${office.name}是${committee.name}的工作机关，设有若干处室。`);
    b0.entity({ id: office.id, type: 'Organization', kind: 'OFFICE', name: office.name, citations: [oc] });
    b0.rel('PART_OF', office.id, committee.id, oc);
    const prov: Province = { index: p, name: provName, committee, office, municipal: [], cities: [], branches: [], nextBranch: new Map() };
    for (const cityName of cityNames.slice(0, spec.citiesPerProvince)) {
      const city: Named = { id: nextId('place'), name: `${cityName}${suffix === '市' ? '区' : '市'}` };
      b0.entity({ id: city.id, type: 'Place', kind: 'CITY', name: city.name, citations: [b0.say(`${city.name}位于${provName}。`)] });
      const muni: Org = { id: nextId('org'), name: `民协${city.name}委`, province: p, short: `${city.name}委` };
      const mc = b0.say(`${muni.name}隶属于${committee.name}。`);
      b0.entity({ id: muni.id, type: 'Organization', kind: 'COMMITTEE', name: muni.name, citations: [mc] });
      b0.rel('PART_OF', muni.id, committee.id, mc);
      prov.cities.push(city);
      prov.municipal.push(muni);
    }
    b0.closeSource();
    provinces.push(prov);
  }
  produced += b0.entities.length;
  yield { index: 0, dataset: b0.dataset() };

  // ---------------------------------------------------------------- chunks 1…: people, events, initiatives
  let previousPeople: Named[] = [];
  const programs: Named[] = [];
  const lastMeeting = new Map<string, Meeting>();
  let index = 1;
  while (produced < spec.entities) {
    const budget = Math.min(spec.chunkEntities, spec.entities - produced);
    const prov = provinces[(index - 1) % provinces.length]!;
    const b = new ChunkBuilder();
    const orgPool = (): Org => {
      const x = r.next();
      if (x < 0.3) return prov.committee;
      if (x < 0.4) return prov.office;
      if (x < 0.85 || prov.branches.length === 0) return r.pick(prov.municipal);
      return r.pick(prov.branches);
    };

    // Branches (支部) of municipal committees.
    const nBranches = Math.max(1, Math.round(budget * 0.03));
    b.openSource(nextId('src'), `${prov.committee.name}基层组织名录(第${index}卷)`, String(r.int(2000, 2024)));
    for (let i = 0; i < nBranches; i += 1) {
      const muni = r.pick(prov.municipal);
      const n = (prov.nextBranch.get(muni.id) ?? 0) + 1;
      prov.nextBranch.set(muni.id, n);
      const branch: Org = { id: nextId('org'), name: `${muni.name}第${n}支部`, province: prov.index, short: `第${n}支部` };
      const c = b.say(`${branch.name}成立于${r.int(1980, 2020)}年，隶属于${muni.name}。`);
      b.entity({ id: branch.id, type: 'Organization', kind: 'COMMITTEE', name: branch.name, citations: [c] });
      b.rel('PART_OF', branch.id, muni.id, c);
      prov.branches.push(branch);
    }
    b.closeSource();

    // People with careers: 1-3 tenures over the decades, as spans or attestations.
    const nPeople = Math.round(budget * 0.44);
    const people: Named[] = [];
    for (let i = 0; i < nPeople; i += 1) {
      if (i % 25 === 0) {
        if (i > 0) b.closeSource();
        b.openSource(nextId('src'), `${prov.committee.name}人物志(第${index}卷第${i / 25 + 1}册)`, String(r.int(2000, 2024)));
      }
      const person: Named = { id: nextId('person'), name: r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.6) ? r.pick(GIVEN) : '') };
      const born = r.int(1925, 1985);
      const hometown = r.pick(prov.cities).name;
      b.entity({
        id: person.id,
        type: 'Person',
        name: person.name,
        citations: [b.say(`${person.name}，${r.pick(GENDERS)}，${born}年生，${hometown}人，民协会员。`)],
      });
      people.push(person);
      let year = Math.max(1978, born + r.int(28, 40));
      let month = r.int(1, 12);
      const tenures = r.int(1, 3);
      const seen = new Map<string, number>();
      for (let t = 0; t < tenures && year <= 2024; t += 1) {
        const org = r.chance(0.03) ? national : orgPool();
        const [title, titleEn, altTitle] = TITLES[Math.min(3, Math.max(0, 3 - t - r.int(0, 1)))]!;
        const n = (seen.get(org.id) ?? 0) + 1;
        seen.set(org.id, n);
        const relId = `${person.id}--held-position--${org.id}${n > 1 ? `--${n}` : ''}`;
        const length = r.int(2, 10);
        const endYear = year + length;
        const endMonth = r.int(1, 12);
        let cite;
        let when: Partial<Relationship>;
        if (r.chance(0.2)) {
          const at = point(Math.min(2025, year + r.int(0, length - 1)), r.chance(0.5) ? r.int(1, 12) : undefined);
          cite = b.say(`${at.zh}，${person.name}时任${org.name}${title}。`);
          when = { attestedAt: at.edtf };
        } else if (endYear > 2025) {
          const a = point(year, month);
          cite = b.say(`${person.name}自${a.zh}起任${org.name}${title}。`);
          when = { period: `${a.edtf}/..` };
        } else if (r.chance(0.3)) {
          cite = b.say(`${year}年至${endYear}年，${person.name}任${org.name}${title}。`);
          when = { period: `${year}/${endYear}` };
        } else {
          const a = point(year, month);
          const z = point(endYear, endMonth);
          cite = b.say(`${a.zh}至${z.zh}，${person.name}任${org.name}${title}。`);
          when = { period: `${a.edtf}/${z.edtf}` };
        }
        b.rel('HELD_POSITION', person.id, org.id, cite, { id: relId, title, titleEn, ...when });
        if (r.chance(0.01)) {
          b.claims.push({
            id: nextId('claim'),
            about: relId,
            property: 'title',
            value: altTitle,
            citations: [b.say(`另有资料记载${person.name}在${org.name}的职务为${altTitle}。`)],
          });
        }
        year = endYear;
        month = endMonth;
      }
    }
    b.closeSource();

    // Events: meetings in series (FOLLOWED), campaigns, decisions…, with participants and findings.
    // Enough event years to fill the chunk's budget; the loop stops once the budget is reached.
    const nEvents = Math.round(budget * 0.5) + 1;
    const years = Array.from({ length: nEvents }, () => r.int(1980, 2024)).sort((x, y) => x - y);
    const participantsPool = previousPeople.length > 0 ? previousPeople : people;
    let entityCount = b.entities.length;
    for (let i = 0; i < nEvents && entityCount < budget; i += 1) {
      if (i % 6 === 0) {
        if (i > 0) b.closeSource();
        b.openSource(
          nextId('src'),
          `${prov.committee.name}工作纪事(${years[i]}年，第${index}卷)`,
          String(Math.min(2025, years[i]! + r.int(0, 2))),
        );
      }
      const year = years[i]!;
      const x = r.next();
      const kind =
        x < 0.55
          ? 'MEETING'
          : x < 0.7
            ? 'CAMPAIGN'
            : x < 0.78
              ? 'TERM_CHANGE'
              : x < 0.86
                ? 'DECISION'
                : x < 0.92
                  ? 'APPOINTMENT'
                  : x < 0.96
                    ? 'REGULATION'
                    : 'MILESTONE';
      const date = eventDate(r, year, kind === 'CAMPAIGN');
      const org = orgPool();
      const city =
        org.id === prov.committee.id || org.id === prov.office.id
          ? r.pick(prov.cities)
          : (prov.cities[prov.municipal.findIndex((m) => org.name.startsWith(m.name))] ?? r.pick(prov.cities));
      const topic = r.pick(TOPICS);
      let series: Meeting | undefined;
      let name: string;
      if (kind === 'MEETING') {
        const prev = lastMeeting.get(org.id);
        const seq = (prev?.seq ?? 0) + 1;
        name = r.chance(0.5) ? `${org.name}第${seq}次全体会议` : `${org.name}${year}年${topic}座谈会`;
        series = { id: '', name, zh: date.zh, year, seq };
      } else if (kind === 'CAMPAIGN') name = `${org.name}${topic}年活动`;
      else if (kind === 'TERM_CHANGE') name = `${org.name}换届大会(${year}年)`;
      else if (kind === 'DECISION') name = `${org.name}关于加强${topic}的决定`;
      else if (kind === 'APPOINTMENT') name = `${org.name}${year}年干部任命`;
      else if (kind === 'REGULATION') name = `${org.name}${topic}工作规定`;
      else name = `${org.name}${topic}里程碑(${year}年)`;
      const eventId = nextId('event');
      const verb =
        kind === 'MEETING' || kind === 'TERM_CHANGE' ? '召开' : kind === 'CAMPAIGN' ? '开展' : kind === 'REGULATION' ? '印发' : '作出';
      const main = b.say(`${date.zh}，${org.name}在${city.name}${verb}${name}。`);
      const quantities = kind === 'MEETING' && r.chance(0.3) ? [{ value: r.int(15, 300), what: '出席人数', whatEn: 'attendees' }] : [];
      b.entity({ id: eventId, type: 'Event', kind, name, date: date.edtf, quantities, citations: [main] });
      entityCount += 1;
      b.rel('ORGANIZED', org.id, eventId, main);
      b.rel('TOOK_PLACE_IN', eventId, city.id, main);
      // Participants: people of this chunk, some of the previous chunk, sometimes an organization.
      const chosen = new Set<string>();
      const nPart = r.int(3, 7);
      for (let k = 0; k < nPart; k += 1) {
        const person = r.chance(0.15) ? r.pick(participantsPool) : r.pick(people);
        if (chosen.has(person.id)) continue;
        chosen.add(person.id);
        const [role, roleEn] = r.pick(ROLES);
        b.rel('PARTICIPATED_IN', person.id, eventId, b.say(`${person.name}${role}。`), { role, roleEn });
      }
      if (r.chance(0.3)) {
        const other = r.pick(prov.municipal);
        if (other.id !== org.id)
          b.rel('PARTICIPATED_IN', other.id, eventId, b.say(`${other.name}派代表参加。`), { role: '派代表参加', roleEn: 'sent delegates' });
      }
      if (series) {
        const prev = lastMeeting.get(org.id);
        series.id = eventId;
        if (prev && prev.year < year) b.rel('FOLLOWED', eventId, prev.id, b.say(`此次会议是继${prev.zh}${prev.name}之后的又一次会议。`));
        lastMeeting.set(org.id, series);
      }
      // Initiatives: launched with components, advanced and reviewed later.
      if ((kind === 'MEETING' || kind === 'CAMPAIGN' || kind === 'DECISION') && r.chance(0.12)) {
        const program: Named = { id: nextId('initiative'), name: `${prov.committee.short}${topic}${r.pick(PROGRAM_SUFFIX)}(${year})` };
        const lc = b.say(`会议决定启动“${program.name}”。`);
        b.entity({ id: program.id, type: 'Initiative', kind: 'PROGRAM', name: program.name, citations: [lc] });
        b.rel('LAUNCHED', eventId, program.id, lc);
        if (r.chance(0.5)) b.rel('LAUNCHED', org.id, program.id, b.say(`“${program.name}”由${org.name}负责组织实施。`));
        const nComp = r.int(1, 4);
        for (let k = 0; k < nComp; k += 1) {
          const comp: Named = { id: nextId('initiative'), name: `${program.name}之${r.pick(COMPONENT_SUFFIX)}${k + 1}` };
          const cc = b.say(`“${comp.name}”是“${program.name}”的组成部分。`);
          b.entity({ id: comp.id, type: 'Initiative', kind: 'COMPONENT', name: comp.name, citations: [cc] });
          b.rel('COMPONENT_OF', comp.id, program.id, cc);
        }
        if (r.chance(0.3)) {
          const goal: Named = { id: nextId('initiative'), name: `${program.name}总体目标` };
          const gc = b.say(`“${program.name}”的目标是把${topic}提高到新水平。`);
          b.entity({ id: goal.id, type: 'Initiative', kind: 'GOAL', name: goal.name, citations: [gc] });
          b.rel('COMPONENT_OF', goal.id, program.id, gc);
          entityCount += 1;
        }
        entityCount += 1 + nComp;
        programs.push(program);
        if (programs.length > 500) programs.shift();
      } else if (programs.length > 0 && r.chance(0.25)) {
        const program = r.pick(programs);
        if (r.chance(0.7)) b.rel('ADVANCED', eventId, program.id, b.say(`会议推进了“${program.name}”的实施。`));
        else b.rel('REVIEWED', eventId, program.id, b.say(`会议回顾了“${program.name}”的进展情况。`));
      }
      // Findings of meetings and campaigns.
      if ((kind === 'MEETING' || kind === 'CAMPAIGN') && r.chance(0.25)) {
        const nF = r.int(1, 3);
        for (let k = 0; k < nF; k += 1) {
          const fk = r.pick(['ACHIEVEMENT', 'SHORTCOMING', 'CONCLUSION'] as const);
          const text = r.pick(fk === 'ACHIEVEMENT' ? ACHIEVEMENTS : fk === 'SHORTCOMING' ? SHORTCOMINGS : CONCLUSIONS);
          b.findings.push({
            id: nextId('finding'),
            event: eventId,
            kind: fk,
            order: k + 1,
            text,
            citations: [b.say(`会议认为，${text}。`)],
          });
        }
      }
      // A competing date from another account, now and then: vaguer than the event's own date (a
      // span of five years around it), so the claim rules keep the curated date preferred, as an
      // import requires (a claim preferred over its fact is refused when the change is recorded).
      if (r.chance(0.02)) {
        r.int(1, 12); // drawn as before, so the rest of the archive stays the same
        const alt = { edtf: `${year - 2}/${year + 2}`, zh: `${year - 2}年至${year + 2}年间` };
        b.claims.push({
          id: nextId('claim'),
          about: eventId,
          property: 'date',
          value: alt.edtf,
          citations: [b.say(`另有记载称，${name}于${alt.zh}举行。`)],
        });
      }
    }
    b.closeSource();
    produced += b.entities.length;
    previousPeople = people;
    yield { index, dataset: b.dataset() };
    index += 1;
  }
}

/** The same archive under its familiar name: chunks of datasets. */
export const generateChunks = generateArchive;
