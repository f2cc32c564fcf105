// Authority-file identifiers: each scheme's form, check digit and entity types (no database).
import { describe, expect, it } from 'vitest';
import { canonicalIdentifier, identifierKey, identifierProblem, identifierUri, isWellFormed } from '../../src/model/identifiers.js';
import { validateDataset } from '../../src/dataset/validate.js';

describe('identifier schemes', () => {
  it('accept well-formed values and write them canonically', () => {
    expect(identifierProblem('WIKIDATA', 'q42', 'Person')).toBeNull();
    expect(canonicalIdentifier({ scheme: 'WIKIDATA', value: ' q42 ' })).toEqual({ scheme: 'WIKIDATA', value: 'Q42' });
    expect(canonicalIdentifier({ scheme: 'ISNI', value: '0000 0002 1694 233x' }).value).toBe('000000021694233X');
    expect(identifierKey({ scheme: 'VIAF', value: '113230702' })).toBe('VIAF:113230702');
    expect(identifierUri({ scheme: 'GEONAMES', value: '1809858' })).toBe('https://sws.geonames.org/1809858/');
    expect(identifierUri({ scheme: 'WIKIDATA', value: 'Q42' })).toBe('http://www.wikidata.org/entity/Q42');
  });

  it('check ISNI check characters (ISO 7064 MOD 11-2, as ORCID ids in the ISNI block)', () => {
    for (const good of ['0000-0002-1825-0097', '0000 0001 5109 3700', '0000-0002-1694-233X']) {
      expect(identifierProblem('ISNI', good, 'Person'), good).toBeNull();
    }
    expect(identifierProblem('ISNI', '0000-0002-1694-2330', 'Person')).toMatch(/check digit/);
    expect(isWellFormed({ scheme: 'ISNI', value: '0000-0002-1694-2330' })).toBe(false);
  });

  it('refuse other forms and other entity types, saying why', () => {
    expect(identifierProblem('WIKIDATA', 'P31', 'Person')).toMatch(/not a Wikidata item id/);
    expect(identifierProblem('WIKIDATA', 'Q0', 'Person')).not.toBeNull();
    expect(identifierProblem('CBDB', '12a', 'Person')).toMatch(/not a CBDB person id/);
    expect(identifierProblem('CBDB', '1762', 'Organization')).toBe('CBDB identifies Person, not an Organization');
    expect(identifierProblem('GEONAMES', '1809858', 'Person')).toMatch(/identifies Place/);
    // Nothing but letters and digits reaches a look-up: the token goes into a Lucene term.
    expect(isWellFormed({ scheme: 'WIKIDATA', value: 'Q1" OR x' })).toBe(false);
  });

  it('are checked with the entry when a dataset is validated, each issue at its place', () => {
    const doc = {
      file: 'ids.yaml',
      baseDir: null,
      lineOf: () => undefined,
      data: {
        sources: [{ id: 's', title: 'S', text: '某某人。' }],
        entities: [
          {
            id: 'p',
            type: 'Person',
            name: '某某人',
            identifiers: [
              { scheme: 'WIKIDATA', value: 'Q42' },
              { scheme: 'WIKIDATA', value: 'q42' },
              { scheme: 'GEONAMES', value: '1809858' },
            ],
            citations: [{ source: 's', quote: '某某人' }],
          },
          {
            id: 'o',
            type: 'Organization',
            name: '某会',
            identifiers: [{ scheme: 'NOPE', value: '1' }],
            citations: [{ source: 's', quote: '某某人' }],
          },
        ],
      },
    };
    const { issues } = validateDataset([doc]);
    expect(issues.map((i) => i.path)).toEqual(['entities[1].identifiers[0].scheme']);
    const [, second] = [doc.data.entities[0], doc.data.entities[1]];
    second!.identifiers = [{ scheme: 'CBDB', value: '1762' }];
    const again = validateDataset([doc]).issues.map((i) => `${i.path}: ${i.message}`);
    expect(again).toEqual([
      'entities[0].identifiers[1]: WIKIDATA:Q42 is given twice',
      'entities[0].identifiers[2].value: GEONAMES identifies Place, not a Person',
      'entities[1].identifiers[0].value: CBDB identifies Person, not an Organization',
    ]);
  });
});
