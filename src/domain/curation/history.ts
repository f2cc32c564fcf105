import type { Executor } from '../../db/executor.js';
import { badInput } from '../../errors.js';
import { changesSince, historyOf } from '../../queries/curation.js';
import { tryParseDate } from '../../model/dates.js';
import type { ChangeRecord } from './change.js';

export const HISTORY_MAX_FIRST = 500;

function checkFirst(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > HISTORY_MAX_FIRST) throw badInput(`first must be between 1 and ${HISTORY_MAX_FIRST}`, 'first');
  return n;
}

export async function history(executor: Executor, id: string, first?: number | null): Promise<ChangeRecord[]> {
  if (id.trim() === '' || id.length > 200) throw badInput('id must be a non-empty id of at most 200 characters', 'id');
  const rows = await executor.read(historyOf(id, checkFirst(first)));
  return rows.map((r) => r.change);
}

export async function changes(
  executor: Executor,
  args: { since?: string | null; curator?: string | null; first?: number | null },
): Promise<ChangeRecord[]> {
  let since: string | null = null;
  if (args.since != null) {
    const t = Date.parse(args.since);
    const day = /^(\d{4}-\d{2}-\d{2})/.exec(args.since)?.[1];
    // Date.parse rolls 2006-02-30 over to March; a date must read back as written.
    if (Number.isNaN(t) || day === undefined || tryParseDate(day) === null) {
      throw badInput(`since must be an ISO 8601 date or date-time, not "${args.since}"`, 'since');
    }
    since = new Date(t).toISOString();
  }
  const rows = await executor.read(changesSince(since, args.curator ?? null, checkFirst(args.first)));
  return rows.map((r) => r.change);
}
