// The entity panel: names in every language, description, positions with their periods, events,
// other relations, and every citation as a button that opens the source with the quote highlighted.

import type { Citation, ClaimSet, EntityDetail, Identifier, OtherNames, Relation } from './api.js';
import { showSource } from './citation-dialog.js';
import { formatEdtf, isoToLocal, type Unit, type Window } from './dates.js';
import { h, replace, type Child } from './dom.js';
import { getLang, nameOf, originalName, pick, t, tData } from './i18n.js';
import { appendTo } from '../model/multimap.js';

export interface PanelActions {
  /** The URL that opens an entity (links work with middle-click and copy). */
  href(id: string): string;
  open(id: string): void;
  showOnTimeline(window: Window, eventId: string): void;
}

function entityLink(actions: PanelActions, ref: OtherNames & { id: string; name: string; type?: string }): HTMLElement {
  const zh = originalName(ref);
  const link = h(
    'a',
    {
      href: actions.href(ref.id),
      class: `entity-link${ref.type ? ` type-${ref.type.toLowerCase()}` : ''}`,
      'data-id': ref.id,
      onclick: (e: Event) => {
        const m = e as MouseEvent;
        if (m.ctrlKey || m.metaKey || m.shiftKey || m.button !== 0) return;
        e.preventDefault();
        actions.open(ref.id);
      },
    },
    nameOf(ref),
  );
  return zh ? h('span', { class: 'entity-ref' }, link, h('span', { class: 'zh-beside', lang: 'zh-Hans' }, zh)) : link;
}

/**
 * When sources disagree: a marker beside the preferred value that opens every claim, the
 * sources of each and the rule that chose the preferred one. Nothing when all sources agree.
 */
export function claimsMarker(set: ClaimSet | undefined): HTMLElement | null {
  if (!set || new Set(set.claims.map((c) => c.value)).size < 2) return null;
  return h(
    'details',
    { class: 'claims' },
    h('summary', { class: 'claims-marker' }, h('span', { 'aria-hidden': 'true' }, '⚑ '), t('claims.marker', { n: set.claims.length })),
    h(
      'div',
      { class: 'claims-body' },
      h('p', { class: 'claims-heading' }, t('claims.heading')),
      h(
        'ul',
        { class: 'claims-list' },
        set.claims.map((c) =>
          h(
            'li',
            { class: c.preferred ? 'claim is-preferred' : 'claim', 'data-value': c.value },
            h('strong', {}, c.date?.label ?? c.value),
            c.date ? h('code', { title: 'EDTF' }, c.value) : null,
            c.preferred ? h('span', { class: 'badge claim-preferred' }, t('claims.preferred')) : null,
            h('span', { class: 'claim-sources' }, t('claims.sources'), c.sources.map((src) => pick(src.title, src.titleEn)).join(' · ')),
          ),
        ),
      ),
      h('p', { class: 'claims-rule' }, t('claims.rule', { rule: set.rule })),
    ),
  );
}

function citationButton(c: Citation, compact: boolean): HTMLElement {
  const sourceTitle = pick(c.source.title, c.source.titleEn);
  return h(
    'button',
    {
      type: 'button',
      class: compact ? 'cite cite-compact' : 'cite',
      'data-source': c.source.id,
      'data-start': c.start,
      title: `${t('cite.open')}: ${sourceTitle}, ${t('cite.line', { line: c.line })}`,
      onclick: (e: Event) => void showSource(c.source.id, c, e.currentTarget as HTMLElement),
    },
    h('q', { lang: 'zh-Hans' }, c.quote),
    h('span', { class: 'cite-meta' }, compact ? t('cite.line', { line: c.line }) : `${sourceTitle} · ${t('cite.line', { line: c.line })}`),
  );
}

function citationList(citations: Citation[], compact = true): HTMLElement | null {
  if (citations.length === 0) return null;
  return h(
    'ul',
    { class: 'cites' },
    citations.map((c) => h('li', {}, citationButton(c, compact))),
  );
}

/** Authority files' names as they write them. */
const SCHEME_NAME: Record<string, string> = { WIKIDATA: 'Wikidata', CBDB: 'CBDB', VIAF: 'VIAF', ISNI: 'ISNI', GEONAMES: 'GeoNames' };

/** An identifier as a link to its authority file (only http(s) URIs become links). */
function identifierItem(i: Identifier): HTMLElement {
  const scheme = SCHEME_NAME[i.scheme] ?? i.scheme;
  const label = [h('span', { class: 'identifier-scheme' }, scheme), ' ', h('code', {}, i.value)];
  return h(
    'li',
    { class: 'identifier', 'data-scheme': i.scheme },
    /^https?:\/\//.test(i.uri)
      ? h(
          'a',
          {
            href: i.uri,
            target: '_blank',
            rel: 'noopener noreferrer',
            title: t('panel.identifierLink', { scheme, value: i.value }),
          },
          label,
        )
      : label,
  );
}

function section(id: string, heading: string, ...content: (Child | Child[])[]): HTMLElement {
  return h('section', { class: 'panel-section', 'aria-labelledby': `${id}-h` }, h('h3', { id: `${id}-h` }, heading), ...content);
}

/** When a relation holds: its period, else the date a source attests it, else unknown. */
function when(r: Relation, eventDates: Map<string, string>): { text: string; sort: string } {
  if (r.period) return { text: t('panel.period', { date: r.period.label }), sort: r.period.edtf };
  if (r.attestedAt) return { text: t('panel.attested', { date: r.attestedAt.label }), sort: r.attestedAt.edtf };
  const eventDate = eventDates.get(r.other.id);
  if (eventDate !== undefined) return { text: eventDate, sort: eventDate };
  return { text: '', sort: '~' };
}

function relationItem(
  r: Relation,
  actions: PanelActions,
  eventDates: Map<string, string>,
  claims?: Map<string, ClaimSet>,
  headline?: string,
): HTMLElement {
  const what = headline ?? pick(r.title ?? r.role, r.titleEn ?? r.roleEn);
  const other = pick(r.title ?? r.role, null);
  const date = when(r, eventDates);
  return h(
    'li',
    { class: `relation rel-${r.type.toLowerCase()}`, 'data-relation': r.id },
    h(
      'div',
      { class: 'relation-line' },
      what ? h('strong', { class: 'relation-title' }, what) : null,
      getLang() === 'en' && other && other !== what ? h('span', { class: 'relation-orig', lang: 'zh-Hans' }, other) : null,
      entityLink(actions, r.other),
      date.text ? h('span', { class: 'when' }, date.text) : null,
    ),
    claimsMarker(claims?.get(r.id)),
    citationList(r.citations),
  );
}

function byWhen(eventDates: Map<string, string>) {
  return (a: Relation, b: Relation) =>
    when(a, eventDates).sort.localeCompare(when(b, eventDates).sort) || a.other.name.localeCompare(b.other.name);
}

const UNIT: Record<string, Unit> = { YEAR: 'year', MONTH: 'month', DAY: 'day' };

export function renderEntity(root: HTMLElement, e: EntityDetail, actions: PanelActions): void {
  const eventDates = new Map((e.participations ?? []).map((p) => [p.event.id, p.event.date.label]));
  const titleClaims = new Map((e.positions ?? []).map((p) => [p.id, p.titleClaims]));
  const shown = new Set<string>();
  const out = e.relations.filter((r) => r.direction === 'OUT');
  const positions = e.type === 'PERSON' ? out.filter((r) => r.type === 'HELD_POSITION').sort(byWhen(eventDates)) : [];
  const events = e.type === 'PERSON' ? out.filter((r) => r.type === 'PARTICIPATED_IN').sort(byWhen(eventDates)) : [];
  for (const r of [...positions, ...events]) shown.add(r.id);

  const english = e.names.find((n) => n.lang === 'en' && n.kind === 'PRIMARY')?.value;
  const pinyin = e.names.find((n) => n.lang === 'pinyin')?.value;
  // The English name, else the pinyin (all names, pinyin included, are in the table below).
  const subtitle = english ?? pinyin;

  const header = h(
    'header',
    { class: 'entity-header' },
    h('p', { class: `badge type-${e.type.toLowerCase()}` }, tData('type', e.type), e.kind ? ` · ${tData('kind', e.kind)}` : ''),
    h('h2', { id: 'entity-name', tabindex: '-1' }, e.name),
    subtitle ? h('p', { class: 'entity-subtitle', lang: 'en' }, subtitle) : null,
    e.description ? h('p', { class: 'entity-description' }, e.description) : null,
  );

  const dateBlock = e.date
    ? section(
        'entity-date',
        t('panel.date'),
        h(
          'p',
          { class: 'event-date' },
          h('strong', {}, e.date.label),
          ' ',
          h(
            'span',
            { class: `precision precision-${e.date.precision.toLowerCase()}` },
            e.date.shape === 'ONE_OF_RANGE'
              ? t('timeline.withinNote', { precision: tData('precision', e.date.precision) })
              : tData('precision', e.date.precision),
          ),
          ' ',
          h('code', { title: 'EDTF' }, e.date.edtf),
        ),
        claimsMarker(e.dateClaims),
        e.date.earliest && e.date.latest
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => {
                  const unit = UNIT[e.date!.precision] ?? 'day';
                  actions.showOnTimeline(
                    { from: formatEdtf(isoToLocal(e.date!.earliest!), unit), to: formatEdtf(isoToLocal(e.date!.latest!), unit) },
                    e.id,
                  );
                },
              },
              t('timeline.heading'),
              ' → ',
              e.date.label,
            )
          : null,
      )
    : null;

  const names = section(
    'entity-names',
    t('panel.names'),
    h(
      'table',
      { class: 'names' },
      h(
        'tbody',
        {},
        e.names.map((n) =>
          h(
            'tr',
            {},
            h('td', { lang: n.lang === 'pinyin' ? 'zh-Latn-pinyin' : n.lang }, n.value),
            h('td', {}, tData('nameLang', n.lang)),
            h('td', {}, tData('name', n.kind)),
          ),
        ),
      ),
    ),
  );

  const identifiers =
    e.identifiers.length > 0
      ? section('entity-identifiers', t('panel.identifiers'), h('ul', { class: 'plain identifiers' }, e.identifiers.map(identifierItem)))
      : null;

  const positionBlock =
    positions.length > 0
      ? section(
          'entity-positions',
          t('panel.positions'),
          h(
            'ul',
            { class: 'relations' },
            positions.map((r) => relationItem(r, actions, eventDates, titleClaims)),
          ),
        )
      : null;
  const eventBlock =
    events.length > 0
      ? section(
          'entity-events',
          t('panel.events'),
          h(
            'ul',
            { class: 'relations' },
            events.map((r) => relationItem(r, actions, eventDates)),
          ),
        )
      : null;

  const findings =
    e.findings && e.findings.length > 0
      ? section(
          'entity-findings',
          t('panel.findings'),
          h(
            'ol',
            { class: 'findings' },
            e.findings.map((f) =>
              h('li', {}, h('span', { class: 'badge' }, tData('finding', f.kind)), ' ', pick(f.text, f.textEn), citationList(f.citations)),
            ),
          ),
        )
      : null;
  const quantities =
    e.quantities && e.quantities.length > 0
      ? section(
          'entity-quantities',
          t('panel.quantities'),
          h(
            'ul',
            { class: 'plain' },
            e.quantities.map((q) => h('li', {}, h('strong', {}, String(q.value)), ' ', pick(q.what, q.whatEn))),
          ),
        )
      : null;

  // Other relations, grouped by type and direction; a source's own MENTIONS stay (they are what it is
  // about), everyone else's "mentioned in" is already in the citations.
  const groups = new Map<string, Relation[]>();
  for (const r of e.relations) {
    if (shown.has(r.id)) continue;
    if (r.type === 'MENTIONS' && e.type !== 'SOURCE') continue;
    appendTo(groups, `${r.type}.${r.direction}`, r);
  }
  const relationBlock =
    groups.size > 0
      ? section(
          'entity-relations',
          t('panel.relations'),
          [...groups.entries()].map(([key, rs]) =>
            h(
              'div',
              { class: 'relation-group' },
              h('h4', {}, tData('rel', key)),
              h(
                'ul',
                { class: 'relations' },
                rs.sort(byWhen(eventDates)).map((r) => relationItem(r, actions, eventDates, titleClaims)),
              ),
            ),
          ),
        )
      : null;

  const sourceBlock =
    e.type === 'SOURCE'
      ? h(
          'p',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: (ev: Event) => void showSource(e.id, undefined, ev.currentTarget as HTMLElement),
            },
            t('panel.readSource'),
          ),
        )
      : null;

  const citations = e.citations.length > 0 ? section('entity-citations', t('panel.citations'), citationList(e.citations, false)) : null;

  replace(
    root,
    h(
      'article',
      { class: 'entity', 'data-id': e.id },
      header,
      dateBlock,
      names,
      identifiers,
      sourceBlock,
      positionBlock,
      eventBlock,
      findings,
      quantities,
      relationBlock,
      citations,
    ),
  );
}

export function renderEmpty(root: HTMLElement, message: string): void {
  replace(root, h('p', { class: 'empty' }, message));
}
