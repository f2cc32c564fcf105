/** One problem found in a dataset, located precisely enough for a curator to fix it. */
export interface DatasetIssue {
  file: string;
  /** Path inside the document, e.g. entities[3].citations[0].quote */
  path: string;
  /** Id of the entry the path is in, when it has one. */
  entry?: string;
  line?: number | undefined;
  message: string;
}

export function formatIssue(i: DatasetIssue): string {
  const where = i.line === undefined ? i.file : `${i.file}:${i.line}`;
  const entry = i.entry === undefined ? '' : ` (${i.entry})`;
  const path = i.path === '' ? '' : ` ${i.path}${entry}`;
  return `${where}${path}: ${i.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join('');
}
