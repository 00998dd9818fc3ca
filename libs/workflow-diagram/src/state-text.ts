import type { DiagramState } from './machine-model';
import { textWidth } from './text';

/** The text drawn at the top of a state's box, with its metrics: shared by layout and drawing. */
export interface TextLine {
  text: string;
  size: number;
  role: 'title' | 'subtitle' | 'internal';
  /** Baseline, from the top of the box. */
  y: number;
  /** For internal transitions: the raw event type. */
  eventType?: string;
}

export interface StateText {
  lines: TextLine[];
  width: number;
  /** Height of the header, from the box's top edge down to below the last line. */
  height: number;
  /** Where a rule separates the title from the listed transitions, from the top of the box. */
  ruleY?: number;
}

export const TITLE_SIZE = 13;
export const SMALL_SIZE = 11;
export const LINE_HEIGHT = 1.4;
export const PAD_X = 12;
const PAD_TOP = 8;
const GAP = 5;

export function stateText(state: DiagramState, label: string | undefined): StateText {
  const lines: TextLine[] = [];
  let y = PAD_TOP;
  const add = (text: string, size: number, role: TextLine['role'], eventType?: string) => {
    y += size * LINE_HEIGHT;
    lines.push({ text, size, role, y: y - size * 0.35, eventType });
  };
  add(label ?? state.key, TITLE_SIZE, 'title');
  const notes = [label === undefined ? undefined : state.key, state.kind === 'parallel' ? 'parallel' : undefined];
  const subtitle = notes.filter((n) => n !== undefined).join(' · ');
  if (subtitle) add(subtitle, SMALL_SIZE, 'subtitle');
  const ruleY = state.internal.length ? y + GAP / 2 : undefined;
  if (state.internal.length) y += GAP;
  for (const t of state.internal) {
    add(t.to === undefined ? `↺ ${t.lines.join(' ')}` : `↘ ${t.lines.join(' ')} → ${t.to}`, SMALL_SIZE, 'internal', t.eventType);
  }
  const width = Math.max(...lines.map((l) => textWidth(l.text, l.size) * (l.role === 'title' ? 1.08 : 1)));
  return { lines, width, height: y + PAD_TOP, ruleY };
}
