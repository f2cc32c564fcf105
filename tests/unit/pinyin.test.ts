import { describe, expect, it } from 'vitest';
import { hasHan, personPinyin, pinyinSearchText, pinyinSortKey, toneless } from '../../src/model/pinyin.js';
import { nameKeys, nameQueryForms } from '../../src/model/chinese.js';

const tokens = (name: string): string[] => pinyinSearchText(name).split(' ');

describe('hasHan', () => {
  it('detects Han characters', () => {
    expect(hasHan('民进')).toBe(true);
    expect(hasHan('CPC 中央')).toBe(true);
    expect(hasHan('Annals 2003')).toBe(false);
    expect(hasHan('')).toBe(false);
  });
});

describe('toneless', () => {
  it('gives lowercase toneless syllables, ü as v, non-Han words lowercased', () => {
    expect(toneless('罗富和')).toEqual(['luo', 'fu', 'he']);
    expect(toneless('女')).toEqual(['nv']);
    expect(toneless('ABC中山 2003')).toEqual(['abc', 'zhong', 'shan', '2003']);
  });

  it('reads polyphones in word context', () => {
    expect(toneless('银行')).toEqual(['yin', 'hang']);
  });
});

describe('pinyinSearchText', () => {
  it('indexes syllables, bigrams and the compact name', () => {
    expect(pinyinSearchText('罗富和')).toBe('luo fu he luofu fuhe luofuhe');
  });

  it('finds words inside longer names', () => {
    const t = tokens('民进广东省委');
    for (const w of ['guangdong', 'minjin', 'shengwei', 'minjinguangdongshengwei']) expect(t).toContain(w);
    expect(tokens('中山市')).toContain('zhongshan');
    expect(tokens('清远市')).toContain('qingyuan');
    expect(tokens('民主大楼')).toEqual(expect.arrayContaining(['minzhu', 'dalou']));
  });

  it('indexes ü as both v and u', () => {
    expect(tokens('女')).toEqual(['nv', 'nu']);
    expect(tokens('绿色')).toEqual(expect.arrayContaining(['lvse', 'luse']));
  });

  it('adds the surname reading of a polyphonic first character', () => {
    expect(tokens('曾国藩')).toEqual(expect.arrayContaining(['zeng', 'zengguofan']));
  });

  it('has no duplicate tokens', () => {
    const t = tokens('民主民主');
    expect(new Set(t).size).toBe(t.length);
  });

  it('is empty without Han characters', () => {
    expect(pinyinSearchText('Annals')).toBe('');
    expect(pinyinSearchText('')).toBe('');
  });
});

describe('personPinyin', () => {
  it.each([
    ['罗富和', 'Luo Fuhe'],
    ['姚本棠', 'Yao Bentang'],
    ['胡献', 'Hu Xian'],
    ['曾国藩', 'Zeng Guofan'],
    ['单雄信', 'Shan Xiongxin'],
    ['欧阳修', 'Ouyang Xiu'],
    ['吕', 'Lü'],
    ['张西安', "Zhang Xi'an"],
    [' 罗富和 ', 'Luo Fuhe'],
    ['阿沛·阿旺晋美', 'Apei Awangjinmei'],
    ['Sun Yat-sen', 'Sun Yat-sen'],
  ])('%s → %s', (name, expected) => {
    expect(personPinyin(name)).toBe(expected);
  });
});

describe('pinyinSortKey', () => {
  const sorted = (names: string[], person = false): string[] =>
    [...names].sort((a, b) => (pinyinSortKey(a, person) < pinyinSortKey(b, person) ? -1 : 1));

  it('orders syllable by syllable, not letter by letter', () => {
    // huxian > huajun letter by letter; hu < hua syllable by syllable.
    expect(sorted(['华军', '胡献', '罗富和', '姚本棠', 'Annals'])).toEqual(['Annals', '胡献', '华军', '罗富和', '姚本棠']);
  });

  it("reads a person's surname as a surname, and tells homophones apart by the name", () => {
    expect(sorted(['曾浏览', '姚本棠'], true)).toEqual(['姚本棠', '曾浏览']);
    expect(sorted(['曾浏览', '姚本棠'], false)).toEqual(['曾浏览', '姚本棠']);
    expect(pinyinSortKey('胡', false)).not.toBe(pinyinSortKey('湖', false));
    expect(pinyinSortKey('胡', false).startsWith('hu\u0001')).toBe(true);
  });
});

describe('nameKeys', () => {
  it('fold names to lowercase in both scripts, and typed text the same way', () => {
    const keys = nameKeys(['罗富和', 'Luo Fuhe'], true);
    expect(keys).toEqual(expect.arrayContaining(['罗富和', '羅富和', 'luo fuhe']));
    expect(nameQueryForms('羅富和')).toContain('罗富和');
    expect(nameQueryForms('ＬＵＯ')).toEqual(['luo']);
  });
});
