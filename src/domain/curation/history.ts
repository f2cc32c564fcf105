import type { Executor } from '../../db/executor.js';
import { checkArguments } from '../../errors.js';
import { idArgument, instant, intArgument } from '../../model/arguments.js';
import { changesSince, historyOf } from '../../queries/curation.js';
import type { ChangeRecord } from './change.js';

export const HISTORY_MAX_FIRST = 500;

const FIRST = { field: 'first', min: 1, max: HISTORY_MAX_FIRST };

export async function history(executor: Executor, id: string, first?: number | null): Promise<ChangeRecord[]> {
  const checked = checkArguments(() => ({ id: idArgument(id, 'id'), first: intArgument(first, FIRST, 50) }));
  const rows = await executor.read(historyOf(checked.id, checked.first));
  return rows.map((r) => r.change);
}

export async function changes(
  executor: Executor,
  args: { since?: string | null; curator?: string | null; first?: number | null },
): Promise<ChangeRecord[]> {
  const checked = checkArguments(() => ({ since: instant(args.since, 'since'), first: intArgument(args.first, FIRST, 50) }));
  const rows = await executor.read(changesSince(checked.since, args.curator ?? null, checked.first));
  return rows.map((r) => r.change);
}
