import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { DatasetIssue } from './issues.js';

/** One dataset document as parsed: its data, and a way to find the line of any path in it. */
export interface ParsedDocument {
  file: string;
  /** Folder that `sources[].file` paths are relative to; null when files may not be read. */
  baseDir: string | null;
  data: unknown;
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/**
 * Parses YAML (JSON is YAML too) keeping positions, so every issue can name its line. A document
 * that code generated as JSON (`generated`: the spreadsheet import's) is read with JSON.parse,
 * many times faster on megabytes; its issues carry paths and no lines (the generator maps them).
 */
export function parseDatasetText(
  text: string,
  file: string,
  baseDir: string | null,
  generated = false,
): { doc?: ParsedDocument; issues: DatasetIssue[] } {
  if (generated) {
    try {
      return { issues: [], doc: { file, baseDir, data: JSON.parse(text) as unknown, lineOf: () => undefined } };
    } catch (e) {
      return { issues: [{ file, path: '', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => ({
        file,
        path: '',
        line: e.linePos?.[0]?.line,
        message: `not valid YAML or JSON: ${e.message.split('\n')[0] ?? ''}`,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml library refuses alias expansion bombs; anything it refuses is the document's fault.
    return { issues: [{ file, path: '', message: `not a usable document: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  // The parsed Document keeps a node per value (about 50 bytes of heap per byte of text): holding it
  // for every file of a large archive exhausted the heap. Only a document with issues needs lines, so
  // it is parsed again, once, on the first line asked.
  let positions: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined;
  return {
    issues: [],
    doc: {
      file,
      baseDir,
      data,
      lineOf(path) {
        if (positions === undefined) {
          const lines = new LineCounter();
          positions = { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: true }), lines };
        }
        for (let n = path.length; n >= 0; n -= 1) {
          const node = positions.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
          if (node?.range) return positions.lines.linePos(node.range[0]).line;
        }
        return undefined;
      },
    },
  };
}

/** Reads the listed dataset files as text, for parsing elsewhere (the import worker); missing files are issues. */
export function readDatasetTexts(
  paths: string[],
  cwd: string = process.cwd(),
): { texts: { text: string; file: string; baseDir: string }[]; issues: DatasetIssue[] } {
  const texts: { text: string; file: string; baseDir: string }[] = [];
  const issues: DatasetIssue[] = [];
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    if (!existsSync(abs)) issues.push({ file: p, path: '', message: 'file not found' });
    else texts.push({ text: readFileSync(abs, 'utf8'), file: relative(cwd, abs) || abs, baseDir: dirname(abs) });
  }
  return { texts, issues };
}

/** Reads and parses the listed files (in this thread: for validation without a database). */
export function readDatasetFiles(paths: string[], cwd: string = process.cwd()): { docs: ParsedDocument[]; issues: DatasetIssue[] } {
  const { texts, issues } = readDatasetTexts(paths, cwd);
  const docs: ParsedDocument[] = [];
  for (const t of texts) {
    const res = parseDatasetText(t.text, t.file, t.baseDir);
    issues.push(...res.issues);
    if (res.doc) docs.push(res.doc);
  }
  return { docs, issues };
}

/** The dataset files of a seed folder: `<seedDir>/data/*.{yaml,yml,json}`, sorted. */
export function seedFiles(seedDir: string): string[] {
  const dataDir = join(seedDir, 'data');
  return readdirSync(dataDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dataDir, f));
}
