// Every sentence of the seed article is cited by some fact, or listed in seed/uncited-sentences.yaml
// with the reason it is not: what the graph says about the article, sentence by sentence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connectApi } from '../helpers/api.js';

const { gql } = connectApi();
const SOURCE = 'src-mj-gd-2006-qingyuan';

interface Cited {
  start: number;
  end: number;
  source: { id: string };
}
interface Sentence {
  line: number;
  start: number;
  end: number;
  text: string;
}

/** Sentences: split after 。！？!? and at line ends, trimmed of spaces (NBSP and the ideographic space too); empty ones dropped. */
function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.replace(/^[\s\u00a0\u3000]+/u, '').length;
    const trimmed = raw.trim();
    if (trimmed !== '') {
      const s = from + lead;
      out.push({ line: text.slice(0, s).split('\n').length, start: s, end: s + trimmed.length, text: trimmed });
    }
  };
  for (const m of text.matchAll(/[。！？!?]|\n/gu)) {
    const end = m[0] === '\n' ? m.index : m.index + m[0].length;
    push(start, end);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return out;
}

const CAP = { mentions: 50, relations: 40, citations: 10, findings: 20 };
const CITE = `citations(first: ${CAP.citations}) { start end source { id } }`;

describe('the seed article, sentence by sentence', () => {
  it('has every sentence cited by a fact, or listed as deliberately uncited with a reason', async () => {
    const res = await gql<{
      source: {
        text: string;
        mentions: {
          id: string;
          citations: Cited[];
          relations: { id: string; type: string; citations: Cited[] }[];
          findings?: { id: string; citations: Cited[] }[];
        }[];
      };
    }>(`{ source(id: "${SOURCE}") { text mentions(first: ${CAP.mentions}) { id ${CITE}
        relations(first: ${CAP.relations}) { id type ${CITE} }
        ... on Event { findings(first: ${CAP.findings}) { id ${CITE} } } } } }`);
    expect(res.errors).toBeUndefined();
    const { text, mentions } = res.data!.source;
    // No list reached its cap, so nothing citing the article was left out.
    expect(mentions.length).toBeLessThan(CAP.mentions);
    for (const m of mentions) {
      expect(m.relations.length, m.id).toBeLessThan(CAP.relations);
      expect(m.citations.length, m.id).toBeLessThan(CAP.citations);
      for (const r of m.relations) expect(r.citations.length, r.id).toBeLessThan(CAP.citations);
      expect((m.findings ?? []).length, m.id).toBeLessThan(CAP.findings);
      for (const f of m.findings ?? []) expect(f.citations.length, f.id).toBeLessThan(CAP.citations);
    }

    // Each fact (entity, relationship, finding) with its citations of the article.
    const facts = new Map<string, Cited[]>();
    const add = (id: string, cited: Cited[]) =>
      facts.set(
        id,
        cited.filter((c) => c.source.id === SOURCE),
      );
    for (const m of mentions) {
      add(m.id, m.citations);
      for (const r of m.relations) if (r.type !== 'MENTIONS') add(r.id, r.citations);
      for (const f of m.findings ?? []) add(f.id, f.citations);
    }
    expect(facts.size).toBeGreaterThan(100);

    const listing = sentences(text).map((s) => {
      const covered = new Set<number>();
      const citing = new Set<string>();
      for (const [id, cited] of facts) {
        for (const c of cited) {
          if (c.end <= s.start || c.start >= s.end) continue;
          citing.add(id);
          for (let i = Math.max(s.start, c.start); i < Math.min(s.end, c.end); i++) covered.add(i);
        }
      }
      return { ...s, share: covered.size / s.text.length, citing: [...citing].sort() };
    });
    const report = listing
      .map((s) => `${String(s.line).padStart(3)} ${Math.round(s.share * 100)}% ${s.text.slice(0, 40)} ← ${s.citing.join(', ') || '(none)'}`)
      .join('\n');

    const reviewed = parse(readFileSync('seed/uncited-sentences.yaml', 'utf8')) as {
      source: string;
      line: number;
      sentence: string;
      reason: string;
    }[];
    const deliberate = reviewed.filter((r) => r.source === SOURCE);
    for (const r of deliberate) {
      expect(r.reason.trim().length, `a reason for line ${r.line}`).toBeGreaterThan(10);
      const s = listing.find((x) => x.line === r.line && x.text === r.sentence);
      expect(s, `seed/uncited-sentences.yaml: line ${r.line} "${r.sentence}" is not a sentence of the source`).toBeDefined();
      expect(
        s!.share,
        `seed/uncited-sentences.yaml: line ${r.line} "${r.sentence}" is cited after all; remove it from the list`,
      ).toBeLessThan(0.5);
    }
    // A sentence counts as cited when citations cover at least half of its characters.
    const uncited = listing.filter((s) => s.share < 0.5 && !deliberate.some((r) => r.line === s.line && r.sentence === s.text));
    expect(
      uncited.map((s) => `${s.line}: ${s.text}`),
      `uncited sentences; every sentence and the facts citing it:\n${report}`,
    ).toEqual([]);
    // The article's body (lines 12–46) is cited sentence by sentence.
    expect(listing.filter((s) => s.line >= 12 && s.line <= 46 && s.share < 0.5).map((s) => s.text)).toEqual(['具体如下:']);
  });
});
