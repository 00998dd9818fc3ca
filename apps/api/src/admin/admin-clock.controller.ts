import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FireDueDeadlinesCommand } from '@tiaojie/cases';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CLOCK, toShanghaiIso, ValidationError, type Clock } from '@tiaojie/domain';
import { TestClock } from '@tiaojie/persistence';
import { z } from 'zod';
import { RequireRoles } from '../auth/auth.decorators';
import { HttpProblem } from '../http/http-errors';
import { openApiSchema } from '../http/openapi-schema';
import { ZodBodyPipe } from '../http/zod-body.pipe';
import { parseIsoDuration } from './iso-duration';

const clockSchema = z.union([
  z.strictObject({ advance: z.string().min(2).max(40) }),
  z.strictObject({ set: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with offset' }) }),
]);

/**
 * The test clock (DESIGN §5), for tests, demos and acceptance runs. Exists only when TEST_CLOCK=true;
 * otherwise every route here answers 404.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/clock')
export class AdminClockController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commands: CommandBus,
  ) {}

  private testClock(): TestClock {
    if (!this.config.testClock || !(this.clock instanceof TestClock)) throw new HttpProblem(404, 'NOT_FOUND', 'no such route');
    return this.clock;
  }

  @Get()
  @RequireRoles('ADMIN')
  @ApiOperation({ summary: 'The test clock\u2019s time' })
  @ApiNotFoundResponse({ description: 'the test clock is not enabled' })
  now() {
    return { now: toShanghaiIso(this.testClock().now()) };
  }

  @Post()
  @HttpCode(200)
  @RequireRoles('ADMIN')
  @ApiOperation({ summary: 'Move the test clock forward and fire what falls due; answers once those firings are done' })
  @ApiBody({ schema: openApiSchema(clockSchema) })
  async move(@Body(new ZodBodyPipe(clockSchema)) body: z.infer<typeof clockSchema>) {
    const clock = this.testClock();
    let target: Date;
    if ('advance' in body) {
      const ms = parseIsoDuration(body.advance);
      if (ms === null) throw new ValidationError([{ field: 'advance', message: 'must be an ISO 8601 duration such as P16D or PT2H' }]);
      target = new Date(clock.now().getTime() + ms);
    } else {
      target = new Date(body.set);
      if (target.getTime() < clock.now().getTime()) throw new ValidationError([{ field: 'set', message: 'the test clock only moves forward' }]);
    }
    await clock.moveTo(target);
    const { fired } = await this.commands.execute(new FireDueDeadlinesCommand());
    return { now: toShanghaiIso(clock.now()), fired };
  }
}
