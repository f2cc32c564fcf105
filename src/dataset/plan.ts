import { createHash } from 'node:crypto';
import { precisionRank, type ParsedDate } from '../domain/dates.js';
import { hasHan, personPinyin, pinyinSearchText, toneless } from '../domain/pinyin.js';
import { TYPE_OF_LABEL, type EntityLabel, type RelationshipType } from '../domain/vocabulary.js';
import type { LocatedCitation, ValidDataset, ValidEntity, ValidRelationship } from './validate.js';

export type Props = Record<string, string | number | boolean | string[] | number[] | null>;

export interface NodeRow {
  id: string;
  props: Props;
}
export interface RelationshipRow {
  id: string;
  from: string;
  to: string;
  props: Props;
}
export interface CitationRow {
  id: string;
  sourceId: string;
  props: Props;
}

/** Everything an import writes, grouped so each group is one UNWIND statement. */
export interface ImportPlan {
  nodes: Map<EntityLabel, NodeRow[]>;
  relationships: Map<RelationshipType, RelationshipRow[]>;
  findings: { id: string; event: string; props: Props }[];
  claims: NodeRow[];
  citations: CitationRow[];
  mentions: { sourceId: string; entityId: string }[];
}

interface NameInput {
  value: string;
  lang: string;
  kind: string;
}

/** Names as parallel lists (Neo4j has no maps in properties), with pinyin generated when none is given. */
export function nameProps(primary: string, label: EntityLabel, names: NameInput[]): Props {
  const all: NameInput[] = [{ value: primary, lang: hasHan(primary) ? 'zh-Hans' : 'en', kind: 'PRIMARY' }, ...names];
  if (!all.some((n) => n.lang === 'pinyin') && hasHan(primary)) {
    all.push({ value: label === 'Person' ? personPinyin(primary) : toneless(primary).join(' '), lang: 'pinyin', kind: 'PRIMARY' });
  }
  const unique = all.filter((n, i) => all.findIndex((m) => m.value === n.value && m.lang === n.lang) === i);
  const hanNames = unique.filter((n) => hasHan(n.value)).map((n) => n.value);
  const pinyinNames = unique.filter((n) => n.lang === 'pinyin').map((n) => n.value.toLowerCase());
  return {
    name: primary,
    nameValues: unique.map((n) => n.value),
    nameLangs: unique.map((n) => n.lang),
    nameKinds: unique.map((n) => n.kind),
    aliasText: unique
      .filter((n) => n.value !== primary && n.lang !== 'pinyin')
      .map((n) => n.value)
      .join(' | '),
    pinyinText: [...hanNames.map(pinyinSearchText), ...pinyinNames].join(' '),
  };
}

/** Date properties: the EDTF text plus derived bounds, under a prefix. */
export function dateProps(d: ParsedDate | null, prefix = ''): Props {
  const key = (k: string): string => (prefix === '' ? k : `${prefix}${k[0]?.toUpperCase() ?? ''}${k.slice(1)}`);
  if (d === null) return {};
  return {
    [key('edtf')]: d.edtf,
    [key('earliest')]: d.earliest,
    [key('latest')]: d.latest,
    [key('precision')]: d.precision,
  };
}

/** The timeline's sort key: earliest, then coarser precision first, then id; ISO dates sort as text. */
export function timelineKey(d: ParsedDate, id: string): string {
  return `${d.earliest ?? '0000-00-00'}|${precisionRank(d.precision)}|${id}`;
}

/** Span classes reach 2^22 days (about 11,000 years), beyond any EDTF year this API accepts. */
export const MAX_SPAN_CLASS = 22;

/**
 * Where the timeline finds an event that began before a window: its span class k (both bounds
 * known, latest - earliest <= 2^k days), so only events starting within 2^k days of the window
 * need a look; an event with an open, unknown or missing bound is `openBounds` instead.
 */
export function timelineBucket(d: ParsedDate | null): { spanClass: number | null; openBounds: boolean | null } {
  if (d === null || d.earliest === null || d.latest === null) return { spanClass: null, openBounds: true };
  const days = (Date.parse(`${d.latest}T00:00:00Z`) - Date.parse(`${d.earliest}T00:00:00Z`)) / 86_400_000;
  if (!Number.isFinite(days)) return { spanClass: MAX_SPAN_CLASS, openBounds: null };
  let k = 0;
  while (2 ** k < days && k < MAX_SPAN_CLASS) k += 1;
  return { spanClass: k, openBounds: null };
}

function entityProps(e: ValidEntity): Props {
  const props: Props = {
    id: e.id,
    type: TYPE_OF_LABEL[e.type],
    ...nameProps(e.name, e.type, e.names),
    descriptionZh: e.descriptionZh ?? null,
    descriptionEn: e.descriptionEn ?? null,
    kind: e.kind ?? null,
    ...(e.type === 'Event' ? timelineBucket(e.date) : {}),
  };
  if (e.date !== null) {
    Object.assign(props, dateProps(e.date), {
      precisionRank: precisionRank(e.date.precision),
      approximate: e.date.approximate,
      uncertain: e.date.uncertain,
      timelineKey: timelineKey(e.date, e.id),
      quantityValues: e.quantities.map((q) => q.value),
      quantityWhat: e.quantities.map((q) => q.what),
      quantityWhatEn: e.quantities.map((q) => q.whatEn ?? ''),
    });
  }
  return props;
}

function relationshipProps(r: ValidRelationship): Props {
  // earliest/latest: the span if known, else the attestation, so positions(at:) can use one index.
  const effective = r.period ?? r.attestedAt;
  return {
    id: r.id,
    title: r.title ?? null,
    titleEn: r.titleEn ?? null,
    role: r.role ?? null,
    roleEn: r.roleEn ?? null,
    periodEdtf: r.period?.edtf ?? null,
    attestedEdtf: r.attestedAt?.edtf ?? null,
    earliest: effective?.earliest ?? null,
    latest: effective?.latest ?? null,
  };
}

/** A citation's id: stable across imports and moves, so MERGE finds it again and duplicates collapse. */
export function citationId(about: string, sourceId: string, quote: string): string {
  return createHash('sha256').update(`${about}\u0000${sourceId}\u0000${quote}`).digest('hex').slice(0, 24);
}

function citationRows(about: string, list: LocatedCitation[]): CitationRow[] {
  return list.map((c) => {
    const id = citationId(about, c.sourceId, c.quote);
    return { id, sourceId: c.sourceId, props: { id, about, quote: c.quote, start: c.start, end: c.end, line: c.line } };
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Turns a validated dataset into rows; pure, so the import's Cypher is fully determined by it. */
export function planImport(ds: ValidDataset): ImportPlan {
  const plan: ImportPlan = { nodes: new Map(), relationships: new Map(), findings: [], claims: [], citations: [], mentions: [] };
  const mentioned = new Set<string>();
  const mention = (sourceId: string, entityId: string): void => {
    const key = `${sourceId}\u0000${entityId}`;
    if (!mentioned.has(key)) plan.mentions.push({ sourceId, entityId });
    mentioned.add(key);
  };

  for (const s of ds.sources) {
    push(plan.nodes, 'Source', {
      id: s.id,
      props: {
        id: s.id,
        type: 'SOURCE',
        ...nameProps(s.title, 'Source', s.titleEn === undefined ? [] : [{ value: s.titleEn, lang: 'en', kind: 'PRIMARY' }]),
        title: s.title,
        titleEn: s.titleEn ?? null,
        publisher: s.publisher ?? null,
        language: s.language ?? null,
        descriptionZh: s.descriptionZh ?? null,
        descriptionEn: s.descriptionEn ?? null,
        publishedEdtf: s.published ?? null,
        text: s.text,
      },
    });
  }
  for (const e of ds.entities) {
    push(plan.nodes, e.type, { id: e.id, props: entityProps(e) });
    plan.citations.push(...citationRows(e.id, e.citations));
    e.citations.forEach((c) => mention(c.sourceId, e.id));
  }
  for (const r of ds.relationships) {
    push(plan.relationships, r.type, { id: r.id, from: r.from, to: r.to, props: relationshipProps(r) });
    plan.citations.push(...citationRows(r.id, r.citations));
  }
  for (const f of ds.findings) {
    plan.findings.push({
      id: f.id,
      event: f.event,
      props: { id: f.id, event: f.event, kind: f.kind, order: f.order, text: f.text, textEn: f.textEn ?? null },
    });
    plan.citations.push(...citationRows(f.id, f.citations));
  }
  for (const c of ds.claims) {
    plan.claims.push({ id: c.id, props: { id: c.id, about: c.about, property: c.property, value: c.value } });
    plan.citations.push(...citationRows(c.id, c.citations));
  }
  return plan;
}
