// The one set of argument checks (src/model/arguments.ts): what each accepts, what it refuses and
// how the refusal reads, and how checkArguments turns a refusal into the BAD_USER_INPUT clients see.
import { describe, expect, it } from 'vitest';
import { AnnalsError, checkArguments } from '../../src/errors.js';
import {
  ArgumentError,
  dateBounds,
  dateWindow,
  idArgument,
  instant,
  intArgument,
  MAX_ID_LENGTH,
  wholeNumber,
} from '../../src/model/arguments.js';

/** What a check threw: its class, message, field and details. */
function refusal(check: () => unknown): { message: string; field: string; details: Readonly<Record<string, unknown>> } {
  try {
    check();
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentError);
    const { message, field, details } = e as ArgumentError;
    return { message, field, details };
  }
  throw new Error('the check passed');
}

describe('intArgument', () => {
  const first = { field: 'first', min: 1, max: 100 };

  it('takes an integer in range, its fallback when absent, or undefined without one', () => {
    expect(intArgument(1, first, 10)).toBe(1);
    expect(intArgument(100, first, 10)).toBe(100);
    expect(intArgument(null, first, 10)).toBe(10);
    expect(intArgument(undefined, first, 10)).toBe(10);
    expect(intArgument(null, first)).toBeUndefined();
  });

  it('refuses numbers out of range, fractions and non-numbers, naming the argument', () => {
    for (const bad of [0, 101, -1, 2.5, Number.NaN, Infinity, '5', true]) {
      expect(refusal(() => intArgument(bad, first))).toEqual({ message: 'first must be between 1 and 100', field: 'first', details: {} });
    }
  });

  it('names its limit when asked, reads with its label, and explains a whole number over the maximum', () => {
    expect(
      refusal(() => intArgument(501, { field: 'first', label: 'first of Event.participants', min: 0, max: 500, limit: true })),
    ).toEqual({
      message: 'first of Event.participants must be between 0 and 500',
      field: 'first',
      details: { limit: 'first', max: 500 },
    });
    const hops = { field: 'maxHops', min: 1, max: 6, overMax: 'maxHops is capped at 6' };
    expect(refusal(() => intArgument(50, hops)).message).toBe('maxHops is capped at 6');
    expect(refusal(() => intArgument(0, hops)).message).toBe('maxHops must be between 1 and 6');
    expect(refusal(() => intArgument(6.5, hops)).message).toBe('maxHops must be between 1 and 6');
  });
});

describe('wholeNumber', () => {
  it('reads digits, leaves absence to the caller and refuses anything else', () => {
    expect(wholeNumber('2', 'depth')).toBe(2);
    expect(wholeNumber(undefined, 'depth')).toBeUndefined();
    for (const bad of ['', '-1', '1.5', '2e3', ' 2', '0x10', '1234567'])
      expect(refusal(() => wholeNumber(bad, 'depth'))).toEqual({ message: 'depth must be a whole number', field: 'depth', details: {} });
  });
});

describe('idArgument', () => {
  it('takes a non-blank id up to its maximum length', () => {
    expect(idArgument('org-capd', 'id')).toBe('org-capd');
    expect(idArgument('x'.repeat(MAX_ID_LENGTH), 'id')).toHaveLength(MAX_ID_LENGTH);
    for (const bad of ['', '  ', 'x'.repeat(MAX_ID_LENGTH + 1)])
      expect(refusal(() => idArgument(bad, 'from')).message).toBe(`from must be a non-empty id of at most ${MAX_ID_LENGTH} characters`);
  });
});

describe('dateBounds', () => {
  it('reads an EDTF date as its bounds, open ends stretched to the extremes', () => {
    expect(dateBounds('2002-07', 'at')).toEqual({ earliest: '2002-07-01', latest: '2002-07-31' });
    expect(dateBounds('2002-06/..', 'at')).toEqual({ earliest: '2002-06-01', latest: '9999-12-31' });
    expect(dateBounds('../2003', 'at')).toEqual({ earliest: '0001-01-01', latest: '2003-12-31' });
    expect(dateBounds(null, 'at')).toBeNull();
  });

  it('refuses what is no EDTF date with the parser’s reason, naming the argument', () => {
    expect(refusal(() => dateBounds('2002-13', 'before'))).toEqual({
      message: 'Invalid EDTF date "2002-13": month must be 01-12',
      field: 'before',
      details: {},
    });
  });
});

describe('dateWindow', () => {
  it('reads from at its earliest and to at its latest, either open', () => {
    expect(dateWindow('2002', '2003-06')).toEqual({ from: '2002-01-01', to: '2003-06-30' });
    expect(dateWindow(null, undefined)).toEqual({ from: null, to: null });
  });

  it('refuses a bad or open bound naming its side, and an empty window naming to', () => {
    expect(refusal(() => dateWindow('2002-13', null)).field).toBe('from');
    expect(refusal(() => dateWindow(null, '2002/..')).field).toBe('to');
    expect(refusal(() => dateWindow('', null)).field).toBe('from');
    expect(refusal(() => dateWindow('2004', '2003'))).toEqual({
      message: 'the window is empty: from (2004-01-01) is after to (2003-12-31)',
      field: 'to',
      details: {},
    });
  });
});

describe('instant', () => {
  it('reads an ISO date or date-time as an ISO instant', () => {
    expect(instant('2006-07-07', 'since')).toBe('2006-07-07T00:00:00.000Z');
    expect(instant('2006-07-07T08:00:00+08:00', 'since')).toBe('2006-07-07T00:00:00.000Z');
    expect(instant(undefined, 'since')).toBeNull();
  });

  it('refuses a day that does not exist rather than rolling it over', () => {
    for (const bad of ['2006-02-30', 'yesterday', '07/07/2006'])
      expect(refusal(() => instant(bad, 'since')).message).toBe(`since must be an ISO 8601 date or date-time, not "${bad}"`);
  });
});

describe('checkArguments', () => {
  it('passes values through and turns an ArgumentError into BAD_USER_INPUT with its field and details', () => {
    expect(checkArguments(() => intArgument(3, { field: 'depth', min: 1, max: 3 }))).toBe(3);
    let thrown: unknown;
    try {
      checkArguments(() => intArgument(600, { field: 'first', min: 0, max: 500, limit: true }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AnnalsError);
    expect((thrown as AnnalsError).message).toBe('first must be between 0 and 500');
    expect((thrown as AnnalsError).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first', limit: 'first', max: 500 });
  });

  it('lets other errors through unchanged', () => {
    const boom = new Error('boom');
    expect(() =>
      checkArguments(() => {
        throw boom;
      }),
    ).toThrow(boom);
  });
});
