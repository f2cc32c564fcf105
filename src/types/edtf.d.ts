// Minimal typings for the parts of `edtf` (4.x, untyped) that Annals uses.
declare module 'edtf' {
  export interface Bitmask {
    readonly value: number;
  }

  interface EdtfBase {
    readonly min: number;
    readonly max: number;
  }

  export interface EdtfDate extends EdtfBase {
    readonly type: 'Date';
    /** 1 year, 2 month, 3 day; 0 for timestamps. */
    readonly precision: number;
    readonly approximate: Bitmask;
    readonly uncertain: Bitmask;
    readonly unspecified: Bitmask;
  }

  export interface EdtfInterval extends EdtfBase {
    readonly type: 'Interval';
    /** Infinity for an open end ('..'), null for an unknown end (''). */
    readonly lower: EdtfDate | number | null;
    readonly upper: EdtfDate | number | null;
  }

  export interface EdtfOther extends EdtfBase {
    readonly type: 'Season' | 'Set' | 'List' | 'Year' | 'Decade' | 'Century';
  }

  export type EdtfValue = EdtfDate | EdtfInterval | EdtfOther;

  export default function edtf(input: string, options?: { level?: number; types?: string[] }): EdtfValue;
}
