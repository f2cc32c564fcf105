import { describe, expect, it } from 'vitest';
import { toLuceneQuery } from '../../src/domain/search.js';

describe('toLuceneQuery', () => {
  it('keeps words, lowercases them, and adds the Latin words joined for pinyin', () => {
    expect(toLuceneQuery('Luo Fuhe')).toBe('luo fuhe luofuhe');
    expect(toLuceneQuery('罗富和')).toBe('罗富和');
    expect(toLuceneQuery('  民进   广东 ')).toBe('民进 广东');
  });

  it('removes every Lucene operator so user text cannot become query syntax', () => {
    expect(toLuceneQuery('name:*~')).toBe('name');
    expect(toLuceneQuery(`') MATCH (n) DETACH DELETE n //`)).toBe("' match n detach delete n matchndetachdeleten");
    expect(toLuceneQuery('"\\')).toBe('');
    expect(toLuceneQuery('a AND b OR NOT c')).toBe('a and b or not c aandbornotc');
  });

  it('folds full-width characters', () => {
    expect(toLuceneQuery('ＬＵＯ')).toBe('luo');
  });
});
