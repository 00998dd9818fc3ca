import type { Layout, PlacedEdge, PlacedState, Point } from './layout';
import { PAD_X, SMALL_SIZE, LINE_HEIGHT, type TextLine } from './state-text';
import { escapeXml, FONT_FAMILY, num } from './text';

/** Draws a laid-out machine as one standalone SVG document. */

const INK = '#343a40';
const MUTED = '#868e96';
const HIGHLIGHT = { fill: '#ffe8a3', stroke: '#e8590c' };

type Attrs = Record<string, string | number | undefined>;

const attrs = (a: Attrs) =>
  Object.entries(a)
    .map(([k, v]) => (v === undefined ? '' : ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v)}"`))
    .join('');

const el = (name: string, a: Attrs, body?: string) =>
  body === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${body}</${name}>`;

export function svgDocument(layout: Layout, highlight: ReadonlySet<string>, title: string): string {
  const { width, height } = layout;
  const defs = el(
    'marker',
    { id: 'wd-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: INK }),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg${attrs({ xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${num(width)} ${num(height)}`, width, height, 'font-family': FONT_FAMILY, role: 'img' })}>`,
    el('title', {}, escapeXml(`${title}: state machine`)),
    el('defs', {}, defs),
    el('rect', { width, height, fill: '#ffffff' }),
    state(layout.root, highlight, 0),
    el('g', { class: 'transitions', fill: 'none', stroke: INK, 'stroke-width': 1.3 }, layout.edges.map(edgePath).join('')),
    el('g', { class: 'transition-labels', 'font-size': SMALL_SIZE, 'text-anchor': 'middle' }, layout.edges.map(edgeLabel).join('')),
    '</svg>',
    '',
  ].join('\n');
}

function state(p: PlacedState, highlight: ReadonlySet<string>, depth: number): string {
  const { state: s, box: b, text } = p;
  const lit = highlight.has(s.path);
  const compound = p.children.length > 0;
  const fill = lit ? HIGHLIGHT.fill : s.isRegion ? 'none' : compound ? (depth % 2 ? '#ffffff' : '#f1f3f5') : '#ffffff';
  const stroke = lit ? HIGHLIGHT.stroke : s.isRegion ? MUTED : INK;
  const shape: string[] = [];
  if (s.kind === 'history') {
    const r = b.width / 2;
    shape.push(el('circle', { cx: b.x + r, cy: b.y + r, r, fill, stroke }));
    shape.push(el('text', { x: b.x + r, y: b.y + r + 4, 'font-size': SMALL_SIZE, 'text-anchor': 'middle', fill: INK }, s.history === 'deep' ? 'H*' : 'H'));
  } else {
    const dashed = s.isRegion ? '6 4' : undefined;
    shape.push(el('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 8, fill, stroke, 'stroke-width': lit ? 2.5 : 1.2, 'stroke-dasharray': dashed }));
    if (s.kind === 'final') shape.push(el('rect', { x: b.x + 4, y: b.y + 4, width: b.width - 8, height: b.height - 8, rx: 5, fill: 'none', stroke }));
    if (text.ruleY !== undefined) {
      const y = b.y + text.ruleY;
      shape.push(el('line', { x1: b.x + 6, y1: y, x2: b.x + b.width - 6, y2: y, stroke: '#ced4da' }));
    }
    shape.push(...text.lines.map((l) => line(l, b.x, b.y, b.width, compound)));
  }
  if (p.initialDot) {
    const d = p.initialDot;
    shape.push(el('circle', { class: 'initial', cx: d.x + d.width / 2, cy: d.y + d.height / 2, r: d.width / 2, fill: INK }));
  }
  const body = [el('title', {}, escapeXml(`#${s.id}`)), ...shape, ...p.children.map((c) => state(c, highlight, depth + 1))];
  return el(
    'g',
    { class: `state state-${s.kind}${s.isRegion ? ' region' : ''}`, 'data-id': s.id, 'data-path': s.path, 'data-highlighted': lit ? 'true' : undefined },
    body.join(''),
  );
}

function line(l: TextLine, x: number, y: number, width: number, compound: boolean): string {
  const centered = l.role !== 'internal' && !compound;
  return el(
    'text',
    {
      x: centered ? x + width / 2 : x + PAD_X,
      y: y + l.y,
      'font-size': l.size,
      'font-weight': l.role === 'title' ? 'bold' : undefined,
      'text-anchor': centered ? 'middle' : 'start',
      fill: l.role === 'title' ? '#212529' : l.role === 'subtitle' ? MUTED : INK,
      'data-event': l.eventType,
    },
    escapeXml(l.text),
  );
}

const pathData = (points: Point[]) => points.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)},${num(p.y)}`).join(' ');

function edgePath(e: PlacedEdge): string {
  const t = e.transition;
  return el('path', {
    class: t ? 'transition' : 'initial-transition',
    'data-event': t?.eventType,
    'data-source': t?.sourceId,
    'data-target': t?.targetId,
    d: pathData(e.points),
    'marker-end': 'url(#wd-arrow)',
  });
}

function edgeLabel(e: PlacedEdge): string {
  if (!e.label || !e.transition) return '';
  const { x, y, width, height, lines } = e.label;
  const texts = lines.map((text, i) =>
    el(
      'text',
      { x: x + width / 2, y: y + 2 + (i + 1) * SMALL_SIZE * LINE_HEIGHT - SMALL_SIZE * 0.35, fill: i ? MUTED : INK, 'font-style': i ? 'italic' : undefined },
      escapeXml(text),
    ),
  );
  const bg = el('rect', { x, y, width, height, rx: 3, fill: '#ffffff', 'fill-opacity': 0.85 });
  return el('g', { class: 'transition-label', 'data-event': e.transition.eventType }, bg + texts.join(''));
}
