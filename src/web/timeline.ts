// The timeline (vis-timeline): one lane per organization, each event drawn over the whole span its
// date allows (earliest to latest + 1 day), so a month-precision event covers the month and a
// year-precision one the year; beside it, the same events as a list for keyboard and small screens.

import { DataSet } from 'vis-data/peer';
import { Timeline, type DataGroup, type DataItem, type TimelineOptions } from 'vis-timeline/peer';
import 'vis-timeline/styles/vis-timeline-graph2d.css';
import type { TimelineEvent } from './api.js';
import { addDays, isoToLocal, windowBounds, type Window } from './dates.js';
import { h, replace } from './dom.js';
import { axisFormat, getLang, nameOf, originalName, t, tData } from './i18n.js';

const OTHER = '~other';
/** Widest item label in pixels (style.css .item-text max-width). */
const LABEL_MAX = 300;
const DAY = 86_400_000;

export interface TimelineCallbacks {
  onOpen(id: string): void;
  /** The user dragged or zoomed the view: the new visible range. */
  onUserRange(start: Date, end: Date): void;
}

/**
 * A drawn bar: one per event, in the lane of its first organization. (An event with two
 * organizations was drawn once in each lane, which read as two events: 加入民主大楼建立的局域网
 * has the committee and the LAN as participating organizations.) The others are named in its tooltip.
 */
type Item = DataItem & { eventId: string };

type Lane = TimelineEvent['organizers'][number];

/** Organizers first; else the organizations that took part; else the "other" lane. */
function lanesOf(e: TimelineEvent): Lane[] {
  if (e.organizers.length > 0) return e.organizers;
  const orgs = e.participants.filter((p) => p.entity.type === 'ORGANIZATION').map((p) => p.entity);
  const unique = [...new Map(orgs.map((o) => [o.id, o])).values()];
  return unique.length > 0 ? unique : [{ id: OTHER, name: '' }];
}

/** A name for the page language, with the Chinese beside it on an English page. */
function bilingual(e: { name: string; nameEn?: { value: string }[]; namePinyin?: { value: string }[] }, cls: string): HTMLElement {
  const zh = originalName(e);
  return h('span', { class: cls }, nameOf(e), zh ? h('span', { class: 'zh-beside', lang: 'zh-Hans' }, zh) : null);
}

/** A date's kind in words: its precision, or for "some time within" a range, that. */
export function dateNote(d: TimelineEvent['date']): string {
  return d.shape === 'ONE_OF_RANGE'
    ? t('timeline.withinNote', { precision: tData('precision', d.precision) })
    : tData('precision', d.precision);
}

// Item labels are 13 px text; the page's font, measured once per label on a canvas.
let measure: CanvasRenderingContext2D | null | undefined;
function textWidth(text: string, font: string): number {
  if (measure === undefined) measure = document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 13;
  measure.font = font;
  return measure.measureText(text).width;
}

export class TimelineView {
  private readonly items = new DataSet<Item>();
  private readonly groups = new DataSet<DataGroup>();
  private readonly timeline: Timeline;
  private events: TimelineEvent[] = [];
  private selectedEvent: string | undefined;
  /** Events linked to the open entity (his events, an organization's meetings): outlined. */
  private related = new Set<string>();
  /** Each drawn event's label width in pixels (name and date), to leave room for it on the right. */
  private readonly labelWidths = new Map<string, number>();
  /** What the view was last fitted to, and at which width of the drawing area. */
  private fitted: { items: Item[]; width: number } | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly list: HTMLElement,
    private readonly callbacks: TimelineCallbacks,
  ) {
    const options: TimelineOptions = {
      stack: true,
      orientation: { axis: 'top', item: 'top' },
      showCurrentTime: false,
      selectable: true,
      multiselect: false,
      zoomKey: 'ctrlKey', // the wheel scrolls the page; Ctrl+wheel, pinch or the buttons zoom
      zoomMin: 7 * DAY,
      zoomMax: 60 * 365 * DAY,
      minHeight: 220, // no maxHeight: every lane shows, the bottom one too
      margin: { item: { horizontal: 4, vertical: 6 }, axis: 6 },
      groupOrder: 'order',
      format: axisFormat() as unknown as TimelineOptions['format'],
      tooltip: { followMouse: true, overflowMethod: 'flip' },
      align: 'auto',
      maxMinorChars: 4,
      dataAttributes: ['eventId'], // data-eventid on each bar, for tests and user styles
    };
    this.timeline = new Timeline(container, this.items, this.groups, options);
    this.timeline.on('select', (props: { items: (string | number)[]; event?: unknown }) => {
      const id = props.items[0];
      if (id === undefined) return;
      const eventId = this.items.get(id)?.eventId;
      if (eventId) this.callbacks.onOpen(eventId);
    });
    this.timeline.on('rangechanged', (props: { start: Date; end: Date; byUser: boolean }) => {
      if (props.byUser) this.callbacks.onUserRange(props.start, props.end);
    });
    // An axis label whose date lies left of the view is cut at the edge ("002年"): hidden instead.
    this.timeline.on('changed', () => {
      hideClippedAxisLabels(container);
      // The lane labels take their width once drawn: fit again if the drawing area changed.
      if (this.fitted && Math.abs(this.centreWidth() - this.fitted.width) > 2) this.fit(this.fitted.items);
    });
  }

  /** Redraws after a language switch (axis labels) or new data. */
  setLang(): void {
    this.timeline.setOptions({ format: axisFormat() as unknown as TimelineOptions['format'] });
    this.render();
  }

  setEvents(events: TimelineEvent[]): void {
    this.events = events;
    this.render();
  }

  private render(): void {
    const lanes = new Map<string, Lane>();
    const items: Item[] = [];
    this.labelWidths.clear();
    // Labels are at most LABEL_MAX px, and at most half the drawing area on a narrow screen.
    const labelMax = Math.min(LABEL_MAX, Math.max(120, this.centreWidth() * 0.5));
    this.container.style.setProperty('--label-max', `${Math.round(labelMax)}px`);
    const font = `13px ${getComputedStyle(document.body).fontFamily}`;
    for (const e of this.events) {
      if (!e.date.earliest || !e.date.latest) continue; // open-ended: listed, not drawn at a made-up date
      const start = isoToLocal(e.date.earliest);
      const end = addDays(isoToLocal(e.date.latest), 1);
      const precision = e.date.precision.toLowerCase();
      const within = e.date.shape === 'ONE_OF_RANGE';
      const [lane = { id: OTHER, name: '' }, ...others] = lanesOf(e);
      lanes.set(lane.id, lane);
      const tooltip = [
        `${nameOf(e)}${originalName(e) ? ` (${e.name})` : ''} — ${e.date.label} (${dateNote(e.date)})`,
        e.place ? nameOf(e.place) : '',
        [lane, ...others]
          .filter((l) => l.id !== OTHER)
          .map((l) => nameOf(l))
          .join(getLang() === 'zh' ? '、' : ', '),
      ]
        .filter(Boolean)
        .join(' · ');
      const content = h(
        'span',
        { class: 'item-text' },
        within ? h('span', { class: 'item-within', title: t('timeline.withinShort') }, '↔') : null,
        h('span', { class: 'item-name' }, nameOf(e)),
        h('span', { class: 'item-date' }, e.date.label),
      );
      // Labels are cut at LABEL_MAX px with an ellipsis (the tooltip and the list have them whole).
      const label = `${within ? '↔ ' : ''}${nameOf(e)} ${e.date.label}`;
      this.labelWidths.set(e.id, Math.min(textWidth(label, font), labelMax) + 32);
      items.push({
        id: e.id,
        eventId: e.id,
        group: lane.id,
        start,
        end,
        type: 'range',
        content: content as unknown as string,
        title: escapeHtml(tooltip),
        className: `prec-${precision}${within ? ' shape-within' : ''}${e.kind ? ` kind-${e.kind.toLowerCase()}` : ''}${this.related.has(e.id) ? ' is-related' : ''}`,
      });
    }
    const ordered = [...lanes.values()].sort((a, b) => (a.id === OTHER ? 1 : b.id === OTHER ? -1 : 0));
    this.groups.clear();
    this.groups.add(
      ordered.map((lane, i) => ({
        id: lane.id,
        order: i,
        content: (lane.id === OTHER
          ? h('span', { class: 'lane-name' }, t('timeline.other'))
          : bilingual(lane, 'lane-name')) as unknown as string,
      })),
    );
    this.items.clear();
    this.items.add(items);
    this.renderList();
  }

  private renderList(): void {
    replace(
      this.list,
      this.events.map((e) =>
        h(
          'li',
          {
            class: `event-row prec-${e.date.precision.toLowerCase()}${e.id === this.selectedEvent ? ' is-current' : ''}${this.related.has(e.id) ? ' is-related' : ''}`,
            'data-id': e.id,
          },
          h('span', { class: 'event-date' }, e.date.label),
          h(
            'span',
            { class: 'event-name' },
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                'aria-current': e.id === this.selectedEvent ? 'true' : undefined,
                onclick: () => this.callbacks.onOpen(e.id),
              },
              nameOf(e),
            ),
            originalName(e) ? h('span', { class: 'zh-beside', lang: 'zh-Hans' }, e.name) : null,
          ),
          h(
            'span',
            { class: 'event-meta' },
            [e.kind ? tData('kind', e.kind) : '', dateNote(e.date), e.place ? nameOf(e.place) : ''].filter(Boolean).join(' · '),
          ),
        ),
      ),
    );
  }

  /** Outlines the events linked to the open entity. */
  setRelated(ids: Iterable<string>): void {
    this.related = new Set(ids);
    this.render();
    this.select(this.selectedEvent);
  }

  /** Marks the open entity's items (when it is an event). */
  select(entityId: string | undefined): void {
    this.selectedEvent = entityId;
    const ids = this.items.getIds({ filter: (item) => item.eventId === entityId });
    this.timeline.setSelection(ids);
    for (const li of this.list.querySelectorAll<HTMLElement>('.event-row')) {
      const current = li.dataset['id'] === entityId;
      li.classList.toggle('is-current', current);
      const button = li.querySelector('button');
      if (current) button?.setAttribute('aria-current', 'true');
      else button?.removeAttribute('aria-current');
      // Bring the open event into the list's view (the list scrolls, the page does not move).
      if (current) this.list.scrollTop = Math.max(0, li.offsetTop - this.list.offsetTop - this.list.clientHeight / 3);
    }
  }

  /** Shows a window (EDTF from/to), or everything loaded when there is none. */
  show(window: Partial<Window>): void {
    const bounds = windowBounds(window);
    if (bounds) {
      this.timeline.setWindow(bounds.start, bounds.end, { animation: false });
      return;
    }
    // Everything: a little room on the left, more on the right where the last labels run on.
    this.fit(this.items.get());
  }

  /**
   * Shows these items whole, labels included: the view starts at the first and ends where the
   * last label ends (a label of L px in a view W px wide needs end ≥ (start - L/W·viewStart)/(1 - L/W)).
   */
  private fit(items: Item[]): void {
    this.fitted = undefined;
    if (items.length === 0) return;
    const first = Math.min(...items.map((i) => new Date(i.start).getTime()));
    const last = Math.max(...items.map((i) => new Date(i.end ?? i.start).getTime()));
    const viewStart = first - Math.max(last - first, 30 * DAY) * 0.02;
    const width = Math.max(this.centreWidth(), 100);
    let viewEnd = last + Math.max(last - first, 30 * DAY) * 0.02;
    for (const i of items) {
      const share = Math.min((this.labelWidths.get(i.eventId) ?? 0) / width, 0.75);
      const start = new Date(i.start).getTime();
      viewEnd = Math.max(viewEnd, (start - share * viewStart) / (1 - share));
    }
    this.fitted = { items, width };
    this.timeline.setWindow(new Date(viewStart), new Date(viewEnd), { animation: false });
  }

  /** The width of the drawing area (the timeline less its lane labels). */
  private centreWidth(): number {
    const centre = this.container.querySelector<HTMLElement>('.vis-panel.vis-center');
    return centre?.clientWidth ?? this.container.clientWidth - 150;
  }

  /**
   * Scrolls the event list to the first event linked to the open entity and, with moveView, brings
   * them all into view (with their labels) unless they are visible already.
   */
  reveal(moveView: boolean): void {
    const items = this.items.get({ filter: (i) => this.related.has(i.eventId) });
    if (items.length === 0) return;
    const { start, end } = this.visibleRange();
    const hidden = items.some((i) => new Date(i.start) < start || new Date(i.end ?? i.start) > end);
    if (hidden && moveView) this.fit(items);
    const row = this.list.querySelector<HTMLElement>('.event-row.is-related');
    if (row) this.list.scrollTop = Math.max(0, row.offsetTop - this.list.offsetTop);
  }

  visibleRange(): { start: Date; end: Date } {
    const w = this.timeline.getWindow();
    return { start: new Date(w.start), end: new Date(w.end) };
  }

  redraw(): void {
    this.timeline.redraw();
  }
}

function hideClippedAxisLabels(container: HTMLElement): void {
  const axis = container.querySelector('.vis-panel.vis-center')?.getBoundingClientRect();
  if (!axis) return;
  for (const label of container.querySelectorAll<HTMLElement>('.vis-time-axis .vis-text')) {
    const box = label.getBoundingClientRect();
    label.classList.toggle('is-clipped', box.left < axis.left - 1 || box.right > axis.right + 1);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
