import type { AnyStateMachine } from 'xstate';
import { layoutModel } from './layout';
import { machineModel } from './machine-model';
import { svgDocument } from './svg';

export interface RenderMachineSvgOptions {
  /** State path(s) to draw as current, e.g. `'mediation.active'`, or one path per parallel region. */
  highlight?: string | readonly string[];
  /** Display labels by state path, e.g. `{ 'mediation.active': '调解中' }`; the state key is shown beneath. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * Draws a state machine as a standalone SVG, from the machine itself (`machine.root`): states and
 * nested states as boxes, parallel regions as dashed boxes, initial dots, final states with a
 * double border, transitions as arrows labelled with their event and `[guard]`; targetless
 * transitions are listed inside their state's box. Layout: ELK's layered algorithm (elkjs).
 * The same machine and options always give the same string.
 *
 * @throws RangeError when a highlighted path names no state of the machine.
 */
export async function renderMachineSvg(machine: AnyStateMachine, options: RenderMachineSvgOptions = {}): Promise<string> {
  const model = machineModel(machine);
  const highlight = new Set(typeof options.highlight === 'string' ? [options.highlight] : (options.highlight ?? []));
  for (const path of highlight) {
    if (path === '' || !model.byPath.has(path)) throw new RangeError(`workflow-diagram: no state "${path}" in machine ${machine.id}`);
  }
  const layout = await layoutModel(model, { ...options.labels });
  return svgDocument(layout, highlight, machine.id);
}
