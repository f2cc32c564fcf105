// The map panel: located places as dots over the world's coastlines (world-atlas land, Natural
// Earth 1:110m, emitted by Vite as a file of this site: no tiles, nothing from the network). Land
// only, no borders: a map of where things happened need not draw (disputed) boundaries.
// Drawn as SVG with d3-geo; each dot is a link that opens the place, like the graph's nodes.

import { geoConicEqualArea, geoEqualEarth, geoGraticule10, geoPath, type GeoPermissibleObjects, type GeoProjection } from 'd3-geo';
import type { FeatureCollection, MultiPoint } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/land-110m.json?url';
import type { MapPlace } from './api.js';
import { replace } from './dom.js';
import { pick, t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 800;
const HEIGHT = 480;
const PAD = 24;
/** The map frames China (its extent in degrees), widened to take in every located place. */
const CHINA_EXTENT: [number, number][] = [
  [73.5, 18],
  [135, 18],
  [135, 53.5],
  [73.5, 53.5],
];

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

let outline: Promise<FeatureCollection> | undefined;

/** The land of the packaged atlas, fetched once from this site. */
function loadOutline(): Promise<FeatureCollection> {
  outline ??= fetch(atlasUrl)
    .then((res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status} for the map outline`);
      return res.json() as Promise<Topology<{ land: GeometryCollection }>>;
    })
    .then((topology) => feature(topology, topology.objects.land) as FeatureCollection);
  outline.catch(() => (outline = undefined));
  return outline;
}

/** Places near China get China's equal-area conic; anything farther afield, the whole world. */
function projectionFor(places: readonly MapPlace[]): GeoProjection {
  const box: [[number, number], [number, number]] = [
    [PAD, PAD],
    [WIDTH - PAD, HEIGHT - PAD],
  ];
  const eastAsia = places.every((p) => p.longitude >= 60 && p.longitude <= 150 && p.latitude >= -10 && p.latitude <= 60);
  if (!eastAsia) return geoEqualEarth().fitExtent(box, { type: 'Sphere' });
  const frame: MultiPoint = { type: 'MultiPoint', coordinates: [...CHINA_EXTENT, ...places.map((p) => [p.longitude, p.latitude])] };
  return geoConicEqualArea().parallels([25, 47]).rotate([-105, 0]).fitExtent(box, frame);
}

export interface MapHandlers {
  open(id: string): void;
  href(id: string): string;
  onError(err: unknown): void;
}

export class MapView {
  private places: MapPlace[] = [];
  private selected = new Set<string>();
  private drawn: string[] = [];
  private seq = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly count: HTMLElement,
    private readonly handlers: MapHandlers,
  ) {}

  setPlaces(places: MapPlace[]): void {
    this.places = places;
    void this.render();
  }

  /** Marks the open place, or the places of the open event. */
  select(ids: readonly string[]): void {
    this.selected = new Set(ids);
    for (const a of this.host.querySelectorAll<SVGAElement>('a.map-place')) {
      a.classList.toggle('is-current', this.selected.has(a.dataset['id'] ?? ''));
    }
  }

  setLang(): void {
    void this.render();
  }

  /** What the map shows, for the end-to-end tests. */
  snapshot(): { places: string[]; selected: string[] } {
    return { places: [...this.drawn], selected: [...this.selected] };
  }

  private async render(): Promise<void> {
    const seq = ++this.seq;
    const places = this.places;
    this.count.textContent = places.length === 0 ? t('map.none') : t('map.count', { n: places.length });
    let land: FeatureCollection;
    try {
      land = await loadOutline();
    } catch (err) {
      this.handlers.onError(err);
      return;
    }
    if (seq !== this.seq) return;
    const projection = projectionFor(places);
    const path = geoPath(projection);
    const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'map-svg', role: 'group' });
    root.setAttribute('aria-label', t('map.aria', { n: places.length }));
    const shapes = svg('g', { class: 'map-land', 'aria-hidden': 'true' });
    // Parallels and meridians every 10°, for bearings where no coast is in sight.
    shapes.append(svg('path', { d: path(geoGraticule10()) ?? '', class: 'graticule' }));
    for (const f of land.features) {
      const d = path(f as GeoPermissibleObjects);
      if (d) shapes.append(svg('path', { d, class: 'land' }));
    }
    root.append(shapes);
    const dots = svg('g', { class: 'map-places' });
    const drawn: string[] = [];
    for (const p of places) {
      const xy = projection([p.longitude, p.latitude]);
      if (!xy) continue;
      const [x, y] = xy;
      const name = pick(p.name, p.nameEn);
      const a = svg('a', { href: this.handlers.href(p.id), class: 'map-place', 'data-id': p.id });
      a.setAttribute('aria-label', t('map.open', { name }));
      a.classList.toggle('is-current', this.selected.has(p.id));
      a.addEventListener('click', (ev) => {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
        ev.preventDefault();
        this.handlers.open(p.id);
      });
      const title = svg('title');
      title.textContent = `${name} (${p.latitude.toFixed(4)}, ${p.longitude.toFixed(4)})`;
      const label = svg('text', { x: x + 9, y: y + 4, class: 'map-label' });
      label.textContent = name;
      a.append(title, svg('circle', { cx: x, cy: y, r: 6, class: 'map-dot' }), label);
      dots.append(a);
      drawn.push(p.id);
    }
    root.append(dots);
    replace(this.host, root);
    this.drawn = drawn;
    this.host.dataset['ready'] = 'true';
  }
}
