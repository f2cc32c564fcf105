// The timeline (vis-timeline): one lane per organization, each event drawn over the whole span its
// date allows (earliest to latest + 1 day), so a month-precision event covers the month and a
// year-precision one the year; beside it, the same events as a list for keyboard and small screens.

import { DataSet } from 'vis-data/peer';
import { Timeline, type DataGroup, type DataItem, type TimelineOptions } from 'vis-timeline/peer';
import 'vis-timeline/styles/vis-timeline-graph2d.css';
import type { TimelineEvent } from './api.js';
import { addDays, isoToLocal, windowBounds, type Window } from './dates.js';
import { h, replace } from './dom.js';
import { axisFormat, t, tData } from './i18n.js';

const OTHER = '~other';
const DAY = 86_400_000;

export interface TimelineCallbacks {
  onOpen(id: string): void;
  /** The user dragged or zoomed the view: the new visible range. */
  onUserRange(start: Date, end: Date): void;
}

/** A drawn bar: one per event and lane (an event organized by two organizations is in both lanes). */
type Item = DataItem & { eventId: string };

interface Lane {
  id: string;
  name: string;
}

/** Organizers first; else the organizations that took part; else the "other" lane. */
function lanesOf(e: TimelineEvent): Lane[] {
  if (e.organizers.length > 0) return e.organizers;
  const orgs = e.participants.filter((p) => p.entity.type === 'ORGANIZATION').map((p) => p.entity);
  const unique = [...new Map(orgs.map((o) => [o.id, o])).values()];
  return unique.length > 0 ? unique : [{ id: OTHER, name: '' }];
}

export class TimelineView {
  private readonly items = new DataSet<Item>();
  private readonly groups = new DataSet<DataGroup>();
  private readonly timeline: Timeline;
  private events: TimelineEvent[] = [];
  private selectedEvent: string | undefined;
  /** Events linked to the open entity (his events, an organization's meetings): outlined. */
  private related = new Set<string>();

  constructor(
    container: HTMLElement,
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
      minHeight: 220,
      maxHeight: 360,
      verticalScroll: true,
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
    for (const e of this.events) {
      if (!e.date.earliest || !e.date.latest) continue; // open-ended: listed, not drawn at a made-up date
      const start = isoToLocal(e.date.earliest);
      const end = addDays(isoToLocal(e.date.latest), 1);
      const precision = e.date.precision.toLowerCase();
      const tooltip = `${e.name} — ${e.date.label} (${tData('precision', e.date.precision)})${e.place ? ` · ${e.place.name}` : ''}`;
      for (const lane of lanesOf(e)) {
        lanes.set(lane.id, lane);
        const content = h(
          'span',
          { class: 'item-text' },
          h('span', { class: 'item-name' }, e.name),
          h('span', { class: 'item-date' }, e.date.label),
        );
        items.push({
          id: `${e.id}@${lane.id}`,
          eventId: e.id,
          group: lane.id,
          start,
          end,
          type: 'range',
          content: content as unknown as string,
          title: escapeHtml(tooltip),
          className: `prec-${precision}${e.kind ? ` kind-${e.kind.toLowerCase()}` : ''}${this.related.has(e.id) ? ' is-related' : ''}`,
        });
      }
    }
    const ordered = [...lanes.values()].sort((a, b) => (a.id === OTHER ? 1 : b.id === OTHER ? -1 : 0));
    this.groups.clear();
    this.groups.add(
      ordered.map((lane, i) => ({
        id: lane.id,
        order: i,
        content: h(
          'span',
          { class: 'lane-name', title: lane.name || t('timeline.other') },
          lane.id === OTHER ? t('timeline.other') : lane.name,
        ) as unknown as string,
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
            'button',
            {
              type: 'button',
              class: 'link',
              'aria-current': e.id === this.selectedEvent ? 'true' : undefined,
              onclick: () => this.callbacks.onOpen(e.id),
            },
            e.name,
          ),
          h(
            'span',
            { class: 'event-meta' },
            [e.kind ? tData('kind', e.kind) : '', tData('precision', e.date.precision), e.place?.name ?? ''].filter(Boolean).join(' · '),
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
    const items = this.items.get();
    if (items.length === 0) return;
    const start = Math.min(...items.map((i) => new Date(i.start).getTime()));
    const end = Math.max(...items.map((i) => new Date(i.end ?? i.start).getTime()));
    const span = Math.max(end - start, 30 * DAY);
    this.timeline.setWindow(new Date(start - span * 0.02), new Date(end + span * 0.3), { animation: false });
  }

  visibleRange(): { start: Date; end: Date } {
    const w = this.timeline.getWindow();
    return { start: new Date(w.start), end: new Date(w.end) };
  }

  redraw(): void {
    this.timeline.redraw();
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
