// The bench generator without a database: deterministic, valid chunk by chunk (with earlier chunks
// as GraphFacts), of the expected size, within the closed vocabulary, with parseable dates.
import { describe, expect, it } from 'vitest';
import { generateArchive, KnownLabels, type ArchiveChunk } from '../../bench/generate.js';
import { validateDataset } from '../../src/dataset/validate.js';
import { parseDate } from '../../src/model/dates.js';
import { RELATIONSHIP_TYPES, type ClaimProperty } from '../../src/model/vocabulary.js';
import { resolveClaims, type TimeBounds } from '../../src/domain/claims.js';

const xs = (seed: number): ArchiveChunk[] => [...generateArchive({ size: 'XS', seed })];

describe('generateArchive XS', () => {
  const chunks = xs(42);

  it('is deterministic: same seed, same JSON; another seed, another archive', () => {
    expect(JSON.stringify(xs(42))).toBe(JSON.stringify(chunks));
    expect(JSON.stringify(xs(43))).not.toBe(JSON.stringify(chunks));
  });

  it('validates chunk by chunk, linking to entities of earlier chunks', () => {
    const known = new KnownLabels();
    let crossChunk = 0;
    for (const { index, dataset } of chunks) {
      const own = new Set((dataset.entities ?? []).map((e) => e.id));
      crossChunk += (dataset.relationships ?? []).filter((r) => !own.has(r.from) || !own.has(r.to)).length;
      const { dataset: valid, issues } = validateDataset(
        [{ file: `chunk-${index}`, baseDir: null, data: dataset, lineOf: () => undefined }],
        known,
      );
      expect(issues).toEqual([]);
      expect(valid).toBeDefined();
      known.add(dataset);
    }
    expect(chunks.length).toBeGreaterThan(2);
    expect(crossChunk).toBeGreaterThan(0);
  });

  it('has the expected size and mix', () => {
    const entities = chunks.flatMap((c) => c.dataset.entities ?? []);
    const relationships = chunks.flatMap((c) => c.dataset.relationships ?? []);
    expect(entities.length).toBeGreaterThanOrEqual(480);
    expect(entities.length).toBeLessThanOrEqual(520);
    expect(relationships.length).toBeGreaterThan(entities.length * 3);
    expect(relationships.length).toBeLessThan(entities.length * 6);
    for (const c of chunks) expect(c.dataset.entities?.length ?? 0).toBeLessThanOrEqual(5000);
    const labels = new Set(entities.map((e) => e.type));
    expect([...labels].sort()).toEqual(['Event', 'Initiative', 'Organization', 'Person', 'Place']);
    const types = new Set(relationships.map((r) => r.type));
    for (const t of ['HELD_POSITION', 'PART_OF', 'PARTICIPATED_IN', 'ORGANIZED', 'TOOK_PLACE_IN', 'LAUNCHED', 'COMPONENT_OF'])
      expect(types).toContain(t);
    expect(new Set(entities.map((e) => e.id)).size).toBe(entities.length);
    expect(entities.every((e) => /^gen-[a-z]+-\d{6}$/.test(e.id))).toBe(true);
  });

  it('uses only vocabulary relationship types, and every date parses', () => {
    const vocabulary: readonly string[] = RELATIONSHIP_TYPES;
    const dates: string[] = [];
    for (const { dataset } of chunks) {
      for (const r of dataset.relationships ?? []) {
        expect(vocabulary).toContain(r.type);
        if (r.period !== undefined) dates.push(r.period);
        if (r.attestedAt !== undefined) dates.push(r.attestedAt);
      }
      for (const e of dataset.entities ?? []) if (e.date !== undefined) dates.push(e.date);
      for (const c of dataset.claims ?? []) if (c.property === 'date') dates.push(c.value);
    }
    expect(dates.length).toBeGreaterThan(100);
    for (const d of dates) expect(() => parseDate(d)).not.toThrow();
    const precisions = new Set(dates.map((d) => parseDate(d).precision));
    expect([...precisions].sort()).toEqual(['DAY', 'MONTH', 'YEAR']);
    expect(dates.some((d) => d.includes('/'))).toBe(true);
    expect(dates.some((d) => d.includes('~'))).toBe(true);
  });

  it('quotes every cited sentence verbatim from its own chunk', () => {
    for (const { dataset } of chunks) {
      const texts = new Map((dataset.sources ?? []).map((s) => [s.id, s.text ?? '']));
      const all = [...(dataset.entities ?? []), ...(dataset.relationships ?? []), ...(dataset.findings ?? []), ...(dataset.claims ?? [])];
      for (const item of all) for (const c of item.citations) expect(texts.get(c.source)).toContain(c.quote);
    }
  });
});

describe('generated claims', () => {
  it('never win over the fact they dispute (an import refuses a fact its claims do not prefer)', () => {
    // S: enough for dozens of claims of each property.
    const chunks = [...generateArchive({ size: 'S', seed: 1 })].map((c) => c.dataset);
    const dataset = {
      sources: chunks.flatMap((d) => d.sources ?? []),
      entities: chunks.flatMap((d) => d.entities ?? []),
      relationships: chunks.flatMap((d) => d.relationships ?? []),
      claims: chunks.flatMap((d) => d.claims ?? []),
    };
    const published = new Map((dataset.sources ?? []).map((s) => [s.id, s.published ?? null]));
    const facts = new Map<string, { value: string; sourceIds: string[]; time: TimeBounds | null }>();
    for (const e of dataset.entities ?? [])
      if (e.date !== undefined) facts.set(e.id, { value: e.date, sourceIds: e.citations.map((c) => c.source), time: null });
    for (const rel of dataset.relationships ?? []) {
      if (rel.title === undefined || rel.id === undefined) continue;
      const when = rel.period ?? rel.attestedAt;
      facts.set(rel.id, {
        value: rel.title,
        sourceIds: rel.citations.map((c) => c.source),
        time: when === undefined ? null : { earliest: parseDate(when).earliest, latest: parseDate(when).latest },
      });
    }
    const claims = dataset.claims ?? [];
    expect(claims.filter((c) => c.property === 'date').length).toBeGreaterThan(10);
    expect(claims.filter((c) => c.property === 'title').length).toBeGreaterThan(10);
    for (const claim of claims) {
      const fact = facts.get(claim.about)!;
      const set = resolveClaims({
        about: claim.about,
        property: claim.property as ClaimProperty,
        curated: { value: fact.value, sourceIds: [...new Set(fact.sourceIds)] },
        others: [{ id: claim.id, value: claim.value, sourceIds: claim.citations.map((c) => c.source) }],
        published,
        factTime: claim.property === 'title' ? fact.time : null,
      });
      expect(set.preferred.value, `${claim.id} about ${claim.about}: ${set.rule}`).toBe(fact.value);
    }
  });
});
