// The review page (review.html): a curator with a write token reads a draft's source text with the
// proposed mentions highlighted, and accepts or rejects each proposal (or all of them at once).
import {
  acceptAll,
  acceptOne,
  loadDraft,
  rejectOne,
  waitingDrafts,
  type DraftView,
  type ProposalView,
  type TextSpan,
} from './review-api.js';
import { byId, h, replace } from './dom.js';
import './style.css';

const TOKEN_KEY = 'annals.reviewToken';
let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let current: DraftView | null = null;
let focus: string | null = null;

function status(message: string, error = false): void {
  const el = byId('review-status');
  el.textContent = message;
  el.classList.toggle('error', error);
}

/** The source text with each proposal's highlights as marks (overlaps: the first one wins), the focused one's quote outlined. */
function renderSource(draft: DraftView): void {
  const text = draft.sourceText;
  const spans: (TextSpan & { id: string; kind: string })[] = [];
  for (const p of draft.proposals) {
    if (p.status === 'REJECTED') continue;
    for (const s of p.highlights) spans.push({ ...s, id: p.id, kind: p.status === 'ACCEPTED' ? 'accepted' : 'proposed' });
  }
  const focused = draft.proposals.find((p) => p.id === focus);
  if (focused?.start != null && focused.end != null) spans.push({ start: focused.start, end: focused.end, id: focused.id, kind: 'quote' });
  spans.sort((a, b) => a.start - b.start || (a.kind === 'quote' ? -1 : 1));
  const out: (Node | string)[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out.push(text.slice(at, s.start));
    out.push(
      h(
        'mark',
        { class: `mention ${s.kind}`, 'data-proposal': s.id, title: s.id, onclick: () => select(s.id) },
        text.slice(s.start, s.end),
      ),
    );
    at = s.end;
  }
  out.push(text.slice(at));
  replace(
    byId('source'),
    h('h2', {}, draft.sourceTitle),
    h('p', { class: 'meta' }, `proposed by ${draft.proposer}, ${draft.proposedAt}`),
    h('pre', { class: 'source-text' }, ...out),
  );
  document.querySelector('mark.quote')?.scrollIntoView({ block: 'center' });
}

function itemView(p: ProposalView): HTMLElement {
  const reason = h('input', { type: 'text', class: 'reason', placeholder: 'reason to reject', 'aria-label': `reason to reject ${p.id}` });
  const actions =
    p.status === 'PROPOSED'
      ? h(
          'div',
          { class: 'actions' },
          h(
            'button',
            { type: 'button', class: 'accept', onclick: () => decide(() => acceptOne(token, p.id), `accepted ${p.id}`) },
            'Accept',
          ),
          reason,
          h(
            'button',
            {
              type: 'button',
              class: 'reject',
              onclick: () => {
                if (reason.value.trim() === '') return status('Give a reason to reject.', true);
                return decide(() => rejectOne(token, p.id, reason.value.trim()), `rejected ${p.id}`);
              },
            },
            'Reject',
          ),
        )
      : h('p', { class: 'decided' }, `${p.status.toLowerCase()} by ${p.reviewer ?? '?'}${p.reason ? `: ${p.reason}` : ''}`);
  return h(
    'li',
    { class: `proposal ${p.status.toLowerCase()}${p.id === focus ? ' focused' : ''}`, 'data-proposal': p.id, 'data-status': p.status },
    h('button', { type: 'button', class: 'summary', onclick: () => select(p.id) }, p.summary),
    p.note ? h('p', { class: 'note' }, p.note) : null,
    p.quote ? h('blockquote', {}, p.quote) : null,
    actions,
  );
}

function renderItems(draft: DraftView): void {
  const waiting = draft.proposals.filter((p) => p.status === 'PROPOSED').length;
  replace(
    byId('items'),
    h('h2', {}, `${draft.proposals.length} proposals, ${waiting} waiting`),
    waiting > 0
      ? h(
          'button',
          { type: 'button', id: 'accept-all', onclick: () => decide(() => acceptAll(token, draft.id), 'accepted all') },
          'Accept all waiting',
        )
      : null,
    h('ol', { class: 'proposal-list' }, draft.proposals.map(itemView)),
  );
}

function select(id: string): void {
  focus = id;
  if (current) {
    renderSource(current);
    renderItems(current);
  }
}

async function decide(work: () => Promise<void>, done: string): Promise<void> {
  try {
    await work();
    status(done);
    if (current) await open(current.id);
  } catch (err) {
    status(err instanceof Error ? err.message : String(err), true);
  }
}

async function open(id: string): Promise<void> {
  const draft = await loadDraft(token, id);
  if (draft === null) return status(`No draft ${id}.`, true);
  current = draft;
  const url = new URL(location.href);
  url.searchParams.set('draft', id);
  history.replaceState(null, '', url);
  renderSource(draft);
  renderItems(draft);
}

async function load(): Promise<void> {
  try {
    const drafts = await waitingDrafts(token);
    replace(
      byId('drafts'),
      h('h2', {}, 'Drafts waiting'),
      drafts.length === 0
        ? h('p', {}, 'Nothing waiting for review.')
        : h(
            'ul',
            {},
            drafts.map((d) =>
              h(
                'li',
                {},
                h(
                  'button',
                  { type: 'button', class: 'draft', onclick: () => void open(d.draft) },
                  `${d.draft} (${d.waiting}, by ${d.proposer})`,
                ),
              ),
            ),
          ),
    );
    const wanted = new URL(location.href).searchParams.get('draft');
    if (wanted) await open(wanted);
    status(drafts.length === 0 ? 'Nothing waiting for review.' : `${drafts.length} draft(s) waiting`);
  } catch (err) {
    status(err instanceof Error ? err.message : String(err), true);
  }
}

byId<HTMLFormElement>('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = byId<HTMLInputElement>('token-input').value.trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  void load();
});
if (token !== '') void load();
else status('Enter a write token to review proposals.');
