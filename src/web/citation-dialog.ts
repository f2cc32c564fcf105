// Shows a source's full text with one citation's quote highlighted (start/end are UTF-16 offsets,
// which is what JavaScript strings index by), in a modal <dialog>: focus moves in, Escape closes.

import { ApiError, loadSource, type Citation } from './api.js';
import { byId, h, replace } from './dom.js';
import { pick, t } from './i18n.js';

let dialog: HTMLDialogElement;
let returnFocus: HTMLElement | null = null;

export function initCitationDialog(): void {
  dialog = byId<HTMLDialogElement>('citation-dialog');
  byId('citation-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    returnFocus?.focus();
    returnFocus = null;
  });
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
}

/** Where the quote is: at its offsets when they match, else its first occurrence, else nowhere. */
export function locateQuote(text: string, c: Pick<Citation, 'quote' | 'start' | 'end'>): { start: number; end: number } | null {
  if (text.slice(c.start, c.end) === c.quote) return { start: c.start, end: c.end };
  const at = text.indexOf(c.quote);
  return at >= 0 ? { start: at, end: at + c.quote.length } : null;
}

/** Opens the source of a citation with its quote highlighted; without a citation, the plain text. */
export async function showSource(sourceId: string, citation?: Citation, opener?: HTMLElement): Promise<void> {
  returnFocus = opener ?? (document.activeElement as HTMLElement | null);
  const title = byId('citation-title');
  const meta = byId('citation-meta');
  const body = byId('citation-text');
  replace(title, citation ? pick(citation.source.title, citation.source.titleEn) : '…');
  replace(meta, t('panel.loading'));
  replace(body);
  if (!dialog.open) dialog.showModal();
  try {
    const source = await loadSource(sourceId);
    replace(title, pick(source.title, source.titleEn));
    const where = citation ? locateQuote(source.text, citation) : null;
    if (citation && where) {
      replace(
        body,
        source.text.slice(0, where.start),
        h('mark', { id: 'citation-mark', class: 'quote', tabindex: '-1' }, source.text.slice(where.start, where.end)),
        source.text.slice(where.end),
      );
      replace(meta, `${t('dialog.hint')} ${t('cite.line', { line: citation.line })} · “${citation.quote}”`);
      const mark = byId('citation-mark');
      mark.scrollIntoView({ block: 'center' });
    } else {
      replace(body, source.text);
      replace(meta, citation ? t('dialog.quoteNotFound') : (source.publisher ?? ''));
      body.scrollTop = 0;
    }
  } catch (err) {
    replace(
      meta,
      t('error.generic', { code: err instanceof ApiError ? err.code : 'ERROR', message: err instanceof Error ? err.message : String(err) }),
    );
  }
}
