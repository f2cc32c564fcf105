// Likely duplicates: a relationship that restates another's fact under a different id is named,
// with both ids and where each is, within a dataset or against the graph; look-alikes that differ
// in what tells them apart (title, period, role) pass.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/dataset/issues.js';
import { parseDatasetText } from '../../src/dataset/load.js';
import { graphFacts, NO_FACTS } from '../../src/dataset/prepare.js';
import { naturalKey, validateDataset, type GraphFacts } from '../../src/dataset/validate.js';

const HEAD = `sources:
  - id: src
    title: 测试
    text: "姚本棠副主委担任工作班子的组长。2003年开展了机关作风建设年活动。"
entities:
  - { id: person-yao, type: Person, name: 姚本棠, citations: [{ source: src, quote: 姚本棠 }] }
  - { id: org-capd, type: Organization, name: 民进广东省委, citations: [{ source: src, quote: 副主委 }] }
  - { id: event-2003, type: Event, name: 作风建设年, date: "2003", citations: [{ source: src, quote: 机关作风建设年活动 }] }
relationships:
`;
const cite = 'citations: [{ source: src, quote: 姚本棠副主委 }]';

function issues(relationships: string, facts: GraphFacts = graphFacts(NO_FACTS)): string[] {
  const { doc, issues: parse } = parseDatasetText(HEAD + relationships, 'dup.yaml', null);
  expect(parse).toEqual([]);
  return validateDataset([doc!], facts).issues.map(formatIssue);
}

describe('likely duplicate relationships', () => {
  it('names both ids and the line of the first when a dataset states one position twice', () => {
    const found =
      issues(`  - { id: person-yao--held-position--org-capd--v1, type: HELD_POSITION, from: person-yao, to: org-capd, title: 副主委, attestedAt: "2003", ${cite} }
  - { id: person-yao--held-position--org-capd--v2, type: HELD_POSITION, from: person-yao, to: org-capd, title: 副主委, attestedAt: "2003", ${cite} }
`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^dup\.yaml:11 relationships\[1\] \(person-yao--held-position--org-capd--v2\): likely duplicate: "person-yao--held-position--org-capd--v2" .*HELD_POSITION.*"副主委".*"person-yao--held-position--org-capd--v1" \(dup\.yaml:10\)/,
    );
  });

  it('lets through positions that differ in title or date, and participations that differ in role', () => {
    expect(
      issues(`  - { id: person-yao--held-position--org-capd--a, type: HELD_POSITION, from: person-yao, to: org-capd, title: 副主委, attestedAt: "2003", ${cite} }
  - { id: person-yao--held-position--org-capd--b, type: HELD_POSITION, from: person-yao, to: org-capd, title: 主委, attestedAt: "2003", ${cite} }
  - { id: person-yao--held-position--org-capd--c, type: HELD_POSITION, from: person-yao, to: org-capd, title: 副主委, attestedAt: "2004", ${cite} }
  - { id: person-yao--held-position--org-capd--d, type: HELD_POSITION, from: person-yao, to: org-capd, title: 副主委, period: "2002/2006", ${cite} }
  - { id: person-yao--participated-in--event-2003--e, type: PARTICIPATED_IN, from: person-yao, to: event-2003, role: 组长, ${cite} }
  - { id: person-yao--participated-in--event-2003--f, type: PARTICIPATED_IN, from: person-yao, to: event-2003, role: 发言, ${cite} }
`),
    ).toEqual([]);
  });

  it('flags other types on type and ends alone', () => {
    const found = issues(`  - { id: org-capd--organized--event-2003--o1, type: ORGANIZED, from: org-capd, to: event-2003, ${cite} }
  - { id: org-capd--organized--event-2003--o2, type: ORGANIZED, from: org-capd, to: event-2003, ${cite} }
`);
    expect(found).toEqual([
      expect.stringContaining(
        '"org-capd--organized--event-2003--o2" states the same ORGANIZED from org-capd to event-2003 as "org-capd--organized--event-2003--o1"',
      ),
    ]);
  });

  it('names the id the graph already holds, and lets the same id be restated', () => {
    const seeded = {
      type: 'HELD_POSITION' as const,
      id: 'person-yao--held-position--org-capd',
      from: 'person-yao',
      to: 'org-capd',
      title: '副主委',
      role: null,
      periodEdtf: null,
      attestedEdtf: '2003',
    };
    const facts = graphFacts({ ...NO_FACTS, between: [seeded] });
    const again = `  - { id: ID, type: HELD_POSITION, from: person-yao, to: org-capd, title: 副主委, attestedAt: "2003", ${cite} }\n`;
    expect(issues(again.replace('ID', 'person-yao--held-position--org-capd--new'), facts)).toEqual([
      expect.stringMatching(
        /relationships\[0\] \(person-yao--held-position--org-capd--new\): likely duplicate: .*as "person-yao--held-position--org-capd" already in the graph/,
      ),
    ]);
    expect(issues(again.replace('ID', seeded.id), facts)).toEqual([]);
    // Restating the graph's relationship with another title frees its old key for a new id.
    expect(
      issues(
        `${again.replace('ID', 'person-yao--held-position--org-capd--new')}${again.replace('ID', seeded.id).replace('副主委', '主委')}`,
        facts,
      ),
    ).toEqual([]);
  });

  it('keys a position by title and period or attestation, a participation by role, others by type and ends', () => {
    const base = { from: 'a', to: 'b' };
    expect(naturalKey({ ...base, type: 'HELD_POSITION', title: 't', attestedEdtf: '2003' })).not.toBe(
      naturalKey({ ...base, type: 'HELD_POSITION', title: 't', periodEdtf: '2003' }),
    );
    expect(naturalKey({ ...base, type: 'PARTICIPATED_IN', role: 'x', title: 'ignored' })).toBe(
      naturalKey({ ...base, type: 'PARTICIPATED_IN', role: 'x' }),
    );
    expect(naturalKey({ ...base, type: 'FOLLOWED' })).not.toBe(naturalKey({ from: 'b', to: 'a', type: 'FOLLOWED' }));
  });
});
