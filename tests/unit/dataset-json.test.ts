// A dataset file written as JSON is read by JSON.parse (fast) only when the YAML parser would give
// the same data; every document it does not take whole goes to the YAML parser, which refuses as before.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseDatasetText, seedFiles, strictJson } from '../../src/dataset/load.js';
import { validateDataset } from '../../src/dataset/validate.js';

/** What the YAML parser (the path every document took before) makes of a text. */
const viaYaml = (text: string): unknown => parseDocument(text, { uniqueKeys: true }).toJS({ maxAliasCount: 100 }) as unknown;

describe('a JSON dataset file', () => {
  it('gives the data the YAML parser gives: the seed as JSON, and escapes, numbers, odd keys', () => {
    const texts = [
      ...seedFiles('seed').map((f) => JSON.stringify(viaYaml(readFileSync(f, 'utf8')), null, 2)),
      '{"a": "\\u00e9\\ud83d\\ude00\\n\\t\\/\\\\\\"", "b\\"c": "\\ud800", "d:": "x\\\\"}',
      '{"n": [1e3, -0, 12345678901234567890, 1.50, 0.1, 1E-2, -7, true, false, null]}',
      '{"__proto__": {"x": 1}, "<<": {"y": 2}, "constructor": 3, "": 4}',
      '[{"a": [{"b": {}}, []]}]',
      '\t{\n\t"entities":\r\n\t[ ]\n}\n',
      `{"${'k'.repeat(2000)}": "${'长'.repeat(100_000)}"}`,
    ];
    for (const text of texts) {
      const fast = strictJson(text);
      expect(fast, text.slice(0, 40)).toBeDefined();
      expect(fast!.data).toStrictEqual(viaYaml(text));
      expect(Object.is((fast!.data as { n?: number[] }).n?.[1], (viaYaml(text) as { n?: number[] }).n?.[1])).toBe(true);
      expect(parseDatasetText(text, 'a.json', null).doc!.data).toStrictEqual(viaYaml(text));
    }
  });

  it('with a key repeated in one object is refused as before: by the YAML parser, with its line', () => {
    for (const [text, line] of [
      ['{\n  "entities": [],\n  "entities": []\n}', 3],
      ['{"sources": [{\n"id": "a",\n"\\u0069d": "b"}]}', 3],
      ['[{"a": {"x": 1}, "b": {"x": 1, "y": {"z": 1,\n"z": 2}}}]', 2],
    ] as const) {
      expect(strictJson(text), text).toBeUndefined();
      const { doc, issues } = parseDatasetText(text, 'a.json', null);
      expect(doc).toBeUndefined();
      expect(issues).toEqual([
        { file: 'a.json', path: '', line, message: expect.stringMatching(/^not valid YAML or JSON: Map keys must be unique/) },
      ]);
    }
  });

  it('that JSON.parse refuses goes to the YAML parser: a syntax error keeps its line, YAML and a BOM read as before', () => {
    const broken = parseDatasetText('{\n  "entities": [\n    {"id": "x",}\n  ]\n', 'a.json', null);
    expect(broken.doc).toBeUndefined();
    expect(broken.issues[0]).toMatchObject({ file: 'a.json', path: '', message: expect.stringMatching(/^not valid YAML or JSON: /) });
    expect(broken.issues[0]!.line).toBeGreaterThanOrEqual(3);
    for (const text of ['\ufeff{"a": 1}', 'a: 1\nb: [1, 2]\n', '{a: 1, "b": 2}', '{"a": 1} # a comment', '  \n']) {
      expect(strictJson(text), text).toBeUndefined();
      const { doc, issues } = parseDatasetText(text, 'a.yaml', null);
      expect(issues).toEqual([]);
      expect(doc!.data).toStrictEqual(viaYaml(text));
    }
  });

  it('names the line of each validation issue, as a YAML file does', () => {
    const json = JSON.stringify(
      {
        sources: [{ id: 'src', title: '测试', text: '罗富和主委' }],
        entities: [
          { id: 'person-luo', type: 'Person', name: '罗富和', citations: [{ source: 'src', quote: '罗富和主委' }] },
          { id: 'person-x', type: 'Person', name: 'X', birth: 'not a date', citations: [{ source: 'src', quote: '不在' }] },
        ],
      },
      null,
      2,
    );
    const { doc, issues } = parseDatasetText(json, 'a.json', null);
    expect(issues).toEqual([]);
    const found = validateDataset([doc!]).issues;
    expect(found.length).toBeGreaterThan(0);
    for (const issue of found) {
      expect(issue.line, issue.path).toBeDefined();
      const path = issue.path.split(/[.[\]]+/).filter((p) => p !== '');
      const key = path.at(-1)!;
      // The line holds the key of the path (or, for an item of a list, is inside the document).
      if (!/^\d+$/.test(key)) expect(json.split('\n')[issue.line! - 1], issue.path).toContain(`"${key}"`);
    }
  });
});
