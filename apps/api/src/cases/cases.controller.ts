import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  GetCaseDocumentQuery,
  GetCaseHistoryQuery,
  GetCaseQuery,
  hashRequest,
  ListCasesQuery,
  RevealPartyQuery,
  type PartyDataView,
  OpenCaseCommand,
  openCaseRequestSchema,
  SendCaseEventCommand,
  type Caller,
  type CaseView,
  type CommandResult,
  type OpenCaseRequest,
} from '@tiaojie/cases';
import { ValidationError, zodFieldErrors } from '@tiaojie/domain';
import { OutboxWakeup } from '@tiaojie/deadlines';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import { openApiSchema } from '../http/openapi-schema';
import { ZodBodyPipe } from '../http/zod-body.pipe';
import { parseCaseId, parseIdempotencyKey, parseIfMatch } from './case-headers';
import { caseEventBodySchema, listCasesQuerySchema } from './cases.schemas';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly wakeup: OutboxWakeup,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open a case (intake)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: openApiSchema(openCaseRequestSchema) })
  @ApiCreatedResponse({ description: 'the case view; ETag carries its version' })
  async open(
    @CurrentUser() caller: Caller,
    @Body(new ZodBodyPipe(openCaseRequestSchema)) body: OpenCaseRequest,
    @Headers('idempotency-key') idemHeader: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const key = parseIdempotencyKey(idemHeader);
    const idempotency = key ? { key, requestHash: hashRequest(['POST', '/api/cases', req.body]) } : undefined;
    const result = await this.commands.execute(new OpenCaseCommand(caller, body, idempotency));
    return this.answer(res, result);
  }

  @Get()
  @ApiOperation({ summary: 'List cases' })
  @ApiQuery({ name: 'state', required: false, description: 'prefix of the state path, e.g. "mediation"' })
  @ApiQuery({ name: 'regionCode', required: false, description: 'region code prefix' })
  @ApiQuery({ name: 'assignedTo', required: false, enum: ['me'] })
  @ApiQuery({ name: 'overdue', required: false, type: Boolean })
  @ApiQuery({ name: 'collective', required: false, type: Boolean })
  @ApiQuery({ name: 'q', required: false, description: 'case number or party name' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number, description: 'at most 100' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  list(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>) {
    const parsed = listCasesQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new ValidationError(zodFieldErrors(parsed.error));
    }
    return this.queries.execute(new ListCasesQuery(caller, parsed.data));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case, with the events this caller may send now and its deadlines' })
  @ApiNotFoundResponse({ description: 'no such case in your scope' })
  async get(@CurrentUser() caller: Caller, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<CaseView> {
    const view = await this.queries.execute(new GetCaseQuery(caller, parseCaseId(id)));
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send an event to the case workflow' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you read, e.g. "3"' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: openApiSchema(caseEventBodySchema) })
  @ApiOkResponse({ description: 'the case view after the event' })
  @ApiConflictResponse({ description: 'the case changed since you read it' })
  @ApiForbiddenResponse({ description: 'your role may not send this event' })
  @ApiUnprocessableEntityResponse({ description: 'the state does not accept this event; allowedEvents lists what it accepts' })
  async sendEvent(
    @CurrentUser() caller: Caller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idemHeader: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const caseId = parseCaseId(id);
    const key = parseIdempotencyKey(idemHeader);
    const version = parseIfMatch(ifMatch);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ValidationError([{ field: '(body)', message: 'must be a JSON object with a "type"' }]);
    }
    const { type, ...payload } = body as Record<string, unknown>;
    const idempotency = key ? { key, requestHash: hashRequest(['POST', `/api/cases/${caseId}/events`, version, body]) } : undefined;
    const result = await this.commands.execute(new SendCaseEventCommand(caller, caseId, version, type, payload, idempotency));
    return this.answer(res, result);
  }

  @Get(':id/documents/:kind')
  @ApiOperation({ summary: 'A document the case has issued, as a PDF in Chinese: ACCEPTANCE_NOTICE, AGREEMENT, TERMINATION_NOTE, HANDOVER_PACKET' })
  @ApiProduces('application/pdf')
  @ApiNotFoundResponse({ description: 'no such case in your scope, or the case has not issued that document' })
  async document(@CurrentUser() caller: Caller, @Param('id') id: string, @Param('kind') kind: string, @Res() res: Response): Promise<void> {
    const doc = await this.queries.execute(new GetCaseDocumentQuery(caller, parseCaseId(id), kind));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${doc.docNo}.pdf"`);
    res.send(doc.pdf);
  }

  @Get(':id/parties/:partyId')
  @ApiOperation({
    summary: "A party's name, ID number and phone: masked, or in full with reveal=true for the roles that may see them (each reveal is audited)",
  })
  @ApiQuery({ name: 'reveal', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: '{ id, name, idType, idNumber, phone }' })
  @ApiForbiddenResponse({ description: 'your role may not see personal data in full' })
  @ApiNotFoundResponse({ description: 'no such case in your scope, or no such party in the case' })
  party(
    @CurrentUser() caller: Caller,
    @Param('id') id: string,
    @Param('partyId') partyId: string,
    @Query('reveal') reveal: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PartyDataView> {
    if (reveal !== undefined && reveal !== 'true' && reveal !== 'false') {
      throw new ValidationError([{ field: 'reveal', message: 'must be true or false' }]);
    }
    // Personal data in full must not sit in shared caches.
    res.setHeader('Cache-Control', 'no-store');
    return this.queries.execute(new RevealPartyQuery(caller, parseCaseId(id), parseCaseId(partyId), reveal === 'true'));
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The case's hash-chained event history" })
  history(@CurrentUser() caller: Caller, @Param('id') id: string) {
    return this.queries.execute(new GetCaseHistoryQuery(caller, parseCaseId(id)));
  }

  private answer(res: Response, result: CommandResult<CaseView>): CaseView {
    if (!result.replayed) this.wakeup.ping();
    res.status(result.status);
    res.setHeader('ETag', `"${result.body.version}"`);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }
}
