// The reconciliation service's pure parts: the query batch as the spec defines it (its own valid
// and invalid examples), how a query becomes a match query, the manifest and suggest answers
// against the spec's schemas, evidence scoring, the prefix search text and the preview's escaping.
import { describe, expect, it } from 'vitest';
import { evidenceBounds, withEvidence, MATCH_THRESHOLD, type MatchCandidate } from '../../src/domain/match.js';
import {
  parseQueryBatch,
  reconcileManifest,
  RECONCILE_BATCH_MAX,
  RECONCILE_LIMIT_MAX,
  RECONCILE_PROPERTIES,
  suggestProperties,
  suggestTypes,
  toMatchQuery,
} from '../../src/domain/reconcile.js';
import { toLuceneQuery } from '../../src/domain/search.js';
import { AnnalsError } from '../../src/errors.js';
import type { EntityRecord } from '../../src/model/records.js';
import { PREVIEW_CSP, previewHtml } from '../../src/server/reconcile-route.js';
import { specExamples, specValidators } from '../helpers/reconcile-spec.js';

const validate = specValidators();

/** The coded refusal a call throws. */
function refusal(fn: () => unknown): { code: unknown; status: unknown; field: unknown; message: string } {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AnnalsError)) throw e;
    const http = e.extensions['http'] as { status?: number } | undefined;
    return { code: e.code, status: http?.status ?? 400, field: e.extensions['field'], message: e.message };
  }
  throw new Error('expected a refusal');
}

describe('query batches', () => {
  it("accept every valid example of the spec, and the spec's schema agrees", () => {
    const valid = specExamples('reconciliation-query-batch', 'valid');
    expect(valid.length).toBeGreaterThanOrEqual(4);
    for (const { file, value } of valid) {
      expect(validate('reconciliation-query-batch', value), file).toEqual([]);
      expect(parseQueryBatch(JSON.stringify(value)).length, file).toBe(Object.keys(value as object).length);
    }
  });

  it("refuse every invalid example of the spec as BAD_USER_INPUT naming where, as the spec's schema does", () => {
    const invalid = specExamples('reconciliation-query-batch', 'invalid');
    expect(invalid.length).toBeGreaterThanOrEqual(3);
    for (const { file, value } of invalid) {
      expect(validate('reconciliation-query-batch', value), file).not.toEqual([]);
      const r = refusal(() => parseQueryBatch(JSON.stringify(value)));
      expect(r.code, file).toBe('BAD_USER_INPUT');
      expect(r.status, file).toBe(400);
      expect(String(r.field), file).toMatch(/^queries\./);
    }
  });

  it('refuse what is not a batch, too many queries (413), and over-long strings', () => {
    expect(refusal(() => parseQueryBatch('{"q0": '))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'queries',
      message: /not valid JSON/,
    });
    expect(refusal(() => parseQueryBatch('[{"query": "x"}]')).message).toMatch(/JSON object/);
    expect(refusal(() => parseQueryBatch('"x"')).code).toBe('BAD_USER_INPUT');
    const many = Object.fromEntries(Array.from({ length: RECONCILE_BATCH_MAX + 1 }, (_, n) => [`q${n}`, { query: 'x' }]));
    expect(refusal(() => parseQueryBatch(JSON.stringify(many)))).toMatchObject({ code: 'BAD_USER_INPUT', status: 413 });
    const exactly = Object.fromEntries(Array.from({ length: RECONCILE_BATCH_MAX }, (_, n) => [`q${n}`, { query: 'x' }]));
    expect(parseQueryBatch(JSON.stringify(exactly))).toHaveLength(RECONCILE_BATCH_MAX);
    expect(refusal(() => parseQueryBatch(JSON.stringify({ q: { query: 'x'.repeat(201) } }))).field).toBe('queries."q".query');
    expect(refusal(() => parseQueryBatch(JSON.stringify({ q: { query: 'x', limit: 0 } }))).field).toBe('queries."q".limit');
    expect(refusal(() => parseQueryBatch(JSON.stringify({ q: { query: 'x', limit: 2.5 } }))).code).toBe('BAD_USER_INPUT');
    expect(refusal(() => parseQueryBatch(JSON.stringify({ q: { query: 'x', type_strict: 'some' } }))).code).toBe('BAD_USER_INPUT');
    const manyValues = { q: { query: 'x', properties: [{ pid: 'date', v: Array.from({ length: 11 }, () => '2003') }] } };
    expect(refusal(() => parseQueryBatch(JSON.stringify(manyValues))).code).toBe('BAD_USER_INPUT');
    // 10 properties of 10 values each is a full query; 11 of them are over the batch's 1,000 values.
    const full = {
      query: 'x',
      properties: Array.from({ length: 10 }, () => ({ pid: 'date', v: Array.from({ length: 10 }, () => '2003') })),
    };
    expect(parseQueryBatch(JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, n) => [`q${n}`, full]))))).toHaveLength(10);
    const over = Object.fromEntries(Array.from({ length: 11 }, (_, n) => [`q${n}`, full]));
    expect(refusal(() => parseQueryBatch(JSON.stringify(over)))).toMatchObject({ code: 'BAD_USER_INPUT', status: 413 });
  });

  it('keep any key as a key, __proto__ included', () => {
    const batch = parseQueryBatch('{"__proto__": {"query": "罗富和"}, "constructor": {"query": "胡献"}}');
    expect(batch.map(([k]) => k)).toEqual(['__proto__', 'constructor']);
  });
});

describe('a reconciliation query as a match query', () => {
  it('matches the query string as a name and, when it could be one, as an id', () => {
    expect(toMatchQuery('q0', { query: ' 罗富和 ' })).toEqual({
      match: { key: 'q0', name: '罗富和', id: '罗富和', identifiers: [], types: null, evidence: [] },
      limit: 5,
    });
    expect(toMatchQuery('q0', { query: 'luo fuhe' }).match).toMatchObject({ name: 'luo fuhe', id: null });
  });

  it('restricts to known types (label or enum, any case); only unknown types find nothing', () => {
    expect(toMatchQuery('q', { query: 'x', type: 'Person' }).match?.types).toEqual(['Person']);
    expect(toMatchQuery('q', { query: 'x', type: ['ORGANIZATION', 'event', 'DifferentiatedPerson'] }).match?.types).toEqual([
      'Organization',
      'Event',
    ]);
    expect(toMatchQuery('q', { query: 'x', type: 'DifferentiatedPerson' }).match).toBeNull();
  });

  it('turns properties into evidence and identifiers, ignores unknown ones, and caps the limit', () => {
    const { match, limit } = toMatchQuery('q', {
      query: '胡献',
      limit: 1000,
      properties: [
        { pid: 'organization', v: ['民进广东省委', { id: 'org-capd', name: '中国民主促进会' }] },
        { pid: 'date', v: '2003-07-01T00:00:00Z' },
        { pid: 'Date', v: 2003 },
        { pid: 'wikidata', v: 'q42' },
        { pid: 'professionOrOccupation', v: 'Politik*' },
        { pid: 'place', v: true },
      ],
    });
    expect(limit).toBe(RECONCILE_LIMIT_MAX);
    expect(match?.identifiers).toEqual([{ scheme: 'WIKIDATA', value: 'q42' }]);
    expect(match?.evidence).toEqual([
      { kind: 'linked', name: 'organization', label: 'Organization', values: ['民进广东省委', 'org-capd', '中国民主促进会'] },
      { kind: 'date', name: 'date', values: ['2003-07-01'] },
      { kind: 'date', name: 'date', values: ['2003'] },
    ]);
  });

  it('needs a name or an identifier: properties alone that are only evidence find nothing', () => {
    expect(toMatchQuery('q', { properties: [{ pid: 'uid', v: '27eb892afbb2' }] }).match).toBeNull();
    expect(toMatchQuery('q', { properties: [{ pid: 'organization', v: '民进广东省委' }] }).match).toBeNull();
    expect(toMatchQuery('q', { properties: [{ pid: 'VIAF', v: 113230702 }] }).match).toMatchObject({
      name: null,
      identifiers: [{ scheme: 'VIAF', value: '113230702' }],
    });
  });
});

describe('evidence', () => {
  const candidate = (score: number): MatchCandidate => ({
    entity: { id: 'x', type: 'PERSON', name: 'x', nameValues: [], nameLangs: [], nameKinds: [] },
    score,
    by: 'name',
    match: false,
  });

  it('adds 5 per piece satisfied, lifts a name at most to 99, leaves ids at 100 and similar names below a match', () => {
    expect(withEvidence(candidate(90), ['organization'])).toMatchObject({ score: 95, evidence: ['organization'] });
    expect(withEvidence(candidate(90), ['organization', 'date', 'person']).score).toBe(99);
    expect(withEvidence(candidate(100), ['organization']).score).toBe(100);
    expect(withEvidence(candidate(45), ['organization', 'date', 'person', 'place']).score).toBeLessThan(MATCH_THRESHOLD);
    expect(withEvidence(candidate(70), []).score).toBe(70);
  });

  it('reads dates as EDTF bounds, open ends as far as they go, and ignores what is not a date', () => {
    expect(evidenceBounds('2003')).toEqual({ from: '2003-01-01', to: '2003-12-31' });
    expect(evidenceBounds('2002-07')).toEqual({ from: '2002-07-01', to: '2002-07-31' });
    expect(evidenceBounds('2002-06/..')).toEqual({ from: '2002-06-01', to: '9999-12-31' });
    expect(evidenceBounds('c. 1990')).toBeNull();
  });
});

describe('manifest and suggest answers', () => {
  it('the manifest follows the spec, with or without authentication', () => {
    const open = reconcileManifest('http://127.0.0.1:4000');
    expect(validate('manifest', open)).toEqual([]);
    expect(open.view.url).toBe('http://127.0.0.1:4000/?entity={{id}}');
    expect(open.defaultTypes.map((t) => t.id)).toEqual(['Person', 'Organization', 'Event', 'Initiative', 'Place', 'Source']);
    expect(open).not.toHaveProperty('authentication');
    const closed = reconcileManifest('https://annals.example', { privateReads: true });
    expect(validate('manifest', closed)).toEqual([]);
    expect(closed.authentication).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
  });

  it('types and properties are suggested by prefix, in the shapes of the spec', () => {
    const people = suggestTypes({ prefix: 'pe' });
    expect(validate('suggest-types-response', people)).toEqual([]);
    expect(people.result.map((t) => t.id)).toEqual(['Person']);
    expect(suggestTypes({ prefix: '组织' }).result.map((t) => t.id)).toEqual(['Organization']);
    expect(suggestTypes({ prefix: '' }).result).toHaveLength(6);
    const all = suggestProperties({ prefix: '' });
    expect(validate('suggest-properties-response', all)).toEqual([]);
    expect(all.result.map((p) => p.id)).toEqual(RECONCILE_PROPERTIES.map((p) => p.id));
    expect(suggestProperties({ prefix: 'wiki' }).result.map((p) => p.id)).toEqual(['WIKIDATA']);
    expect(suggestProperties({ prefix: 'org', cursor: '1' }).result).toEqual([]);
    expect(refusal(() => suggestTypes({ prefix: null })).field).toBe('prefix');
    expect(refusal(() => suggestTypes({ prefix: 'p', cursor: '-1' })).field).toBe('cursor');
  });
});

describe('prefix search text', () => {
  it('adds a prefix term for a last Latin word of two or more characters, and nothing else', () => {
    expect(toLuceneQuery('luo fu', { prefix: true })).toBe('luo fu luofu fu* luofu*');
    expect(toLuceneQuery('hu', { prefix: true })).toBe('hu hu*');
    expect(toLuceneQuery('h', { prefix: true })).toBe('h');
    expect(toLuceneQuery('罗富', { prefix: true })).toBe('罗富');
    expect(toLuceneQuery('luo* OR "x"', { prefix: true })).toBe('luo or x luoorx');
    expect(toLuceneQuery('luo fu')).toBe('luo fu luofu');
  });
});

describe('the preview card', () => {
  const entity: EntityRecord = {
    id: 'person-<x>',
    type: 'PERSON',
    name: '<script>alert(1)</script>',
    nameValues: ['<script>alert(1)</script>', 'Luo "Fuhe"'],
    nameLangs: ['zh-Hans', 'en'],
    nameKinds: ['PRIMARY', 'PRIMARY'],
    descriptionZh: '主委 & <b>',
    identifierSchemes: ['WIKIDATA'],
    identifierValues: ['Q42'],
  };

  it('escapes every text, links the explorer and the identifiers, and allows no script', () => {
    const html = previewHtml(
      entity,
      [{ id: 'c', about: entity.id, sourceId: 's', quote: '"引文" <i>', start: 0, end: 4, line: 3, sourceTitle: 'T&T' }],
      'http://127.0.0.1:4000',
    );
    expect(html).not.toMatch(/<script|<b>|<i>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Luo &quot;Fuhe&quot;');
    expect(html).toContain('主委 &amp; &lt;b&gt;');
    expect(html).toContain('href="http://127.0.0.1:4000/?entity=person-%3Cx%3E"');
    expect(html).toContain('href="http://www.wikidata.org/entity/Q42"');
    expect(html).toContain('T&amp;T · 第 3 行');
    expect(PREVIEW_CSP).toMatch(/default-src 'none'/);
    expect(PREVIEW_CSP).not.toMatch(/script-src|unsafe/);
  });
});
