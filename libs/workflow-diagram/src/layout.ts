import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api';
import type { DiagramModel, DiagramState, DiagramTransition } from './machine-model';
import { PAD_X, SMALL_SIZE, LINE_HEIGHT, stateText, type StateText } from './state-text';
import { textWidth } from './text';

/** Positions from ELK's layered algorithm, all in the diagram's (root) coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

export interface PlacedState {
  state: DiagramState;
  text: StateText;
  box: Box;
  /** The initial-state dot of a compound state. */
  initialDot?: Box;
  children: PlacedState[];
}

export interface PlacedEdge {
  /** Undefined for the arrow from an initial dot. */
  transition?: DiagramTransition;
  points: Point[];
  label?: Box & { lines: string[] };
}

export interface Layout {
  width: number;
  height: number;
  root: PlacedState;
  edges: PlacedEdge[];
}

const MARGIN = 16;
const DOT = 12;
const HISTORY = 28;
const MIN_WIDTH = 90;

/** ELK reads most layered options per compound node, so every compound node gets these. */
const LAYERED: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeNode': '18',
  'elk.spacing.edgeEdge': '14',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
  // Depth-first from the initial dot keeps the flow top-down in definition order. (MODEL_ORDER
  // cycle breaking and forceNodeModelOrder crash elkjs 0.12 inside compound nodes.)
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
};

const ROOT_OPTIONS: Record<string, string> = {
  ...LAYERED,
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
  'org.eclipse.elk.json.shapeCoords': 'ROOT',
  'org.eclipse.elk.json.edgeCoords': 'ROOT',
};

const initialId = (s: DiagramState) => `${s.id}#initial`;

interface Measured {
  state: DiagramState;
  text: StateText;
}

interface Context {
  labels: Record<string, string>;
  /** Arrows ending at each state: a box gets wide enough to keep their heads apart. */
  incoming: Map<string, number>;
  seen: Map<string, Measured>;
}

function elkNode(s: DiagramState, ctx: Context): ElkNode {
  const text = stateText(s, ctx.labels[s.path]);
  ctx.seen.set(s.id, { state: s, text });
  if (s.kind === 'history') return { id: s.id, width: HISTORY, height: HISTORY };
  const width = Math.max(MIN_WIDTH, text.width + 2 * PAD_X, (ctx.incoming.get(s.id) ?? 0) * 14 + 24);
  if (s.children.length === 0) return { id: s.id, width: width + (s.kind === 'final' ? 8 : 0), height: Math.max(40, text.height) };
  const children = s.children.map((c) => elkNode(c, ctx));
  if (s.initialId) children.unshift({ id: initialId(s), width: DOT, height: DOT });
  return {
    id: s.id,
    layoutOptions: {
      ...LAYERED,
      'elk.padding': `[top=${text.height + 10},left=16,bottom=16,right=16]`,
      'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
      'elk.nodeSize.minimum': `(${width}, ${text.height + 40})`,
      // Regions side by side: all in the first layer of their parallel state.
      ...(s.isRegion ? { 'elk.alignment': 'TOP', 'elk.layered.layering.layerConstraint': 'FIRST' } : {}),
    },
    children,
  };
}

function edgeLabel(lines: string[]): ElkLabel {
  const width = Math.max(...lines.map((l) => textWidth(l, SMALL_SIZE))) + 8;
  const height = lines.length * SMALL_SIZE * LINE_HEIGHT + 4;
  return { text: lines.join('\n'), width, height, layoutOptions: { 'elk.edgeLabels.inline': 'true' } };
}

function collectInitialEdges(s: DiagramState, out: ElkExtendedEdge[]): void {
  if (s.initialId) out.push({ id: `${initialId(s)}>`, sources: [initialId(s)], targets: [s.initialId] });
  s.children.forEach((c) => collectInitialEdges(c, out));
}

export async function layoutModel(model: DiagramModel, labels: Record<string, string>): Promise<Layout> {
  const seen = new Map<string, Measured>();
  const incoming = new Map<string, number>();
  for (const t of model.transitions) incoming.set(t.targetId, (incoming.get(t.targetId) ?? 0) + 1);
  const edges: ElkExtendedEdge[] = [];
  collectInitialEdges(model.root, edges);
  const byEdgeId = new Map(model.transitions.map((t) => [t.id, t]));
  for (const t of model.transitions) {
    edges.push({ id: t.id, sources: [t.sourceId], targets: [t.targetId], labels: [edgeLabel(t.lines)] });
  }
  const graph: ElkNode = {
    id: '#diagram',
    layoutOptions: ROOT_OPTIONS,
    children: [elkNode(model.root, { labels, incoming, seen })],
    edges,
  };
  const out = await new ELK().layout(graph);

  const place = (n: ElkNode): PlacedState => {
    const { state, text } = seen.get(n.id)!;
    const dot = n.children?.find((c) => c.id === initialId(state));
    return {
      state,
      text,
      box: box(n),
      initialDot: dot && box(dot),
      children: (n.children ?? []).filter((c) => c !== dot).map(place),
    };
  };
  return {
    width: out.width ?? 0,
    height: out.height ?? 0,
    root: place(out.children![0]),
    edges: (out.edges ?? []).map((e) => placeEdge(e as ElkExtendedEdge, byEdgeId.get(e.id))),
  };
}

function placeEdge(e: ElkExtendedEdge, transition: DiagramTransition | undefined): PlacedEdge {
  const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
  const l = e.labels?.[0];
  if (!transition || !l) return { transition, points };
  return { transition, points, label: { ...onPath(box(l), points), lines: transition.lines } };
}

/**
 * ELK sometimes leaves the label of an edge that crosses several compound states away from the
 * edge; such a label moves to the middle of the edge's longest segment.
 */
function onPath(label: Box, points: Point[]): Box {
  const segments = points.slice(1).map((b, i) => [points[i], b] as const);
  const touches = segments.some(([a, b]) => {
    const [x0, x1, y0, y1] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
    return x1 >= label.x && x0 <= label.x + label.width && y1 >= label.y && y0 <= label.y + label.height;
  });
  if (touches || segments.length === 0) return label;
  const length = ([a, b]: readonly [Point, Point]) => Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
  const [a, b] = segments.reduce((best, s) => (length(s) > length(best) ? s : best));
  return { ...label, x: (a.x + b.x) / 2 - label.width / 2, y: (a.y + b.y) / 2 - label.height / 2 };
}

const box = (s: { x?: number; y?: number; width?: number; height?: number }): Box => ({
  x: s.x ?? 0,
  y: s.y ?? 0,
  width: s.width ?? 0,
  height: s.height ?? 0,
});
