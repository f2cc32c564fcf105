// The nearest passage of a quote that is not in its source verbatim, and the characters that differ.
import { describe, expect, it } from 'vitest';
import { CANDIDATES, describeNearest, nearestPassage, slackOf, type MatchWork } from '../../src/dataset/nearest-passage.js';

// Half-width commas, as the 2006 article has them (seed/sources/000_…).
const ARTICLE =
  '民进广东省委机关建设工作座谈会于2006年7月7-8日在清远市召开,机关21位同志参加了此次会议。会上,胡献副秘书长作了机关建设工作总结,回顾了自2002年6月换届以来省委会机关建设工作情况。\n\n    一、领导高度重视,稳步推进机关建设\n\n    换届以来,省委会领导班子一直把机关建设作为省委会的重要工作来抓。';

describe('nearestPassage', () => {
  it('finds a full-width comma where the source has a half-width one', () => {
    const quote = '胡献副秘书长作了机关建设工作总结，回顾了自2002年6月换届以来';
    const n = nearestPassage(ARTICLE, quote)!;
    expect(n.text).toBe('胡献副秘书长作了机关建设工作总结,回顾了自2002年6月换届以来');
    expect(n.start).toBe(ARTICLE.indexOf('胡献'));
    expect(n.differences).toEqual([{ quoteOffset: 16, quoteText: '，', sourceOffset: ARTICLE.indexOf(',回顾'), line: 1, sourceText: ',' }]);
    expect(describeNearest(n)).toContain(
      `quote has "，" (U+FF0C) where the source has "," (U+002C) at offset ${ARTICLE.indexOf(',回顾')} (line 1)`,
    );
  });

  it('and the reverse: a half-width comma where the source has a full-width one', () => {
    const source = '编者据该文整理：2002年12月，省委会建立了民进广东省委网站。';
    const n = nearestPassage(source, '2002年12月,省委会建立了民进广东省委网站')!;
    expect(n.differences).toEqual([{ quoteOffset: 8, quoteText: ',', sourceOffset: 16, line: 1, sourceText: '，' }]);
  });

  it('points at a line break inside the quote that the source does not have', () => {
    const quote = '省委会领导班子一直把机关建设\n作为省委会的重要工作来抓';
    const n = nearestPassage(ARTICLE, quote)!;
    expect(n.text).toBe('省委会领导班子一直把机关建设作为省委会的重要工作来抓');
    expect(n.differences).toHaveLength(1);
    expect(n.differences[0]).toMatchObject({ quoteText: '\n', sourceText: '', line: 5 });
    expect(describeNearest(n)).toContain('quote has "\\n" (U+000A) where the source has nothing');
  });

  it('points at the line break and indentation the source has and the quote lacks', () => {
    const quote = '工作情况。一、领导高度重视';
    const n = nearestPassage(ARTICLE, quote)!;
    expect(n.text).toBe('工作情况。\n\n    一、领导高度重视');
    expect(n.differences).toEqual([
      { quoteOffset: 5, quoteText: '', sourceOffset: ARTICLE.indexOf('\n\n    一'), line: 1, sourceText: '\n\n    ' },
    ]);
  });

  it('points at a trailing newline of the quote', () => {
    const n = nearestPassage(ARTICLE, '机关21位同志参加了此次会议\n')!;
    expect(n.text).toBe('机关21位同志参加了此次会议');
    expect(n.differences).toEqual([{ quoteOffset: 14, quoteText: '\n', sourceOffset: ARTICLE.indexOf('。会上'), line: 1, sourceText: '' }]);
  });

  it('points at CRLF line ends of the source, which a quote written in YAML never has', () => {
    const source = '第一行文字\r\n第二行文字';
    const n = nearestPassage(source, '第一行文字\n第二行文字')!;
    expect(n.differences).toEqual([{ quoteOffset: 5, quoteText: '', sourceOffset: 5, line: 1, sourceText: '\r' }]);
  });

  it('names a non-breaking space by its code point', () => {
    const source = '会议现场\u00a0\u00a0清远';
    const n = nearestPassage(source, '会议现场  清远')!;
    expect(describeNearest(n)).toContain('quote has "  " (U+0020 U+0020) where the source has "\\u00a0\\u00a0" (U+00A0 U+00A0)');
  });

  it('reports a changed word, and the earliest of equally near passages', () => {
    const source = '罗富和主委亲任领导小组组长。罗富和主委亲任领导小组组长。';
    const n = nearestPassage(source, '罗富和副主委亲任领导小组组长')!;
    expect(n.start).toBe(0);
    expect(n.differences).toEqual([{ quoteOffset: 3, quoteText: '副', sourceOffset: 3, line: 1, sourceText: '' }]);
  });

  it('says so when nothing in the source resembles the quote', () => {
    expect(nearestPassage(ARTICLE, 'xyz')).toBeNull();
    expect(describeNearest(null)).toBe('nothing in the source resembles it');
  });

  it('handles a quote of one character', () => {
    const n = nearestPassage('甲乙丙', '丁')!;
    expect(n).toBeNull();
    expect(nearestPassage('甲乙丙', 'ａ')).toBeNull();
    expect(nearestPassage('甲a丙', 'Ａ')!.differences).toEqual([
      { quoteOffset: 0, quoteText: 'Ａ', sourceOffset: 1, line: 1, sourceText: 'a' },
    ]);
  });

  it('stays bounded on a 10 MB source full of the quote’s characters: one scan, then a fixed number of short alignments', () => {
    // Every character pair of the quote occurs all over the source, so every window is a fair candidate.
    const quote = '机关建设工作座谈会在清远市召开，机关二十一位同志参加了此次会议，胡献副秘书长作了机关建设工作总结';
    const filler = '机关建设工作座谈会在清远召开,同志参加了会议,副秘书长作了工作总结。';
    const parts: string[] = [];
    let length = 0;
    while (length < 10_000_000) {
      parts.push(filler);
      length += filler.length;
    }
    const planted = quote.replace(/，/g, ',');
    const source = parts.join('') + planted + filler;
    const work: MatchWork = { scanned: 0, cells: 0 };
    const n = nearestPassage(source, quote, work)!;
    expect(n.start).toBe(source.length - filler.length - planted.length);
    expect(n.differences.map((d) => [d.quoteText, d.sourceText])).toEqual([
      ['，', ','],
      ['，', ','],
    ]);
    expect(work.scanned).toBe(source.length);
    const m = quote.length;
    expect(work.cells).toBeLessThanOrEqual(CANDIDATES * m * (m + 2 * slackOf(m) + 1));
    expect(work.cells).toBeLessThan(source.length);
  });
});
