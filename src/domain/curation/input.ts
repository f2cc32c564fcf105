import type { Runner } from '../../db/query.js';
import type { ParsedDocument } from '../../dataset/load.js';
import type { ImportPlan } from '../../dataset/plan.js';
import { planImport } from '../../dataset/plan.js';
import type { ValidDataset } from '../../dataset/validate.js';
import { entityFieldsOf, readFields } from '../../dataset/fields.js';
import { badInput } from '../../errors.js';
import { DatasetInvalidError, validateAgainstGraph } from '../import.js';
import type { EntityLabel } from '../../model/vocabulary.js';
import type { EntitySnap, RelationSnap } from './snapshot.js';

type Section = 'entities' | 'relationships' | 'sources';

/** Validates one mutation input with the dataset rules; issues come back as BAD_USER_INPUT on `input.…`. */
export async function validateInput(
  run: Runner,
  section: Section,
  entry: Record<string, unknown>,
): Promise<{ dataset: ValidDataset; plan: ImportPlan }> {
  const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== null));
  const doc: ParsedDocument = { file: 'input', baseDir: null, data: { [section]: [clean] }, lineOf: () => undefined };
  try {
    const dataset = await validateAgainstGraph(run, [doc]);
    return { dataset, plan: planImport(dataset) };
  } catch (err) {
    if (!(err instanceof DatasetInvalidError)) throw err;
    const first = err.issues[0]!;
    const field = first.path.replace(`${section}[0]`, 'input').replace(/^input\.?$/, 'input');
    const message = err.issues.map((i) => `${i.path.replace(`${section}[0]`, 'input')}: ${i.message}`).join('; ');
    throw badInput(message, field);
  }
}

function planCitations(plan: ImportPlan, about: string): EntitySnap['citations'] {
  return plan.citations
    .filter((c) => c.props['about'] === about)
    .map((c) => ({ ...(c.props as unknown as Omit<EntitySnap['citations'][number], 'sourceId'>), sourceId: c.sourceId }));
}

/** The state an entity takes from a validated plan (relations kept from before, if any). */
export function entityFromPlan(plan: ImportPlan, label: EntityLabel, id: string, relations: RelationSnap[], revision: number): EntitySnap {
  const row = plan.nodes.get(label)?.find((r) => r.id === id);
  if (row === undefined) throw new Error(`the plan has no ${label} ${id}`);
  return { kind: 'entity', id, label, props: { ...row.props, revision }, citations: planCitations(plan, id), relations };
}

/**
 * The state of the one relationship a mutation's validated plan holds, with the type validation
 * accepted (a curated one, whatever the input named).
 */
export function relationFromPlan(plan: ImportPlan): RelationSnap {
  const [[type, rows] = []] = plan.relationships;
  const row = rows?.[0];
  if (type === undefined || row === undefined) throw new Error('the plan has no relationship');
  return { kind: 'relation', id: row.id, type, from: row.from, to: row.to, props: row.props, citations: planCitations(plan, row.id) };
}

/**
 * An entity's stored state back in the dataset's input shape (through the one field table), for
 * updates that change a few fields. With `dropGeneratedPinyin`, a generated pinyin name is left out
 * so that a new primary name gets its own.
 */
export function entityAsInput(snap: EntitySnap, dropGeneratedPinyin: boolean): Record<string, unknown> {
  const input = readFields(entityFieldsOf(snap.label), snap.props);
  if (dropGeneratedPinyin && Array.isArray(input['names'])) {
    input['names'] = (input['names'] as { lang: string; kind: string }[]).filter((n) => !(n.lang === 'pinyin' && n.kind === 'PRIMARY'));
  }
  return { ...input, type: snap.label, citations: snap.citations.map((c) => ({ source: c.sourceId, quote: c.quote })) };
}
