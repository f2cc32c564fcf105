// The operations of the side-by-side bench (bench/run.ts), one key each, shared by its columns.
export type OperationKey = 'timeline' | 'entity' | 'searchZh' | 'searchPinyin' | 'roster' | 'connections' | 'neighborhood';

export const OPERATION_KEYS: readonly OperationKey[] = [
  'timeline',
  'entity',
  'searchZh',
  'searchPinyin',
  'roster',
  'connections',
  'neighborhood',
];
