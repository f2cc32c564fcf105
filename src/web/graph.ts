// The relationship view (Cytoscape): the neighbourhood of the open entity from the API's
// `neighborhood { elements }`, which is shaped for Cytoscape; clicking a node adds its own
// neighbourhood and opens it; a found connection is highlighted, the rest faded.

import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import { loadNeighborhood, type GraphEdgeData, type GraphNodeData, type Path } from './api.js';
import { getLang, t } from './i18n.js';
import { appendTo } from '../model/multimap.js';

export interface GraphCallbacks {
  onOpen(id: string): void;
  onError(err: unknown): void;
}

const COLORS: Record<string, string> = {
  person: '#1d4ed8',
  organization: '#047857',
  event: '#b45309',
  initiative: '#7c3aed',
  place: '#0e7490',
  source: '#4b5563',
};

const SHAPES: Record<string, cytoscape.Css.NodeShape> = {
  person: 'ellipse',
  organization: 'round-rectangle',
  event: 'diamond',
  initiative: 'hexagon',
  place: 'triangle',
  source: 'rectangle',
};

const PATH_COLOR = '#c2410c';
const NODE_FONT_PX = 12;
/** Never zoomed out further than this after a layout: labels stay ≥ 9 px (the user may zoom out). */
const READABLE_ZOOM = 0.75;

const SVG = 'http://www.w3.org/2000/svg';
/** The shape of each kind of node as a 16 px SVG path, as Cytoscape draws it. */
const LEGEND_PATHS: Record<string, string> = {
  ellipse: 'M8 1a7 7 0 1 0 0.01 0Z',
  'round-rectangle': 'M4 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Z',
  diamond: 'M8 1l7 7-7 7-7-7Z',
  hexagon: 'M4.5 2h7L15 8l-3.5 6h-7L1 8Z',
  triangle: 'M8 1l7 14H1Z',
  rectangle: 'M2 2h12v12H2Z',
};

/** The graph's legend: a swatch of each kind's shape and colour, the centre, and a found connection. */
export function graphLegend(typeLabel: (group: string) => string, centre: string, path: string): HTMLElement[] {
  const item = (svg: SVGElement, text: string, group?: string) => {
    const li = document.createElement('li');
    if (group) li.dataset['group'] = group;
    li.append(svg, document.createTextNode(text));
    return li;
  };
  const swatch = (d: string, fill: string, stroke = 'none', width = 0) => {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('width', '16');
    svg.setAttribute('height', '16');
    svg.setAttribute('aria-hidden', 'true');
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    p.setAttribute('fill', fill);
    p.setAttribute('stroke', stroke);
    p.setAttribute('stroke-width', String(width));
    svg.append(p);
    return svg;
  };
  return [
    ...Object.keys(COLORS).map((group) =>
      item(swatch(LEGEND_PATHS[SHAPES[group] ?? 'ellipse'] ?? '', COLORS[group] ?? '#6b7280'), typeLabel(group.toUpperCase()), group),
    ),
    item(swatch(LEGEND_PATHS['ellipse']!, '#ffffff', '#111827', 2.5), centre),
    item(swatch('M1 8h14', 'none', PATH_COLOR, 4), path),
  ];
}

function nodeDisplay(d: { label: string; title?: string | null }): string {
  // English names are in `title` (else a description); a long one is shortened, not swapped for the Chinese.
  if (getLang() === 'en' && d.title) return d.title.length <= 40 ? d.title : `${d.title.slice(0, 38).trimEnd()}…`;
  return d.label;
}

/** The title or role of a link; a bare type (PART_OF, ORGANIZED) is left unlabelled, as clutter. */
function edgeDisplay(d: { label: string; type: string; labelEn?: string | null }): string {
  if (d.label === d.type) return '';
  return getLang() === 'en' && d.labelEn ? d.labelEn : d.label;
}

function nodeElement(d: GraphNodeData): ElementDefinition {
  return { group: 'nodes', data: { id: d.id, label: d.label, title: d.title, group: d.group, display: nodeDisplay(d) } };
}

function edgeElement(d: GraphEdgeData): ElementDefinition {
  const labelEn = d.relation.titleEn ?? d.relation.roleEn ?? null;
  return {
    group: 'edges',
    data: {
      id: d.id,
      source: d.source,
      target: d.target,
      type: d.type,
      label: d.label,
      labelEn,
      display: edgeDisplay({ label: d.label, type: d.type, labelEn }),
    },
  };
}

export class GraphView {
  private readonly cy: Core;
  private center: string | undefined;
  /** The centre whose neighbourhood is drawn (set once it is). */
  private drawnCenter: string | undefined;
  private readonly expanded = new Set<string>();
  private depth = 1;
  private seq = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: GraphCallbacks,
  ) {
    this.cy = cytoscape({
      container,
      elements: [],
      minZoom: 0.2,
      maxZoom: 2,
      boxSelectionEnabled: false,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': (n: NodeSingular) => COLORS[n.data('group') as string] ?? '#6b7280',
            shape: (n: NodeSingular) => SHAPES[n.data('group') as string] ?? 'ellipse',
            width: 26,
            height: 26,
            label: 'data(display)',
            'font-size': NODE_FONT_PX,
            'font-family': 'system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif',
            color: '#111827',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-wrap': 'wrap',
            'text-max-width': '120px',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.85,
            'text-background-padding': '2px',
            'border-width': 2,
            'border-color': '#ffffff',
          },
        },
        { selector: 'node.center', style: { width: 36, height: 36, 'border-width': 4, 'border-color': '#111827', 'font-weight': 'bold' } },
        { selector: 'node.expanded', style: { 'border-color': '#111827' } },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#94a3b8',
            'target-arrow-color': '#94a3b8',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: 'data(display)',
            'font-size': 10,
            color: '#374151',
            'text-rotation': 'none', // Chinese labels stay upright
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.85,
            'text-background-padding': '1px',
          },
        },
        {
          selector: 'edge.path',
          style: {
            width: 5,
            'line-color': PATH_COLOR,
            'target-arrow-color': PATH_COLOR,
            color: '#7c2d12',
            'font-size': 13,
            'font-weight': 'bold',
            'z-index': 10,
          },
        },
        { selector: 'node.path', style: { 'border-width': 5, 'border-color': PATH_COLOR, 'z-index': 10 } },
        { selector: '.faded', style: { opacity: 0.25 } },
        { selector: 'node:selected', style: { 'overlay-color': '#1d4ed8', 'overlay-opacity': 0.15 } },
      ],
    });
    this.cy.on('tap', 'node', (e) => {
      const id = (e.target as NodeSingular).id();
      this.callbacks.onOpen(id);
      void this.expand(id);
    });
    this.cy.on('mouseover', 'node', () => (container.style.cursor = 'pointer'));
    this.cy.on('mouseout', 'node', () => (container.style.cursor = ''));
  }

  setDepth(depth: number): void {
    this.depth = depth;
  }

  /** Starts over around an entity. */
  async showCenter(id: string): Promise<void> {
    const seq = ++this.seq;
    this.center = id;
    this.drawnCenter = undefined;
    this.expanded.clear();
    try {
      const n = await loadNeighborhood(id, this.depth);
      if (seq !== this.seq) return;
      this.cy.elements().remove();
      this.cy.add([...n.elements.nodes.map((x) => nodeElement(x.data)), ...n.elements.edges.map((x) => edgeElement(x.data))]);
      this.expanded.add(id);
      this.layout();
      this.drawnCenter = id;
    } catch (err) {
      if (seq === this.seq) this.callbacks.onError(err);
    }
  }

  /**
   * Click to expand: the node becomes the centre, its neighbourhood joins what is drawn (nothing is
   * dropped), and the rings are laid out again around it.
   */
  async expand(id: string): Promise<void> {
    const seq = ++this.seq;
    this.center = id;
    this.drawnCenter = undefined;
    try {
      if (!this.expanded.has(id)) {
        const n = await loadNeighborhood(id, 1);
        if (seq !== this.seq) return;
        this.addMissing(
          n.elements.nodes.map((x) => nodeElement(x.data)),
          n.elements.edges.map((x) => edgeElement(x.data)),
        );
        this.expanded.add(id);
      }
      this.layout();
      this.drawnCenter = id;
    } catch (err) {
      if (seq === this.seq) this.callbacks.onError(err);
    }
  }

  /** Adds what is not drawn yet. */
  private addMissing(nodes: ElementDefinition[], edges: ElementDefinition[]): boolean {
    const fresh = [...nodes, ...edges].filter((el) => this.cy.getElementById(String(el.data.id)).empty());
    if (fresh.length > 0) this.cy.add(fresh);
    return fresh.length > 0;
  }

  /** Highlights a path, adding what of it is not drawn yet; undefined clears the highlight. */
  highlightPath(path: Path | undefined): void {
    this.cy.elements().removeClass('path faded');
    if (!path) {
      this.mark();
      return;
    }
    const nodes = path.entities.map((e) =>
      nodeElement({ id: e.id, label: e.name, group: e.type.toLowerCase(), type: e.type, title: null }),
    );
    const edges = path.steps.map((s) => {
      // OUT: the relationship points the way the path walks.
      const [source, target] = s.relation.direction === 'IN' ? [s.to.id, s.from.id] : [s.from.id, s.to.id];
      const label = s.relation.title ?? s.relation.role ?? s.relation.type;
      return edgeElement({
        id: s.relation.id,
        source,
        target,
        type: s.relation.type,
        label,
        relation: { titleEn: s.relation.titleEn, roleEn: s.relation.roleEn },
      });
    });
    if (this.addMissing(nodes, edges)) this.layout();
    const on = this.cy.collection();
    for (const n of nodes) on.merge(this.cy.getElementById(String(n.data.id)));
    for (const e of edges) on.merge(this.cy.getElementById(String(e.data.id)));
    on.addClass('path');
    this.cy.elements().difference(on).addClass('faded');
    // Frame the path, close enough to read, not so close that its context is lost.
    this.cy.fit(on, 80);
    if (this.cy.zoom() > 1.25) {
      this.cy.zoom(1.25);
      this.cy.center(on);
    }
    this.describe();
  }

  /** Relabels nodes and edges in the page language. */
  setLang(): void {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.data('display', nodeDisplay({ label: n.data('label') as string, title: n.data('title') as string | null }));
      });
      this.cy.edges().forEach((e) => {
        e.data(
          'display',
          edgeDisplay({ label: e.data('label') as string, type: e.data('type') as string, labelEn: e.data('labelEn') as string | null }),
        );
      });
    });
    this.describe();
  }

  resize(): void {
    this.cy.resize();
    this.cy.fit(undefined, 30);
  }

  hasNode(id: string): boolean {
    return !this.cy.getElementById(id).empty();
  }

  /** For tests and the status line: what is drawn. */
  snapshot(): { center: string | undefined; nodes: string[]; edges: string[]; path: string[]; labelPx: number } {
    return {
      center: this.drawnCenter,
      /** The node labels' size on screen, in CSS pixels. */
      labelPx: NODE_FONT_PX * this.cy.zoom(),
      nodes: this.cy.nodes().map((n) => n.id()),
      edges: this.cy.edges().map((e) => e.id()),
      path: this.cy.elements('.path').map((e) => e.id()),
    };
  }

  /** Where a node is drawn, relative to the graph's box (tests click there). */
  renderedPosition(id: string): { x: number; y: number } | null {
    const node = this.cy.getElementById(id);
    return node.empty() ? null : (node as NodeSingular).renderedPosition();
  }

  private mark(): void {
    this.cy.nodes().removeClass('center expanded');
    if (this.center) this.cy.getElementById(this.center).addClass('center');
    for (const id of this.expanded) if (id !== this.center) this.cy.getElementById(id).addClass('expanded');
    this.describe();
  }

  /**
   * Lays the graph out in rings by hops from the centre, drawn as ellipses as wide as the box is,
   * neighbours of one kind side by side and every other one a little further out so that labels
   * do not collide. Deterministic: the same URL draws the same picture.
   */
  private layout(): void {
    this.mark();
    const dist = new Map<string, number>();
    const parent = new Map<string, string>();
    const root = this.center ? this.cy.getElementById(this.center) : this.cy.nodes().first();
    if (!root.empty()) {
      this.cy.elements().bfs({
        roots: root,
        directed: false,
        visit: (v, _e, u, _i, depth) => {
          dist.set(v.id(), depth);
          if (u) parent.set(v.id(), u.id());
        },
      });
    }
    const angles = new Map<string, number>();
    const deepest = Math.max(0, ...dist.values());
    const rings = new Map<number, NodeSingular[]>();
    this.cy.nodes().forEach((n) => {
      const d = dist.get(n.id()) ?? deepest + 1; // not connected to the centre: outermost
      appendTo(rings, d, n);
    });
    const aspect = Math.min(2.4, Math.max(1, (this.container.clientWidth || 800) / (this.container.clientHeight || 420)));
    const stretch = Math.sqrt((aspect * aspect + 1) / 2); // perimeter of the ellipse ≈ 2π r · stretch
    const positions = new Map<string, { x: number; y: number }>();
    let radius = 0;
    for (const d of [...rings.keys()].sort((a, b) => a - b)) {
      // Each node near the one it was reached from, then by kind, then by id.
      const from = (n: NodeSingular) => angles.get(parent.get(n.id()) ?? '') ?? 0;
      const ring = rings
        .get(d)!
        .sort(
          (a, b) => from(a) - from(b) || String(a.data('group')).localeCompare(String(b.data('group'))) || a.id().localeCompare(b.id()),
        );
      if (d === 0 && ring.length === 1) {
        positions.set(ring[0]!.id(), { x: 0, y: 0 });
        continue;
      }
      // About 64 px of perimeter per node (labels alternate between two radii), and at least 110 px out.
      radius = Math.max(radius + 110, (ring.length * 64) / (2 * Math.PI * stretch));
      ring.forEach((n, i) => {
        const angle = (ring.length === 2 ? Math.PI : -Math.PI / 2) + (2 * Math.PI * i) / ring.length; // two: left and right
        const r = ring.length > 6 && i % 2 === 1 ? radius * 1.28 : radius;
        positions.set(n.id(), { x: r * aspect * Math.cos(angle), y: r * Math.sin(angle) });
        angles.set(n.id(), (angle + 2.5 * Math.PI) % (2 * Math.PI)); // 0 at the top, clockwise, as placed
      });
    }
    this.cy
      .layout({
        name: 'preset',
        animate: false,
        fit: true,
        padding: 36,
        positions: Object.fromEntries(positions),
      })
      .run();
    // A big neighbourhood (depth 2) fitted whole had 6 px labels: keep them readable, centred on
    // the open entity; the rest is a drag away.
    if (this.cy.zoom() < READABLE_ZOOM) {
      this.cy.zoom(READABLE_ZOOM);
      if (!root.empty()) this.cy.center(root);
    }
  }

  private describe(): void {
    this.container.setAttribute('aria-label', t('graph.aria', { n: this.cy.nodes().length, m: this.cy.edges().length }));
  }
}
