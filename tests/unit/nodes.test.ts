// Global ids are parsed without a look-up and can never collide across kinds; a citation's context is
// cut from a window of its source; the look-ups by id are pinned Cypher.
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/model/arguments.js';
import { contextOf, sentenceOf, utf16Offset, type QuoteWindow } from '../../src/model/citation-context.js';
import {
  changeNodeId,
  citationNodeId,
  claimNodeId,
  findingNodeId,
  parseNodeId,
  relationshipTypeOfId,
  storedChangeId,
} from '../../src/model/node-ids.js';
import { changesByIds, citationsByIds, citationWindows, findingsByIds, relationshipsByIds } from '../../src/queries/nodes.js';

/** A window over a whole (short) text, with the quote at its first occurrence. */
function whole(text: string, quote: string): QuoteWindow {
  const at = text.indexOf(quote);
  return { text, offset: 0, quoteStart: at, quoteEnd: at + quote.length, atTextStart: true, atTextEnd: true };
}

describe('node ids', () => {
  it('read entity and relationship ids as they are, and the type from a relationship id', () => {
    expect(parseNodeId('person-luo-fuhe')).toEqual({ kind: 'entity', id: 'person-luo-fuhe' });
    expect(parseNodeId('person-hu-xian--held-position--org-capd-guangdong')).toEqual({
      kind: 'relationship',
      id: 'person-hu-xian--held-position--org-capd-guangdong',
      type: 'HELD_POSITION',
    });
    expect(relationshipTypeOfId('src-a--mentions--person-b')).toBe('MENTIONS');
    expect(relationshipTypeOfId('a--part-of--b--2')).toBe('PART_OF');
    expect(relationshipTypeOfId('a--no-such-type--b')).toBeNull();
  });

  it('round-trip every prefixed kind', () => {
    const cases = [
      [citationNodeId('0123456789abcdef01234567'), { kind: 'citation', id: '0123456789abcdef01234567' }],
      [findingNodeId('finding-2006-achievement-1'), { kind: 'finding', id: 'finding-2006-achievement-1' }],
      [changeNodeId('chg-6c1f7c57-2b8e-4f7e-9d55-0a4d3c2b1a00'), { kind: 'change', id: 'chg-6c1f7c57-2b8e-4f7e-9d55-0a4d3c2b1a00' }],
      [
        claimNodeId('date', 'event-2006-qingyuan-symposium', '2006-07'),
        { kind: 'claim', property: 'date', about: 'event-2006-qingyuan-symposium', value: '2006-07' },
      ],
      // A title may hold a colon: everything after the fact id is the value.
      [
        claimNodeId('title', 'a--held-position--b', '主任委员: 全称'),
        { kind: 'claim', property: 'title', about: 'a--held-position--b', value: '主任委员: 全称' },
      ],
    ] as const;
    for (const [id, ref] of cases) expect(parseNodeId(id)).toEqual(ref);
  });

  it('never give two kinds the same id: only relationship ids have "--", only the others ":"', () => {
    const entity = 'chg-6c1f7c57-2b8e-4f7e-9d55-0a4d3c2b1a00'; // a curator may name an entity like a stored change id
    expect(parseNodeId(entity).kind).toBe('entity');
    expect(parseNodeId(changeNodeId(entity)).kind).toBe('change');
    expect(parseNodeId(findingNodeId('finding-1')).kind).toBe('finding');
    expect(parseNodeId('finding-1').kind).toBe('entity');
  });

  it('refuse what cannot be an id, naming the argument', () => {
    for (const bad of [
      '',
      '  ',
      'x'.repeat(701),
      'citation:xyz',
      'citation:',
      'foo:bar',
      'claim:colour:a:b',
      'claim:date:a',
      'claim:date:a: ',
      'finding:A B',
      'change:',
    ]) {
      expect(() => parseNodeId(bad, 'ids[3]'), bad).toThrow(ArgumentError);
    }
    expect(() => parseNodeId('foo:bar', 'ids[3]')).toThrow(/"foo:" is no kind of node/);
  });

  it('take a change by its global or its stored id', () => {
    expect(storedChangeId('change:chg-1')).toBe('chg-1');
    expect(storedChangeId('chg-1')).toBe('chg-1');
  });
});

describe('citation context', () => {
  it('finds the sentence by Chinese and Western sentence ends, with closing quotes', () => {
    const text = '第一句。他说：“引文在此处。”然后呢？Then a Western sentence. Version 3.5 is out! 最后';
    expect(sentenceOf(whole(text, '引文'))).toBe('他说：“引文在此处。”');
    expect(sentenceOf(whole(text, '然后'))).toBe('然后呢？');
    expect(sentenceOf(whole(text, 'Western'))).toBe('Then a Western sentence.');
    expect(sentenceOf(whole(text, '3.5'))).toBe('Version 3.5 is out!');
    expect(sentenceOf(whole(text, '最后'))).toBe('最后');
    expect(sentenceOf(whole(text, '第一'))).toBe('第一句。');
  });

  it('spans sentences when the quote does, and stops at line breaks', () => {
    const text = '标题\n    正文一。正文二。\n下一段';
    expect(sentenceOf(whole(text, '一。正文二'))).toBe('正文一。正文二。');
    expect(sentenceOf(whole(text, '标题'))).toBe('标题');
    expect(sentenceOf(whole(text, '下一'))).toBe('下一段');
  });

  it('stops at the edge of the window when no sentence end lies within it', () => {
    const text = `${'长'.repeat(10)}引文${'长'.repeat(10)}`;
    const w: QuoteWindow = { text: text.slice(5, 17), offset: 5, quoteStart: 5, quoteEnd: 7, atTextStart: false, atTextEnd: false };
    expect(sentenceOf(w)).toBe('长长长长长引文长长长长长');
  });

  it('gives chars either side, fewer at the ends of the text, with offsets into the source', () => {
    const text = '开头第一句。中间的引文。结尾';
    const mid = contextOf(whole(text, '引文'), 3);
    expect(mid).toEqual({ before: '。中间的'.slice(-3), quote: '引文', after: '。结尾', start: 6, end: 14 });
    expect(contextOf(whole(text, '开头'), 40)).toEqual({ before: '', quote: '开头', after: '第一句。中间的引文。结尾', start: 0, end: 14 });
    expect(contextOf(whole(text, '结尾'), 2)).toEqual({ before: '文。', quote: '结尾', after: '', start: 10, end: 14 });
    expect(contextOf(whole(text, '引文'), 0)).toEqual({ before: '', quote: '引文', after: '', start: 9, end: 11 });
  });

  it('never splits a surrogate pair at the edge of the context', () => {
    const text = '甲𠀀乙引文丙𠀁丁';
    // 𠀀 and 𠀁 are two UTF-16 code units each: a cut through one leaves it out.
    expect(contextOf(whole(text, '引文'), 2)).toMatchObject({ before: '乙', after: '丙' });
    expect(contextOf(whole(text, '引文'), 3)).toMatchObject({ before: '𠀀乙', after: '丙𠀁' });
    expect(utf16Offset('𠀀乙引', 2)).toBe(3);
  });
});

describe('look-ups by id', () => {
  it('relationshipsByIds seeks one type, from the closed vocabulary', () => {
    expect(relationshipsByIds('HELD_POSITION', ['a--held-position--b'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (a:Entity)-[r:HELD_POSITION {id: key}]->(b:Entity)
      RETURN key, r {.*, type: type(r)} AS rel, a.id AS from, b.id AS to",
        "params": {
          "ids": [
            "a--held-position--b",
          ],
        },
      }
    `);
    expect(() => relationshipsByIds('KNOWS' as never, ['x'])).toThrow(/not a relationship type/);
  });

  it('citationsByIds, findingsByIds, changesByIds', () => {
    expect(citationsByIds(['0123456789abcdef01234567'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (c:Citation {id: key})-[:IN_SOURCE]->(s:Source)
      RETURN key, c {.*, sourceId: s.id} AS citation",
        "params": {
          "ids": [
            "0123456789abcdef01234567",
          ],
        },
      }
    `);
    expect(findingsByIds(['finding-1'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (f:Finding {id: key})
      RETURN key, f {.*} AS finding",
        "params": {
          "ids": [
            "finding-1",
          ],
        },
      }
    `);
    expect(changesByIds(['chg-1'])).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (c:Change {id: key})
      RETURN key, c {.*} AS change",
        "params": {
          "ids": [
            "chg-1",
          ],
        },
      }
    `);
  });

  it('citationWindows cuts the window in the database', () => {
    expect(citationWindows(['0123456789abcdef01234567'], 500)).toMatchInlineSnapshot(`
      {
        "cypher": "UNWIND $ids AS key
      MATCH (c:Citation {id: key})-[:IN_SOURCE]->(s:Source)
      WITH key, c, s.text AS text, CASE WHEN c.start < $reach THEN 0 ELSE c.start - $reach END AS guess
      WITH key, c, text, guess, left(text, guess) =~ $bmpOnly AS plain
      WITH key, c, text, plain,
        CASE WHEN plain THEN c.start ELSE size(split(text, c.quote)[0]) END AS quoteCp
      WITH key, c, text, plain, quoteCp, CASE WHEN quoteCp < $reach THEN 0 ELSE quoteCp - $reach END AS from
      WITH key, text, plain, quoteCp, from, (quoteCp - from) + size(c.quote) + $reach AS length
      RETURN key, substring(text, from, length) AS window, plain, from, quoteCp - from AS quoteAt, from + length >= size(text) AS atEnd",
        "params": {
          "bmpOnly": "[^\\x{10000}-\\x{10FFFF}]*",
          "ids": [
            "0123456789abcdef01234567",
          ],
          "reach": 500,
        },
      }
    `);
  });
});
