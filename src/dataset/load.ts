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
 * Parses YAML (JSON is YAML too), so every issue can name its line (found on demand). A document
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
  // JSON (the usual form of a large archive) is read by JSON.parse, about 50 times faster than the
  // YAML parser. Only a document JSON.parse takes whole, without a repeated key, goes that way: JSON
  // has no anchors, aliases, tags or merge keys, and the YAML parser gives such a document the same
  // data (tests/unit/dataset-json.test.ts). Anything else (a syntax error, a repeated key, a BOM,
  // YAML) goes to the YAML parser below, which refuses it as before, with its line.
  const json = strictJson(text);
  if (json !== undefined) return { issues: [], doc: { file, baseDir, data: json.data, lineOf: linesOnDemand(text) } };
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
  return { issues: [], doc: { file, baseDir, data, lineOf: linesOnDemand(text) } };
}

/**
 * The line of a path in a document, found by parsing it again with positions on the first line asked.
 * The parsed Document keeps a node per value (about 50 bytes of heap per byte of text): holding it
 * for every file of a large archive exhausted the heap. Only a document with issues needs lines.
 */
function linesOnDemand(text: string): ParsedDocument['lineOf'] {
  let positions: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined;
  return (path) => {
    if (positions === undefined) {
      const lines = new LineCounter();
      positions = { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: true }), lines };
    }
    for (let n = path.length; n >= 0; n -= 1) {
      const node = positions.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return positions.lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/**
 * The data of a text that is a JSON object or array with no key repeated in one object, else
 * undefined. JSON.parse keeps the last of repeated keys silently, so the keys are counted twice:
 * in the parsed data, and in the text (each string followed by a colon); a difference is a
 * repeated key. Linear in the text, as JSON.parse is.
 */
export function strictJson(text: string): { data: unknown } | undefined {
  const first = text.search(/\S/);
  if (first < 0 || (text[first] !== '{' && text[first] !== '[')) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return keysInText(text) === keysInData(data) ? { data } : undefined;
}

/** Object keys in valid JSON text: strings followed (after whitespace) by a colon. */
function keysInText(text: string): number {
  let keys = 0;
  let at = text.indexOf('"');
  while (at >= 0) {
    // The closing quote: the next one not escaped (preceded by an even run of backslashes).
    let close = text.indexOf('"', at + 1);
    for (;;) {
      let slashes = 0;
      while (text.charCodeAt(close - 1 - slashes) === 92) slashes += 1;
      if (slashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    let next = close + 1;
    for (let c = text.charCodeAt(next); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(next)) next += 1;
    if (text.charCodeAt(next) === 58) keys += 1;
    at = text.indexOf('"', next);
  }
  return keys;
}

/** Object keys in parsed JSON, every level (without recursion: nesting depth is the document's). */
function keysInData(data: unknown): number {
  let keys = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else {
      const own = Object.keys(value);
      keys += own.length;
      for (const k of own) stack.push((value as Record<string, unknown>)[k]);
    }
  }
  return keys;
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
