/**
 * `annals propose` and proposeDataset's extractor side: the graph's names as the extractor's
 * dictionary (read in id-ordered pages by index seek), the extraction of a text, and its draft.
 */
import { basename } from 'node:path';
import type { Runner } from '../db/query.js';
import { extract, type Extraction, type KnownEntity } from '../dataset/propose/extract.js';
import { draftSourceId, draftYaml } from '../dataset/propose/draft.js';
import { badInput } from '../errors.js';
import { tryParseDate } from '../model/dates.js';
import { hasHan } from '../model/pinyin.js';
import { lexiconPage } from '../queries/propose.js';

const PAGE = 500;
/** The longest text `annals propose` reads (UTF-16 code units): a report or an article, not a book. */
export const PROPOSE_MAX_CHARS = 200_000;

/** Every entity of the graph (sources aside) with its names, for the extractor. */
export async function readLexicon(read: Runner): Promise<KnownEntity[]> {
  const out: KnownEntity[] = [];
  for (let after = ''; ;) {
    const rows = await read(lexiconPage(after, PAGE));
    for (const r of rows) {
      const values = r.nameValues ?? [];
      out.push({
        id: r.id,
        type: r.label,
        kind: r.kind,
        name: r.name,
        names: values.map((value, n) => ({ value, lang: r.nameLangs?.[n] ?? '', kind: r.nameKinds?.[n] ?? '' })),
      });
    }
    if (rows.length < PAGE) return out;
    after = rows.at(-1)!.id;
  }
}

export interface ProposeInput {
  text: string;
  /** The file's name: the source id and title come from it. */
  fileName: string;
  title?: string | null;
  /** The text's date, EDTF. */
  date?: string | null;
}

export interface Proposed {
  yaml: string;
  sourceId: string;
  extraction: Extraction;
}

/** Drafts a dataset of proposals from a text against the entities given (read from the graph by readLexicon). */
export function proposeFrom(input: ProposeInput, known: readonly KnownEntity[]): Proposed {
  if (input.text.length > PROPOSE_MAX_CHARS) throw badInput(`the text is over ${PROPOSE_MAX_CHARS} characters; split it`, 'text');
  if (input.text.trim() === '') throw badInput('the text is empty', 'text');
  if (input.date != null && tryParseDate(input.date) === null)
    throw badInput(`--date must be EDTF (2016-01-24, 2016-01, 2016), not "${input.date}"`, 'date');
  const text = input.text;
  const sourceId = draftSourceId(basename(input.fileName), text);
  const extraction = extract(text, { sourceId, date: input.date ?? null, known });
  const title =
    input.title ??
    (text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 200) ||
      basename(input.fileName));
  const yaml = draftYaml(
    { id: sourceId, title, text, language: hasHan(text) ? 'zh-Hans' : 'en' },
    extraction,
    `annals propose ${basename(input.fileName)}`,
  );
  return { yaml, sourceId, extraction };
}

/** proposeFrom against the graph `read` reaches. */
export async function proposeText(read: Runner, input: ProposeInput): Promise<Proposed> {
  return proposeFrom(input, await readLexicon(read));
}
