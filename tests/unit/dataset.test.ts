// Dataset validation without a database: the seed is valid, and each kind of mistake is named precisely.
import { describe, expect, it } from 'vitest';
import { parseDatasetText, readDatasetFiles, seedFiles } from '../../src/dataset/load.js';
import { formatIssue } from '../../src/dataset/issues.js';
import { planImport, timelineBucket } from '../../src/dataset/plan.js';
import { parseDate } from '../../src/model/dates.js';
import { locateQuote, NEAREST_SEARCHES, validateDataset } from '../../src/dataset/validate.js';

const SOURCE = `sources:
  - id: src
    title: 测试
    text: "2003年开展了机关作风建设年活动,罗富和主委亲任领导小组组长"
`;

function check(body: string) {
  const { doc, issues } = parseDatasetText(SOURCE + body, 'test.yaml', null);
  if (!doc) return issues;
  return validateDataset([doc]).issues;
}

const PERSON = `entities:
  - id: person-luo
    type: Person
    name: 罗富和
    citations: [{ source: src, quote: "罗富和主委" }]
`;

describe('locateQuote', () => {
  it('gives UTF-16 offsets and the 1-based line of the first occurrence', () => {
    const text = '第一行\n第二行有引文\n\n引文在第四行\n引文';
    expect(locateQuote(text, '第一')).toEqual({ start: 0, end: 2, line: 1 });
    expect(locateQuote(text, '引文')).toEqual({ start: 8, end: 10, line: 2 });
    expect(locateQuote(text, '引文在')).toEqual({ start: 12, end: 15, line: 4 });
    expect(locateQuote(text, '\n引文在')).toEqual({ start: 11, end: 15, line: 3 });
    expect(locateQuote(text, '没有')).toBeNull();
  });
});

describe('the seed', () => {
  it('is valid and plans every entity, relationship and citation', () => {
    const { docs, issues } = readDatasetFiles(seedFiles('seed'));
    expect(issues).toEqual([]);
    const { dataset, issues: problems } = validateDataset(docs);
    expect(problems.map(formatIssue)).toEqual([]);
    const plan = planImport(dataset!);
    const people = plan.nodes.get('Person')!;
    expect(people.map((p) => p.props['name']).sort()).toEqual(['姚本棠', '罗富和', '胡献'].sort());
    expect(people.find((p) => p.id === 'person-luo-fuhe')!.props['pinyinText']).toContain('luofuhe');
    expect(plan.citations.every((c) => Number(c.props['end']) > Number(c.props['start']))).toBe(true);
  });
});

describe('validation', () => {
  it('accepts a minimal valid dataset', () => {
    expect(check(PERSON)).toEqual([]);
  });

  it('accepts an event "at some time within" a range of dates', () => {
    expect(check(PERSON.replace('type: Person', 'type: Event\n    date: "[2002-06..2006-07]"'))).toEqual([]);
  });

  it.each([
    ['a quote not in the source', PERSON.replace('罗富和主委', '罗富和副主委'), 'entities[0].citations[0].quote', 'not found verbatim'],
    ['an unknown source', PERSON.replace('source: src', 'source: nowhere'), 'entities[0].citations[0].source', 'no such source'],
    ['an invalid EDTF date', PERSON.replace('type: Person', 'type: Event\n    date: "2002-13"'), 'entities[0].date', 'month must be 01-12'],
    [
      'a range of dates in the wrong order',
      PERSON.replace('type: Person', 'type: Event\n    date: "[2006-07..2002-06]"'),
      'entities[0].date',
      'the last date of the range must be later than the first',
    ],
    ['an event without a date', PERSON.replace('type: Person', 'type: Event'), 'entities[0].date', 'needs a date'],
    ['an unknown kind', PERSON.replace('type: Person', 'type: Place\n    kind: PLANET'), 'entities[0].kind', 'unknown Place kind'],
    ['an unknown type', PERSON.replace('type: Person', 'type: Spaceship'), 'entities[0].type', ''],
    ['a bad id', PERSON.replace('person-luo', 'Person Luo!'), 'entities[0].id', 'slug'],
    [
      'no citation',
      PERSON.replace('    citations: [{ source: src, quote: "罗富和主委" }]\n', '    citations: []\n'),
      'entities[0].citations',
      'at least one citation',
    ],
    ['an unknown field', PERSON.replace('    name: 罗富和', '    name: 罗富和\n    born: 1949'), 'entities[0]', 'born'],
    [
      'a relationship between the wrong labels',
      `${PERSON}relationships:\n  - { type: PART_OF, from: person-luo, to: person-luo, citations: [{ source: src, quote: "罗富和" }] }\n`,
      'relationships[0].from',
      'PART_OF goes from Organization',
    ],
    [
      'a position without a title',
      `${PERSON.replace('entities:', 'entities:\n  - { id: org, type: Organization, name: 省委会, citations: [{ source: src, quote: "主委" }] }')}relationships:\n  - { type: HELD_POSITION, from: person-luo, to: org, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'relationships[0].title',
      'needs "title"',
    ],
    [
      'a dangling relationship end',
      `${PERSON}relationships:\n  - { type: FOLLOWED, from: a, to: b, citations: [{ source: src, quote: "罗" }] }\n`,
      'relationships[0].from',
      'unknown id',
    ],
    ['a duplicate id', PERSON + PERSON.replace('entities:\n', ''), 'entities[1].id', 'duplicate id'],
  ])('names %s with its path and line', (_what, body, path, message) => {
    const issues = check(body);
    expect(issues.length).toBeGreaterThan(0);
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toContain(message);
    expect(issue!.line).toBeGreaterThan(4);
    expect(formatIssue(issue!)).toMatch(/^test\.yaml:\d+ /);
  });

  it('names a relationship id the graph holds between other ends, and lets the same relationship through again', () => {
    const id = 'person-luo--held-position--org--2';
    const body = `${PERSON.replace('entities:', 'entities:\n  - { id: org, type: Organization, name: 省委会, citations: [{ source: src, quote: "主委" }] }')}relationships:
  - type: HELD_POSITION
    id: ${id}
    from: person-luo
    to: org
    title: 主委
    citations: [{ source: src, quote: "罗富和主委" }]
`;
    const { doc } = parseDatasetText(SOURCE + body, 'test.yaml', null);
    const facts = (from: string) => ({
      label: () => undefined,
      sourceText: () => undefined,
      relationship: (type: string, rid: string) => (type === 'HELD_POSITION' && rid === id ? { from, to: 'org' } : undefined),
    });
    expect(validateDataset([doc!], facts('person-luo')).issues).toEqual([]);
    const [issue, ...more] = validateDataset([doc!], facts('person-hu')).issues;
    expect(more).toEqual([]);
    expect(issue).toMatchObject({ path: 'relationships[0].id', line: 13, entry: id }); // the line of its id
    expect(issue!.message).toBe(`HELD_POSITION "${id}" already links person-hu to org in the graph; give this one an id of its own`);
  });

  it('keeps entity and relationship ids apart: an entity id has no "--", a relationship id is from--type--to[--suffix]', () => {
    const rel = (
      id: string,
    ) => `${PERSON.replace('entities:', 'entities:\n  - { id: org, type: Organization, name: 省委会, citations: [{ source: src, quote: "主委" }] }')}relationships:
  - { type: HELD_POSITION, id: ${id}, from: person-luo, to: org, title: 主委, citations: [{ source: src, quote: "罗富和主委" }] }
`;
    expect(check(rel('person-luo--held-position--org--second'))).toEqual([]);
    for (const bad of [
      'org',
      'luo-at-org',
      'person-luo--part-of--org',
      'person-luo--held-position--org--',
      'person-luo--held-position--org--a--b',
    ]) {
      const issues = check(rel(bad));
      expect(
        issues.map((i) => i.path),
        bad,
      ).toEqual(['relationships[0].id']);
      expect(issues[0]!.message).toContain('person-luo--held-position--org');
    }
    const entity = check(PERSON.replace('id: person-luo', 'id: person-luo--held-position--org'));
    expect(entity.map((i) => i.path)).toEqual(['entities[0].id']);
    expect(entity[0]!.message).toContain('ids with "--" name relationships');
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = check('entities:\n  - id: [unclosed\n');
    expect(issues[0]!.message).toContain('not valid YAML');
    expect(issues[0]!.line).toBeGreaterThanOrEqual(5);
  });
});

describe('timeline buckets', () => {
  const bucket = (edtf: string) => timelineBucket(parseDate(edtf));
  it('puts an event in the smallest span class that covers latest - earliest in days', () => {
    expect(bucket('2002-07-15')).toEqual({ spanClass: 0, openBounds: null });
    expect(bucket('2002-07-15/2002-07-16')).toEqual({ spanClass: 0, openBounds: null });
    expect(bucket('2002-07-15/2002-07-17')).toEqual({ spanClass: 1, openBounds: null });
    expect(bucket('2002-07')).toEqual({ spanClass: 5, openBounds: null }); // 30 days
    expect(bucket('2002')).toEqual({ spanClass: 9, openBounds: null }); // 364 days
    expect(bucket('0001/9999')).toEqual({ spanClass: 22, openBounds: null });
  });
  it('marks open, unknown and missing bounds instead', () => {
    expect(bucket('2001-05/..')).toEqual({ spanClass: null, openBounds: true });
    expect(bucket('../2002')).toEqual({ spanClass: null, openBounds: true });
    expect(bucket('2003-02-01/')).toEqual({ spanClass: null, openBounds: true });
    expect(timelineBucket(null)).toEqual({ spanClass: null, openBounds: true });
  });
});

describe('a quote not found', () => {
  it('is reported with the nearest passage and the characters that differ', () => {
    const [issue, ...more] = check(PERSON.replace('罗富和主委', '机关作风建设年活动，罗富和'));
    expect(more).toEqual([]);
    expect(issue!.path).toBe('entities[0].citations[0].quote');
    expect(issue!.message).toContain('nearest passage, line 1 (offsets 8–21): "机关作风建设年活动,罗富和"');
    expect(issue!.message).toContain('quote has "，" (U+FF0C) where the source has "," (U+002C) at offset 17 (line 1)');
  });

  it('matches a quote written as a `|` block: its final line break is dropped', () => {
    expect(
      check(
        PERSON.replace(
          'citations: [{ source: src, quote: "罗富和主委" }]',
          'citations:\n      - source: src\n        quote: |\n          罗富和主委\n',
        ),
      ),
    ).toEqual([]);
  });

  it('looks for the nearest passage of the first NEAREST_SEARCHES quotes only (each costs a scan of its source)', () => {
    const entries = Array.from(
      { length: NEAREST_SEARCHES + 3 },
      (_, n) => `  - { id: person-${n}, type: Person, name: 某, citations: [{ source: src, quote: "罗富和副主委" }] }\n`,
    );
    const issues = check(`entities:\n${entries.join('')}`);
    expect(issues).toHaveLength(NEAREST_SEARCHES + 3);
    expect(issues.filter((i) => i.message.includes('nearest passage'))).toHaveLength(NEAREST_SEARCHES);
  });

  it('says where an unknown id may be defined, when the caller knows', () => {
    const { doc } = parseDatasetText(
      `${SOURCE}${PERSON}relationships:\n  - { type: PARTICIPATED_IN, from: person-luo, to: event-x, role: 组长, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'test.yaml',
      null,
    );
    const facts = { label: () => undefined, sourceText: () => undefined, elsewhere: (id: string) => `${id} is in other.yaml: pass it too` };
    expect(validateDataset([doc!], facts).issues.map((i) => i.message)).toEqual([
      'unknown id "event-x": event-x is in other.yaml: pass it too',
    ]);
  });

  it('refuses to define or link to an id merged into another entity, naming the survivor', () => {
    const { doc } = parseDatasetText(
      `${SOURCE}${PERSON}relationships:\n  - { type: PARTICIPATED_IN, from: person-luo, to: event-x, role: 组长, citations: [{ source: src, quote: "罗富和主委" }] }\n`,
      'test.yaml',
      null,
    );
    const merged = new Map([
      ['person-luo', 'person-luo-fuhe'],
      ['event-x', 'event-y'],
    ]);
    const facts = { label: () => undefined, sourceText: () => undefined, mergedInto: (id: string) => merged.get(id) };
    expect(validateDataset([doc!], facts).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'entities[0].id: "person-luo" was merged into "person-luo-fuhe": state the entry under that id, or revert the merge to bring "person-luo" back',
      // The entry refused, what links to it is refused too, for the same reason.
      'relationships[0].from: "person-luo" was merged into "person-luo-fuhe": refer to that id',
      'relationships[0].to: "event-x" was merged into "event-y": refer to that id',
    ]);
  });
});
