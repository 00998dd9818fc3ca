import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  CASE_EVENT_CATALOG,
  CASE_EVENT_TYPES,
  CASE_MACHINE_VERSION,
  caseMachine,
  DEADLINE_RULES,
  STATE_LABELS,
  TRACK_LABELS,
} from '@tiaojie/domain';
import { renderMachineSvg } from '@tiaojie/workflow-diagram';

/** Chinese labels by full state path: the main line's labels sit under `main`, each side track's under its region. */
const ZH_LABELS: Record<string, string> = Object.fromEntries([
  ...Object.entries(STATE_LABELS).map(([path, label]) => [`main.${path}`, label.zh]),
  ...Object.entries(TRACK_LABELS).flatMap(([region, states]) =>
    Object.entries(states).flatMap(([key, label]) => (label.zh === '—' ? [] : [[`${region}.${key}`, label.zh]])),
  ),
]);

@ApiTags('operations')
@ApiBearerAuth()
@Controller('workflow')
export class WorkflowController {
  /** The machine never changes while the process runs: draw it once. */
  private diagramSvg?: Promise<string>;

  @Get()
  @ApiOperation({ summary: "The case machine: states, events with the roles that may send them, deadline kinds" })
  describe() {
    return {
      machineVersion: CASE_MACHINE_VERSION,
      definition: caseMachine.toJSON(),
      states: Object.entries(STATE_LABELS).map(([path, label]) => ({ path, ...label })),
      events: CASE_EVENT_TYPES.map((type) => ({
        type,
        summary: CASE_EVENT_CATALOG[type].summary,
        roles: CASE_EVENT_CATALOG[type].roles,
      })),
      deadlineKinds: Object.values(DEADLINE_RULES),
    };
  }

  @Get('diagram.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiOperation({ summary: 'The case machine drawn as an SVG state diagram, with Chinese state labels' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'A standalone SVG document', schema: { type: 'string' } })
  diagram(): Promise<string> {
    this.diagramSvg ??= renderMachineSvg(caseMachine, { labels: ZH_LABELS });
    return this.diagramSvg;
  }
}
