// Browsing without searching: every person, organization, event, initiative, place and source, page
// by page (the API's `entities` connection), narrowed by type, kind and decade with the counts of
// each (its facets). A server without that connection gets a note instead of the list.

import { BROWSE_PAGE, BrowseUnavailable, browse, type BrowseItem, type BrowsePage, type EntityType, type FacetCount } from './api.js';
import { h, replace } from './dom.js';
import { nameOf, originalName, t, tData } from './i18n.js';

export interface BrowseFilter {
  type?: EntityType | undefined;
  kind?: string | undefined;
  decade?: string | undefined;
}

export interface BrowseCallbacks {
  href(id: string): string;
  open(id: string): void;
  /** The user changed a facet. */
  onFilter(filter: BrowseFilter): void;
  /** The places now listed (the map marks them). */
  onPlaces(ids: string[]): void;
  onError(err: unknown, retry: () => void): void;
}

/** Every type the API's `entities` lists (sources too), so the chips add up to the count of All. */
const TYPES: EntityType[] = ['PERSON', 'ORGANIZATION', 'EVENT', 'INITIATIVE', 'PLACE', 'SOURCE'];

export class BrowseView {
  private items: BrowseItem[] = [];
  private page: BrowsePage | undefined;
  private filter: BrowseFilter = {};
  private lang = 'zh';
  private seq = 0;
  private controller: AbortController | undefined;
  /** False once the server said it has no `entities` connection. */
  available = true;

  constructor(
    private readonly root: HTMLElement,
    private readonly callbacks: BrowseCallbacks,
  ) {}

  /** Loads the first page for a filter (and language). */
  async show(filter: BrowseFilter, lang: string): Promise<void> {
    this.filter = filter;
    this.lang = lang;
    this.items = [];
    await this.load(undefined);
  }

  private async load(after: string | undefined): Promise<void> {
    if (!this.available) return;
    const seq = ++this.seq;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.root.setAttribute('aria-busy', 'true');
    if (after === undefined) this.status(t('status.loading'));
    try {
      const page = await browse({ ...this.filter, after, lang: this.lang }, controller.signal);
      if (seq !== this.seq) return;
      this.page = page;
      this.items = [...this.items, ...page.items];
      this.render();
      this.callbacks.onPlaces(this.items.filter((i) => i.type === 'PLACE').map((i) => i.id));
    } catch (err) {
      if (seq !== this.seq) return;
      if (err instanceof BrowseUnavailable) {
        this.available = false;
        this.root.dataset['unavailable'] = 'true';
        replace(this.root, h('p', { class: 'empty browse-unavailable' }, t('browse.unavailable')));
        return;
      }
      if (!(err instanceof DOMException && err.name === 'AbortError')) {
        this.status(t('browse.failed'));
        this.callbacks.onError(err, () => void this.load(after));
      }
    } finally {
      if (seq === this.seq) this.root.removeAttribute('aria-busy');
    }
  }

  /** Redraws in the page language (names and facet labels). */
  setLang(lang: string): void {
    if (this.lang !== lang) void this.show(this.filter, lang);
  }

  private status(text: string): void {
    const p = this.root.querySelector('.browse-status');
    if (p) p.textContent = text;
    else replace(this.root, h('p', { class: 'browse-status', role: 'status' }, text));
  }

  private facet(name: 'type' | 'kind' | 'decade', values: FacetCount[], label: (v: string) => string): HTMLElement {
    const current = this.filter[name];
    const id = `browse-${name}`;
    return h(
      'label',
      { class: 'inline', for: id },
      h('span', {}, t(`browse.${name}`)),
      h(
        'select',
        {
          id,
          onchange: (e: Event) => {
            const value = (e.target as HTMLSelectElement).value || undefined;
            // A new type has other kinds: the kind is cleared with it.
            const next: BrowseFilter = { ...this.filter, [name]: value, ...(name === 'type' ? { kind: undefined } : {}) };
            this.callbacks.onFilter(next);
          },
        },
        h('option', { value: '' }, t('browse.all')),
        values.map((f) => h('option', { value: f.value, selected: f.value === current }, `${label(f.value)} (${f.count})`)),
        // A value in the URL with no entity left still shows as chosen.
        current && !values.some((f) => f.value === current)
          ? h('option', { value: current, selected: true }, `${label(current)} (0)`)
          : null,
      ),
    );
  }

  private render(): void {
    const page = this.page;
    if (!page) return;
    const types = TYPES.map((type) => ({ value: type, count: page.facets.types.find((f) => f.value === type)?.count ?? 0 }));
    replace(
      this.root,
      h(
        'div',
        { class: 'browse-facets' },
        h(
          'div',
          { class: 'chips browse-types', role: 'group', 'aria-label': t('browse.type') },
          h(
            'button',
            {
              type: 'button',
              class: 'chip',
              'aria-pressed': String(!this.filter.type),
              onclick: () => this.callbacks.onFilter({ ...this.filter, type: undefined, kind: undefined }),
            },
            t('browse.all'),
          ),
          types.map((f) =>
            h(
              'button',
              {
                type: 'button',
                class: 'chip',
                'data-type': f.value,
                'aria-pressed': String(this.filter.type === f.value),
                onclick: () => this.callbacks.onFilter({ ...this.filter, type: f.value, kind: undefined }),
              },
              `${tData('type', f.value)} (${f.count})`,
            ),
          ),
        ),
        this.facet('kind', page.facets.kinds, (v) => tData('kind', v)),
        this.facet('decade', page.facets.decades, (v) => t('browse.decadeLabel', { decade: v })),
      ),
      h('p', { class: 'browse-status count', role: 'status' }, t('browse.count', { n: page.totalCount })),
      h(
        'ul',
        { class: 'browse-list' },
        this.items.map((item) => {
          const zh = originalName(item);
          return h(
            'li',
            { 'data-id': item.id, 'data-type': item.type },
            h(
              'a',
              {
                href: this.callbacks.href(item.id),
                class: `entity-link type-${item.type.toLowerCase()}`,
                onclick: (e: Event) => {
                  const m = e as MouseEvent;
                  if (m.ctrlKey || m.metaKey || m.shiftKey || m.button !== 0) return;
                  e.preventDefault();
                  this.callbacks.open(item.id);
                },
              },
              nameOf(item),
            ),
            zh ? h('span', { class: 'zh-beside', lang: 'zh-Hans' }, zh) : null,
            h(
              'span',
              { class: 'browse-meta' },
              [tData('type', item.type), item.kind ? tData('kind', item.kind) : '', item.date?.label ?? ''].filter(Boolean).join(' · '),
            ),
          );
        }),
      ),
      page.pageInfo.hasNextPage && page.pageInfo.endCursor
        ? h(
            'button',
            { type: 'button', class: 'secondary browse-more', onclick: () => void this.load(page.pageInfo.endCursor ?? undefined) },
            t('browse.more'),
          )
        : null,
    );
  }

  /** For the tests: the ids listed. */
  snapshot(): { available: boolean; ids: string[]; total: number | undefined } {
    return { available: this.available, ids: this.items.map((i) => i.id), total: this.page?.totalCount };
  }

  /** The page size, for the tests. */
  static readonly pageSize = BROWSE_PAGE;
}
