import { describe, expect, it } from 'vitest';
import { compactLatin, exactForms, nameMatch, searchLucene, toLuceneQuery } from '../../src/domain/search.js';
import { changedRuns, hanUnigrams, nameSearchText, queryForms, scriptForms } from '../../src/model/chinese.js';
import { pinyinInitials } from '../../src/model/pinyin.js';
import { nameProps } from '../../src/model/props.js';

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

describe('search text of Chinese names (written at import)', () => {
  it('holds both scripts, the single characters and the pinyin initials', () => {
    const text = nameSearchText(['罗富和'], true).split(' | ');
    expect(text).toContain('羅富');
    expect(text).toContain('罗 富 和 羅');
    expect(text).toContain('lfh');
    expect(nameSearchText(['胡献'], true).split(' | ')).toEqual(['胡獻', '胡 献 獻', 'hx']);
    expect(nameSearchText(['Deputy Secretary-General'], false)).toBe('');
  });

  it('keeps of a converted form only what changed (and its neighbours), so shared bigrams count once', () => {
    expect(changedRuns('罗富和', '羅富和')).toBe('羅富');
    expect(changedRuns('机关建设座谈会(中山)', '機關建設座談會(中山)')).toBe('機關建設座談會(');
    expect(changedRuns('中山市', '中山市')).toBe('');
  });

  it('folds traditional to simplified as well, for names written in traditional characters', () => {
    expect(scriptForms('羅富和')).toContain('罗富和');
    expect(queryForms('胡獻')).toEqual(['胡獻', '胡献']);
  });

  it('keeps surnames OpenCC would over-convert (范 is not 範 as a surname), but converts the rest', () => {
    expect(scriptForms('范曾', true)).toEqual(['范曾']);
    expect(scriptForms('范曾', false)).toContain('範曾');
    expect(scriptForms('余秋雨', true)).toEqual(['余秋雨']);
    expect(scriptForms('沈从文', true)).toContain('沈從文');
  });

  it('gives pinyin initials in ordinary and surname readings, none for a single character', () => {
    expect(pinyinInitials('罗富和')).toEqual(['lfh']);
    expect(pinyinInitials('曾')).toEqual([]);
    expect(pinyinInitials('单田芳')).toEqual(expect.arrayContaining(['stf']));
  });

  it('is written by nameProps, next to the names it comes from', () => {
    const props = nameProps('胡献', 'Person', []);
    expect(props['searchText']).toBe('胡獻 | 胡 献 獻 | hx');
    expect(hanUnigrams('罗富和罗')).toEqual(['罗', '富', '和']);
  });
});

describe('what a search matched', () => {
  const luo = [
    { value: '罗富和', lang: 'zh-Hans' },
    { value: 'Luo Fuhe', lang: 'pinyin' },
  ];
  const minjin = [
    { value: '中国民主促进会广东省委员会', lang: 'zh-Hans' },
    { value: '民进广东省委', lang: 'zh-Hans' },
    { value: 'CAPD Guangdong Provincial Committee', lang: 'en' },
  ];

  it('names the whole name in either script', () => {
    expect(nameMatch('罗富和', luo)).toEqual({ kind: 'NAME', value: '罗富和', via: null });
    expect(nameMatch('羅富和', luo)).toEqual({ kind: 'NAME', value: '罗富和', via: null });
    expect(nameMatch('民进广东省委', minjin)).toEqual({ kind: 'ALIAS', value: '民进广东省委', via: null });
  });

  it('names pinyin, spaced, joined or as initials', () => {
    expect(nameMatch('luo fuhe', luo)).toEqual({ kind: 'PINYIN', value: 'Luo Fuhe', via: null });
    expect(nameMatch('luofuhe', luo)).toEqual({ kind: 'PINYIN', value: 'Luo Fuhe', via: null });
    expect(nameMatch('lfh', luo)).toEqual({ kind: 'PINYIN', value: '罗富和', via: null });
  });

  it('names the name holding part of the text: a character, a prefix, an English word', () => {
    expect(nameMatch('罗', luo).kind).toBe('NAME');
    expect(nameMatch('羅富', luo).value).toBe('罗富和');
    expect(nameMatch('民进', minjin)).toEqual({ kind: 'ALIAS', value: '民进广东省委', via: null });
    expect(nameMatch('capd', minjin)).toEqual({ kind: 'ALIAS', value: 'CAPD Guangdong Provincial Committee', via: null });
  });

  it('searches Chinese words in both scripts, Latin words as typed', () => {
    expect(searchLucene('副秘書長')).toBe('副秘書長 副秘书长');
    expect(searchLucene('胡献 luo fuhe')).toBe('胡献 luo fuhe luofuhe 胡獻');
    expect(searchLucene('name:*~')).toBe('name');
  });

  it('joins the Latin words of the typed text for pinyin, and only when all are Latin', () => {
    expect(compactLatin('Luo Fuhe')).toBe('luofuhe');
    expect(compactLatin('罗 fuhe')).toBe('');
    expect(exactForms(' 胡獻 ')).toEqual(['胡獻', '胡献']);
  });
});
