import { describe, expect, it } from 'vitest';
import {
  DateParseError,
  formatDateLabel,
  normalizeWindowBound,
  parseDate,
  parseDateByGrammar,
  precisionRank,
  tryParseDate,
} from '../../src/model/dates.js';

describe('parseDate', () => {
  it.each([
    // edtf, earliest, latest, precision, approximate, uncertain, interval
    ['2003', '2003-01-01', '2003-12-31', 'YEAR', false, false, false],
    ['2002-07', '2002-07-01', '2002-07-31', 'MONTH', false, false, false],
    ['2006-07-07', '2006-07-07', '2006-07-07', 'DAY', false, false, false],
    ['2004-02', '2004-02-01', '2004-02-29', 'MONTH', false, false, false],
    ['2003-02', '2003-02-01', '2003-02-28', 'MONTH', false, false, false],
    ['2006-07-07/2006-07-08', '2006-07-07', '2006-07-08', 'DAY', false, false, true],
    ['2002-06/2006-07', '2002-06-01', '2006-07-31', 'MONTH', false, false, true],
    ['2002/2006-07-07', '2002-01-01', '2006-07-07', 'DAY', false, false, true],
    ['2002-06/..', '2002-06-01', null, 'MONTH', false, false, true],
    ['2002-06/', '2002-06-01', null, 'MONTH', false, false, true],
    ['../2003', null, '2003-12-31', 'YEAR', false, false, true],
    ['2003~', '2002-01-01', '2004-12-31', 'YEAR', true, false, false],
    ['2002-07~', '2002-06-01', '2002-08-31', 'MONTH', true, false, false],
    ['2004-01~', '2003-12-01', '2004-02-29', 'MONTH', true, false, false],
    ['2006-07-07~', '2006-07-06', '2006-07-08', 'DAY', true, false, false],
    ['2000-12-31~', '2000-12-30', '2001-01-01', 'DAY', true, false, false],
    ['2002?', '2002-01-01', '2002-12-31', 'YEAR', false, true, false],
    ['2004%', '2003-01-01', '2005-12-31', 'YEAR', true, true, false],
    ['2004-06~/2006', '2004-05-01', '2006-12-31', 'MONTH', true, false, true],
    ['0001~', '0001-01-01', '0002-12-31', 'YEAR', true, false, false],
    ['9999~', '9998-01-01', '9999-12-31', 'YEAR', true, false, false],
  ] as const)('%s', (input, earliest, latest, precision, approximate, uncertain, interval) => {
    const shape = interval ? 'INTERVAL' : 'DATE';
    expect(parseDate(input)).toEqual({ edtf: input, earliest, latest, precision, approximate, uncertain, interval, shape });
  });

  it('reads one date of a range, [A..B] ("at some time within"), bounded by its first and last member', () => {
    expect(parseDate('[2002-06..2006-07]')).toEqual({
      edtf: '[2002-06..2006-07]',
      earliest: '2002-06-01',
      latest: '2006-07-31',
      precision: 'MONTH',
      approximate: false,
      uncertain: false,
      interval: false,
      shape: 'ONE_OF_RANGE',
    });
    expect(parseDate('[2002..2003]')).toMatchObject({ earliest: '2002-01-01', latest: '2003-12-31', precision: 'YEAR' });
    expect(parseDate('[0050-01-01..0050-02-01]')).toMatchObject({ earliest: '0050-01-01', latest: '0050-02-01', precision: 'DAY' });
    expect(formatDateLabel(parseDate('[2002-06..2006-07]'), 'zh')).toBe('2002年6月至2006年7月间某时');
    expect(formatDateLabel(parseDate('[2002-06..2006-07]'), 'en')).toBe('some time between June 2002 and July 2006');
  });

  it.each([
    ['[2006-07..2002-06]', /must be later than the first/],
    ['[2002..2003-05]', /same precision/],
    ['[2002~..2003]', /qualifiers/],
    ['[2002,2003]', /only one date of a range/],
    ['[2002-13..2003-01]', /month must be 01-12/],
  ])('refuses the set %s', (input, reason) => {
    expect(() => parseDate(input)).toThrow(reason);
  });

  it('trims the input', () => {
    expect(parseDate('  2003 ').edtf).toBe('2003');
  });

  it('never turns an open or unknown bound into 1970-01-01', () => {
    for (const input of ['2002-06/..', '2002-06/', '1969-12/..', '1969-12-31/']) {
      expect(parseDate(input).latest).toBeNull();
    }
    for (const input of ['../2003', '/2003', '../1970-01-02']) {
      expect(parseDate(input).earliest).toBeNull();
    }
    for (const input of ['2002-06/..', '2002-06/', '../2003', '/2003', '2003~/..']) {
      const d = parseDate(input);
      expect([d.earliest, d.latest]).not.toContain('1970-01-01');
    }
  });

  it.each([
    ['2002-13', /month must be 01-12/],
    ['2002-00', /month must be 01-12/],
    ['2002-02-30', /day must be 01-28/],
    ['2003-02-29', /day must be 01-28/],
    ['', /empty/],
    ['   ', /empty/],
    ['abc', /expected YYYY/],
    ['2006-07-08/2006-07-07', /end must be later than start/],
    ['20XX', /unspecified digits/],
    ['2002-XX', /unspecified digits/],
    ['2002-21', /seasons/],
    ['0000', /year must be 0001-9999/],
    ['10000', /year must be 0001-9999/],
    ['-0050', /year must be 0001-9999/],
    ['..', /only allowed in an interval/],
    ['../..', /at least one end/],
    ['2002/2003/2004', /at most one/],
    ['2003-01-01T10:00:00', /expected YYYY/],
  ])('rejects %j', (input, message) => {
    expect(() => parseDate(input)).toThrow(DateParseError);
    expect(() => parseDate(input)).toThrow(message);
    expect(tryParseDate(input)).toBeNull();
  });

  it('quotes the input in the error message', () => {
    expect(() => parseDate('2002-13')).toThrow('Invalid EDTF date "2002-13": month must be 01-12');
  });
});

describe('parseDate without the grammar', () => {
  // Points of every precision and qualifier, including month ends, leap days and the year limits.
  const points: string[] = [];
  for (const year of ['1000', '1001', '1999', '2000', '2003', '2004', '2100', '9998', '9999']) {
    for (const q of ['', '~', '?', '%']) {
      points.push(`${year}${q}`);
      for (const month of ['01', '02', '06', '11', '12']) {
        points.push(`${year}-${month}${q}`);
        for (const day of ['01', '15', '28', '29', '30', '31']) points.push(`${year}-${month}-${day}${q}`);
      }
    }
  }
  const outcome = (parse: (s: string) => unknown, input: string): unknown => {
    try {
      return parse(input);
    } catch (e) {
      return e instanceof Error ? `${e.name}: ${e.message}` : e;
    }
  };
  const agree = (input: string): void => expect(outcome(parseDate, input), input).toEqual(outcome(parseDateByGrammar, input));

  // Property tests over thousands of inputs: an explicit budget, so a loaded CI machine cannot fail them on time.
  const HEAVY = { timeout: 120_000 };

  it('gives what edtf gives for every point shape', HEAVY, () => {
    points.forEach(agree);
  });

  it('gives what edtf gives for intervals: ordered, reversed, equal, qualified, open and unknown ends', HEAVY, () => {
    const ends = points.filter((_, n) => n % 7 === 0);
    for (const a of ends) {
      for (const b of ends.filter((_, n) => n % 5 === 0)) agree(`${a}/${b}`);
      for (const other of ['..', '']) {
        agree(`${a}/${other}`);
        agree(`${other}/${a}`);
      }
    }
    for (const same of ['2003/2003', '2003-05/2003', '2003/2003-05', '2003-05-01/2003-05', '2003-05/2003-05-01', '2003-05-02/2003-05'])
      agree(same);
  });
});

describe('precisionRank', () => {
  it('orders coarser precisions first', () => {
    expect([precisionRank('YEAR'), precisionRank('MONTH'), precisionRank('DAY')]).toEqual([0, 1, 2]);
  });
});

describe('formatDateLabel', () => {
  it.each([
    ['2003', '2003年', '2003'],
    ['2002-07', '2002年7月', 'July 2002'],
    ['2006-07-07', '2006年7月7日', '7 July 2006'],
    ['2003~', '约2003年', 'c. 2003'],
    ['2002?', '2002年？', '2002?'],
    ['2004%', '约2004年？', 'c. 2004?'],
    ['2006-07-07/2006-07-08', '2006年7月7日至8日', '7–8 July 2006'],
    ['2002-06/2002-12', '2002年6月至12月', 'June–December 2002'],
    ['2006-07-07/2006-08-02', '2006年7月7日至8月2日', '7 July – 2 August 2006'],
    ['2002-06/2006-07', '2002年6月至2006年7月', 'June 2002 – July 2006'],
    ['2002/2006', '2002年至2006年', '2002–2006'],
    ['2002-06~/2006-07', '约2002年6月至2006年7月', 'c. June 2002 – July 2006'],
    ['2002-06/..', '2002年6月起', 'from June 2002'],
    ['2002-06/', '2002年6月至不详', 'June 2002 – unknown'],
    ['../2003', '2003年以前', 'until 2003'],
  ])('%s', (input, zh, en) => {
    const d = parseDate(input);
    expect(formatDateLabel(d, 'zh')).toBe(zh);
    expect(formatDateLabel(d, 'en')).toBe(en);
  });
});

describe('normalizeWindowBound', () => {
  it.each([
    ['2003', 'from', '2003-01-01'],
    ['2003', 'to', '2003-12-31'],
    ['2002-06', 'to', '2002-06-30'],
    ['2004-02', 'to', '2004-02-29'],
    ['2006-07-07', 'from', '2006-07-07'],
    ['2002-06/2006-07', 'to', '2006-07-31'],
    ['2003~', 'from', '2002-01-01'],
  ] as const)('%s as %s → %s', (input, side, expected) => {
    expect(normalizeWindowBound(input, side)).toBe(expected);
  });

  it('rejects invalid and open bounds', () => {
    expect(() => normalizeWindowBound('2002-13', 'from')).toThrow(DateParseError);
    expect(() => normalizeWindowBound('2002-06/..', 'to')).toThrow(DateParseError);
    expect(() => normalizeWindowBound('../2003', 'from')).toThrow(DateParseError);
  });
});
