import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CASE_EVENT_CATALOG,
  CASE_EVENT_TYPES,
  CASE_MACHINE_VERSION,
  caseMachine,
  DEADLINE_RULES,
  STATE_LABELS,
} from '@tiaojie/domain';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('workflow')
export class WorkflowController {
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
}
