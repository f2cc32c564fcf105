// What validation looks up in the graph for an import: every id, however large the import.
import { describe, expect, it } from 'vitest';
import { graphNeeds } from '../../src/dataset/prepare.js';

describe('graphNeeds', () => {
  it('lists every id a large dataset defines or refers to, none dropped past a count', () => {
    const n = 100_001;
    const entities = Array.from({ length: n }, (_, i) => ({ id: `p-${i}`, type: 'Person', name: `P${i}` }));
    const relationships = Array.from({ length: n }, (_, i) => ({ type: 'PART_OF', from: `p-${i}`, to: 'org-in-the-graph' }));
    const doc = { file: 'big.json', baseDir: null, data: { entities, relationships }, lineOf: () => undefined };
    const needs = graphNeeds([doc]);
    expect(needs.ids).toHaveLength(n + 1);
    // The one entity only the graph holds comes last, after the dataset's own 100,001.
    expect(needs.ids.at(-1)).toBe('org-in-the-graph');
    expect(needs.pairs).toHaveLength(n);
    const [[type, ids] = ['', []]] = needs.relationshipIds;
    expect(type).toBe('PART_OF');
    expect(ids).toHaveLength(n);
    expect(needs.relationIds).toEqual(ids);
  });
});
