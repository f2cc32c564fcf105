// Search finds what readers type: single characters, prefixes, either script, pinyin spaced, joined
// or as initials, and titles and roles, saying what matched; exact names rank first.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scriptForms } from '../../src/model/chinese.js';
import { connectApi } from '../helpers/api.js';

const { gql, driver } = connectApi();

interface Hit {
  score: number;
  entity: { id: string; name: string };
  matched: { kind: string; value: string; via: string | null };
}

async function hits(text: string, types: string[] | null = null, first = 10): Promise<Hit[]> {
  const res = await gql<{ search: Hit[] }>(
    'query($text: String!, $types: [EntityType!], $first: Int) { search(text: $text, types: $types, first: $first) { score entity { id name } matched { kind value via } } }',
    { text, types, first },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.search;
}

const ids = async (text: string, types: string[] | null = null): Promise<string[]> => (await hits(text, types)).map((h) => h.entity.id);

async function positionId(person: string, type: string): Promise<string> {
  const session = driver.session();
  try {
    const res = await session.run(`MATCH (:Person {id: $person})-[r:${type}]->() RETURN r.id AS id ORDER BY r.id LIMIT 1`, { person });
    return res.records[0]!.get('id') as string;
  } finally {
    await session.close();
  }
}

describe('single characters and prefixes', () => {
  it.each([
    ['罗', 'person-luo-fuhe'],
    ['胡', 'person-hu-xian'],
    ['姚', 'person-yao-bentang'],
    ['罗富', 'person-luo-fuhe'],
    ['姚本', 'person-yao-bentang'],
  ])('%s finds %s, by its name', async (text, id) => {
    const hit = (await hits(text, ['PERSON'])).find((h) => h.entity.id === id);
    expect(hit?.matched).toEqual({ kind: 'NAME', value: hit?.entity.name, via: null });
  });
});

describe('traditional and simplified characters', () => {
  it.each([
    ['羅富和', 'person-luo-fuhe'],
    ['胡獻', 'person-hu-xian'],
    ['羅', 'person-luo-fuhe'],
  ])('%s finds %s first', async (text, id) => {
    const [first] = await hits(text);
    expect(first?.entity.id).toBe(id);
    expect(first?.matched.kind).toBe('NAME');
  });
});

describe('pinyin', () => {
  it.each([
    ['lfh', { kind: 'PINYIN', value: '罗富和' }],
    ['luofuhe', { kind: 'PINYIN', value: 'Luo Fuhe' }],
    // Spaced, it is the whole English name as well, which comes first among the names.
    ['luo fuhe', { kind: 'ALIAS', value: 'Luo Fuhe' }],
    ['Luo Fuhe', { kind: 'ALIAS', value: 'Luo Fuhe' }],
  ])('%s finds 罗富和 first', async (text, matched) => {
    const [first] = await hits(text);
    expect(first?.entity.id).toBe('person-luo-fuhe');
    expect(first?.matched).toEqual({ ...matched, via: null });
  });
});

describe('titles and roles', () => {
  it('副秘书长 finds 胡献 through the position he held', async () => {
    const via = await positionId('person-hu-xian', 'HELD_POSITION');
    const hit = (await hits('副秘书长', ['PERSON'])).find((h) => h.entity.id === 'person-hu-xian');
    expect(hit?.matched).toEqual({ kind: 'TITLE', value: '副秘书长', via });
  });

  it('副秘書長, in traditional characters, finds 胡献 through the title stored in simplified', async () => {
    const via = await positionId('person-hu-xian', 'HELD_POSITION');
    const hit = (await hits('副秘書長', ['PERSON'])).find((h) => h.entity.id === 'person-hu-xian');
    expect(hit?.matched).toEqual({ kind: 'TITLE', value: '副秘书长', via });
  });

  it('Deputy Secretary-General finds 胡献 through the English title', async () => {
    const via = await positionId('person-hu-xian', 'HELD_POSITION');
    const hit = (await hits('Deputy Secretary-General', ['PERSON'])).find((h) => h.entity.id === 'person-hu-xian');
    expect(hit?.matched).toEqual({ kind: 'TITLE', value: 'Deputy Secretary-General', via });
  });

  it('领导小组组长 finds 罗富和 through his role in the event', async () => {
    const hit = (await hits('领导小组组长', ['PERSON'])).find((h) => h.entity.id === 'person-luo-fuhe');
    expect(hit?.matched).toMatchObject({ kind: 'ROLE', value: '领导小组组长' });
    expect(hit?.matched.via).toMatch(/./);
  });

  it('the type filter applies to holders found by title', async () => {
    expect(await ids('副秘书长', ['EVENT'])).not.toContain('person-hu-xian');
  });
});

describe('ranking', () => {
  it('puts the whole name first, each entity once', async () => {
    const found = await hits('罗富和');
    expect(found[0]?.entity.id).toBe('person-luo-fuhe');
    expect(found[0]?.matched.kind).toBe('NAME');
    expect(new Set(found.map((h) => h.entity.id)).size).toBe(found.length);
  });

  it('ranks a whole alias above part of a name, and part of a name above a title', async () => {
    const found = await hits('广东民进', null, 20);
    expect(found[0]?.entity.id).toBe('org-capd-guangdong');
    expect(found[0]?.matched).toEqual({ kind: 'ALIAS', value: '广东民进', via: null });
    const nameFirst = found.slice(1).map((h) => (h.matched.kind === 'TITLE' || h.matched.kind === 'ROLE' ? 0 : 1));
    expect(nameFirst).toEqual([...nameFirst].sort((a, b) => b - a));
  });

  it('a title search lists whoever has the title in a name before those who held it', async () => {
    const found = await hits('副秘书长', null, 20);
    const kinds = found.map((h) => h.matched.kind);
    const firstPosition = kinds.findIndex((k) => k === 'TITLE' || k === 'ROLE');
    expect(firstPosition).toBeGreaterThanOrEqual(0);
    expect(kinds.slice(firstPosition).every((k) => k === 'TITLE' || k === 'ROLE')).toBe(true);
  });

  it('a shorter page is the start of a longer one, whether names fill it or titles complete it', async () => {
    // Titles are looked up only when the name hits leave room on the page: both sides of that line.
    const found = await hits('副秘书长', null, 20);
    const byName = found.filter((h) => h.matched.kind !== 'TITLE' && h.matched.kind !== 'ROLE').length;
    expect(byName).toBeGreaterThan(0);
    expect(byName).toBeLessThan(found.length);
    for (const first of [1, byName, byName + 1]) expect(await hits('副秘书长', null, first)).toEqual(found.slice(0, first));
  });

  it('cuts the name hits to the page in the page order: every shorter page is the start of a longer one, across tiers', async () => {
    // Name hits are ranked and cut before positions are looked at; ties (equal tier and score) go by id.
    for (const text of ['民进', '罗', '广东', 'guangdong', 'luo', 'min jin']) {
      const found = await hits(text, null, 30);
      expect(new Set(found.map((h) => h.entity.id)).size).toBe(found.length);
      for (const first of [1, 2, 5, 10]) expect(await hits(text, null, first)).toEqual(found.slice(0, first));
    }
  });

  it('ranks a whole title above a role that holds it', async () => {
    const found = await hits('副秘书长', null, 20);
    const order = found.map((h) => h.entity.id);
    expect(order.indexOf('person-hu-xian')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('person-hu-xian')).toBeLessThan(order.indexOf('org-capd-guangdong-office'));
    // The event named 配备专职副秘书长 holds the title in its name, so it comes before both.
    expect(order.indexOf('event-2005-deputy-secgen-appointment')).toBe(0);
  });

  it('takes the longest text allowed, in both scripts, without reaching a Lucene limit', async () => {
    const article = readFileSync('seed/sources/000_2e2e90b6197d93dd.txt', 'utf8').replace(/\s/g, '');
    const text = article.slice(0, 200);
    for (const t of [text, scriptForms(text).at(-1)!, Array.from(text.slice(0, 100)).join(' ')]) {
      const res = await gql('query($t: String!) { search(text: $t, first: 100) { entity { id } } }', { t });
      expect(res.errors).toBeUndefined();
    }
  });

  it('costs one round trip', async () => {
    const res = await gql('{ search(text: "副秘书长 罗") { entity { id } matched { kind via } } }');
    expect(res.errors).toBeUndefined();
    expect(res.roundTrips).toBe(1);
  });
});
