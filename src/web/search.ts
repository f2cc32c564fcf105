// A search box with suggestions as you type (WAI-ARIA combobox with a listbox popup): Chinese,
// toneless pinyin or English. Arrow keys move, Enter opens, Escape closes.

import { ApiError, search, type EntityRef, type SearchHit } from './api.js';
import { debounce, h, replace } from './dom.js';
import { t, tData } from './i18n.js';

export interface ComboboxOptions {
  input: HTMLInputElement;
  /** Where the listbox goes (positioned below the input by CSS). */
  host: HTMLElement;
  /** Announces the number of suggestions to screen readers. */
  status: HTMLElement;
  onPick(entity: EntityRef): void;
}

let counter = 0;

export class SearchCombobox {
  private readonly listbox: HTMLUListElement;
  private hits: SearchHit[] = [];
  private active = -1;
  private seq = 0;
  private controller: AbortController | undefined;
  /** The entity whose name the input shows, if the text was not edited since it was picked. */
  picked: EntityRef | undefined;

  constructor(private readonly opts: ComboboxOptions) {
    const id = `${opts.input.id || `search-${++counter}`}-listbox`;
    this.listbox = h('ul', { id, role: 'listbox', class: 'suggestions', hidden: true });
    opts.host.appendChild(this.listbox);
    const input = opts.input;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id);
    input.autocomplete = 'off';
    input.spellcheck = false;

    const lookup = debounce(() => void this.lookup(), 120);
    input.addEventListener('input', () => {
      this.picked = undefined;
      lookup();
    });
    input.addEventListener('keydown', (e) => this.onKey(e, lookup));
    input.addEventListener('focus', () => {
      if (this.hits.length > 0 && !this.picked) this.open();
    });
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  /** Shows an entity in the input without searching (a URL-restored end of a path, say). */
  set(entity: EntityRef | undefined): void {
    this.picked = entity;
    this.opts.input.value = entity?.name ?? '';
    this.close();
  }

  private async lookup(): Promise<void> {
    const text = this.opts.input.value.trim();
    const seq = ++this.seq;
    this.controller?.abort();
    if (text === '') {
      this.hits = [];
      this.render();
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    try {
      const hits = await search(text, controller.signal);
      if (seq !== this.seq) return; // a later keystroke won
      this.hits = hits;
      this.active = -1; // nothing chosen until an arrow key: Enter alone takes the best hit
      this.render();
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      if (seq !== this.seq) return;
      this.hits = [];
      this.render(err instanceof ApiError ? err.message : String(err));
    }
  }

  private render(error?: string): void {
    const input = this.opts.input;
    replace(
      this.listbox,
      this.hits.map((hit, i) => {
        const en = hit.entity.names[0]?.value;
        return h(
          'li',
          {
            id: `${this.listbox.id}-${i}`,
            role: 'option',
            class: `suggestion type-${hit.entity.type.toLowerCase()}`,
            'aria-selected': i === this.active ? 'true' : 'false',
            'data-id': hit.entity.id,
            // mousedown, not click: it comes before the input's blur closes the list.
            onmousedown: (e: Event) => {
              e.preventDefault();
              this.choose(i);
            },
          },
          h('span', { class: 'badge' }, tData('type', hit.entity.type)),
          h('span', { class: 'suggestion-name' }, hit.entity.name),
          en && en !== hit.entity.name ? h('span', { class: 'suggestion-en', lang: 'en' }, en) : null,
          hit.matched.kind === 'TITLE' || hit.matched.kind === 'ROLE' || (hit.matched.kind === 'ALIAS' && hit.matched.value !== en)
            ? h('span', { class: 'suggestion-matched' }, hit.matched.value)
            : null,
        );
      }),
      this.hits.length === 0 && input.value.trim() !== ''
        ? h('li', { class: 'suggestion-empty', role: 'presentation' }, error ? t('search.error', { message: error }) : t('search.none'))
        : null,
    );
    this.opts.status.textContent =
      this.hits.length > 0 ? t('search.count', { n: this.hits.length }) : input.value.trim() !== '' ? t('search.none') : '';
    if (document.activeElement === input && input.value.trim() !== '') this.open();
    else this.close();
    this.highlight();
  }

  private open(): void {
    this.listbox.hidden = false;
    this.opts.input.setAttribute('aria-expanded', 'true');
  }

  private close(): void {
    this.listbox.hidden = true;
    this.opts.input.setAttribute('aria-expanded', 'false');
    this.opts.input.removeAttribute('aria-activedescendant');
  }

  private highlight(): void {
    const options = this.listbox.querySelectorAll<HTMLElement>('[role=option]');
    options.forEach((el, i) => el.setAttribute('aria-selected', i === this.active ? 'true' : 'false'));
    const current = options[this.active];
    if (current && !this.listbox.hidden) {
      this.opts.input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else {
      this.opts.input.removeAttribute('aria-activedescendant');
    }
  }

  private onKey(e: KeyboardEvent, lookup: { cancel(): void }): void {
    const n = this.hits.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (n === 0) return;
      e.preventDefault();
      if (this.listbox.hidden) {
        this.open();
        this.active = e.key === 'ArrowDown' ? 0 : n - 1;
      } else {
        this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n;
      }
      this.highlight();
    } else if (e.key === 'Enter') {
      if (n > 0 && !this.picked) {
        e.preventDefault();
        lookup.cancel();
        this.choose(this.active >= 0 ? this.active : 0);
      }
    } else if (e.key === 'Escape') {
      if (!this.listbox.hidden) {
        e.preventDefault();
        this.close();
      }
    } else if (e.key === 'Home' || e.key === 'End') {
      this.close();
    }
  }

  private choose(i: number): void {
    const hit = this.hits[i];
    if (!hit) return;
    this.set({ id: hit.entity.id, name: hit.entity.name, type: hit.entity.type });
    this.opts.onPick({ id: hit.entity.id, name: hit.entity.name, type: hit.entity.type });
  }
}
