// The review page's queries: proposals under review, read and decided with the curator's token
// (a write token; a propose token may read them but not decide). Apart from api.ts, whose queries are public reads.
import { ApiError, ENDPOINT } from './api.js';

export interface TextSpan {
  start: number;
  end: number;
}

export interface ProposalView {
  id: string;
  status: 'PROPOSED' | 'ACCEPTED' | 'REJECTED';
  label: string;
  summary: string;
  note: string | null;
  quote: string | null;
  start: number | null;
  end: number | null;
  highlights: TextSpan[];
  reviewer: string | null;
  reason: string | null;
}

export interface DraftView {
  id: string;
  proposer: string;
  proposedAt: string;
  sourceTitle: string;
  sourceText: string;
  proposals: ProposalView[];
}

async function call<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new ApiError(err instanceof Error ? err.message : String(err), 'NETWORK');
  }
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`HTTP ${res.status}`, `HTTP_${res.status}`);
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? `HTTP_${res.status}`);
  if (body.data == null) throw new ApiError(`HTTP ${res.status}: no data`, `HTTP_${res.status}`);
  return body.data;
}

const ITEM = 'id status label summary note quote start end highlights { start end } reviewer reason';

/** Drafts with proposals waiting, newest first: their ids and how many wait. */
export async function waitingDrafts(token: string): Promise<{ draft: string; waiting: number; proposer: string }[]> {
  const data = await call<{ proposals: { draft: string; proposer: string }[] }>(
    token,
    '{ proposals(status: PROPOSED, first: 500) { draft proposer } }',
  );
  const out = new Map<string, { draft: string; waiting: number; proposer: string }>();
  for (const p of data.proposals) {
    const d = out.get(p.draft) ?? { draft: p.draft, waiting: 0, proposer: p.proposer };
    d.waiting += 1;
    out.set(p.draft, d);
  }
  return [...out.values()];
}

export async function loadDraft(token: string, id: string): Promise<DraftView | null> {
  const data = await call<{ proposalDraft: DraftView | null }>(
    token,
    `query($id: ID!) { proposalDraft(id: $id) { id proposer proposedAt sourceTitle sourceText proposals { ${ITEM} } } }`,
    { id },
  );
  return data.proposalDraft;
}

export async function acceptOne(token: string, id: string): Promise<void> {
  await call(token, 'mutation($id: ID!) { acceptProposal(id: $id) { accepted { id } } }', { id });
}

export async function acceptAll(token: string, draft: string): Promise<void> {
  await call(token, 'mutation($draft: ID!) { acceptProposals(draft: $draft) { accepted { id } } }', { draft });
}

export async function rejectOne(token: string, id: string, reason: string): Promise<void> {
  await call(token, 'mutation($id: ID!, $reason: String!) { rejectProposal(id: $id, reason: $reason) { id } }', { id, reason });
}
