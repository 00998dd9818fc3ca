import { Body, Controller, Get, Headers, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { hashRequest, type Caller } from '@tiaojie/cases';
import { ValidationError, zodFieldErrors } from '@tiaojie/domain';
import {
  listOutreachQuerySchema,
  ListOutreachQuery,
  RecordOutreachCommand,
  recordOutreachSchema,
  type OutreachView,
  type RecordOutreachRequest,
} from '@tiaojie/reports';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import { parseIdempotencyKey } from '../cases/case-headers';
import { openApiSchema } from '../http/openapi-schema';
import { ZodBodyPipe } from '../http/zod-body.pipe';

/** Outreach activities (DOMAIN §3.9): legal-service actions that are not cases, reported beside them. */
@ApiTags('outreach')
@ApiBearerAuth()
@Controller('outreach')
export class OutreachController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Record an outreach activity (talk, site clinic, platform-worker day…)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: openApiSchema(recordOutreachSchema) })
  @ApiCreatedResponse({ description: 'the activity' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid field' })
  async record(
    @CurrentUser() caller: Caller,
    @Body(new ZodBodyPipe(recordOutreachSchema)) body: RecordOutreachRequest,
    @Headers('idempotency-key') idemHeader: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OutreachView> {
    const key = parseIdempotencyKey(idemHeader);
    const idempotency = key ? { key, requestHash: hashRequest(['POST', '/api/outreach', req.body]) } : undefined;
    const result = await this.commands.execute(new RecordOutreachCommand(caller, body, idempotency));
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @ApiOperation({ summary: 'Outreach activities in your region subtree (and your own organisation’s)' })
  @ApiQuery({ name: 'from', required: false, description: 'held on or after, YYYY-MM-DD' })
  @ApiQuery({ name: 'to', required: false, description: 'held on or before, YYYY-MM-DD' })
  @ApiQuery({ name: 'regionCode', required: false, description: 'a region inside yours (404 outside it)' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number, description: 'at most 100' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  @ApiNotFoundResponse({ description: 'the region is outside yours' })
  list(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>) {
    const parsed = listOutreachQuerySchema.safeParse(query);
    if (!parsed.success) throw new ValidationError(zodFieldErrors(parsed.error));
    return this.queries.execute(new ListOutreachQuery(caller, parsed.data));
  }
}
