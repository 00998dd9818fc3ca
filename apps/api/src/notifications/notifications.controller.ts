import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { GetCaseQuery, type Caller } from '@tiaojie/cases';
import { CLOCK, NotFoundError, regionPrefix, ValidationError, zodFieldErrors, type Clock } from '@tiaojie/domain';
import { renderForInbox } from '@tiaojie/notifications';
import { NotificationTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import { z } from 'zod';
import { CurrentUser } from '../auth/auth.decorators';

const paging = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
const inboxQuery = z.strictObject({ unread: z.enum(['true', 'false']).optional(), ...paging });
const failedQuery = z.strictObject({ ...paging });
const smsQuery = z.strictObject({ ...paging, pageSize: z.coerce.number().int().min(1).max(100).default(50) });
const SMS_DESCRIPTION =
  '{ items: [{ seq, notificationId, caseId, caseNo, template, to (masked, 138****5678), locale, body, recordedAt }], total, page, pageSize }, oldest first';

/** Whose failed and recorded messages a manager sees: their region subtree and organisation; admin all. */
const managerScope = (caller: Caller) => ({
  all: caller.roles.includes('ADMIN'),
  regionPrefix: caller.regionCode ? regionPrefix(caller.regionCode) : null,
  orgId: caller.orgId,
});

const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]),
});
const caseIdParam = uuidParam;

function parse<T extends z.ZodType>(schema: T, query: Record<string, unknown>): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new ValidationError(zodFieldErrors(parsed.error));
  return parsed.data;
}

/** The caller's in-app inbox, and the failed messages managers must see (DESIGN §7). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly notifications: NotificationTypeormRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's in-app messages, newest first, rendered in the message's locale" })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ description: '{ items: [{ id, template, subject, body, caseId, createdAt, readAt }], total, unread, page, pageSize }' })
  async inbox(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = parse(inboxQuery, query);
    const { items, total } = await this.notifications.inbox(this.tx.reader, caller.id, q.unread === 'true', q.page, q.pageSize);
    const unread = await this.notifications.unreadCount(this.tx.reader, caller.id);
    return {
      items: items.map((n) => ({
        id: n.id,
        template: n.template,
        ...renderForInbox(n.template, n.locale, n.params ?? {}),
        caseId: n.caseId,
        createdAt: n.createdAt,
        readAt: n.readAt,
      })),
      total,
      unread,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  @Get('unread-count')
  @ApiOperation({ summary: "How many of the caller's in-app messages are unread" })
  @ApiOkResponse({ description: '{ unread }' })
  async unreadCount(@CurrentUser() caller: Caller) {
    return { unread: await this.notifications.unreadCount(this.tx.reader, caller.id) };
  }

  @Get('failed')
  @ApiOperation({
    summary: "Messages that could not be delivered, for the caller's region or organisation (managers, admin)",
    description: 'No phone numbers or addresses: the channel, template, case number, attempts and last error.',
  })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ description: '{ items: [{ id, channel, template, caseId, caseNo, recipient, attempts, lastError, createdAt }], total, page, pageSize }' })
  async failed(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = parse(failedQuery, query);
    const { items, total } = await this.notifications.failed(this.tx.reader, managerScope(caller), q.page, q.pageSize);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Get('sms')
  @ApiOperation({
    summary: "Texts the recording SMS provider delivered (the default for demo and tests), for the caller's region (managers, admin)",
    description: 'The phone is masked; the body is what the worker read. With SMS_PROVIDER=http the gateway has them instead and this list stays empty.',
  })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ description: SMS_DESCRIPTION })
  async sms(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>) {
    const q = parse(smsQuery, query);
    const { items, total } = await this.notifications.recordedSms(this.tx.reader, managerScope(caller), null, q.page, q.pageSize);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Marks one of the caller’s own messages read' })
  @ApiNoContentResponse({ description: 'the message is read' })
  @ApiNotFoundResponse({ description: 'no such message of the caller' })
  async markRead(@CurrentUser() caller: Caller, @Param('id', uuidParam) id: string): Promise<void> {
    const ok = await this.tx.run((tx) => this.notifications.markRead(tx, id, caller.id, this.clock.now()));
    if (!ok) throw new NotFoundError('notification');
  }
}

/** The texts sent to a case's parties, on the case page of anyone who may read the case. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('cases')
export class CaseMessagesController {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly notifications: NotificationTypeormRepository,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id/messages')
  @ApiOperation({
    summary: "Texts the recording SMS provider delivered to this case's parties, oldest first",
    description: 'The phone is masked. Out of the caller’s scope → 404, like the case itself.',
  })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ description: SMS_DESCRIPTION })
  @ApiNotFoundResponse({ description: 'no such case in the caller’s scope' })
  async caseMessages(@CurrentUser() caller: Caller, @Param('id', caseIdParam) id: string, @Query() query: Record<string, unknown>) {
    const q = parse(smsQuery, query);
    await this.queries.execute(new GetCaseQuery(caller, id)); // the case's own access rules: 404 out of scope
    const { items, total } = await this.notifications.recordedSms(this.tx.reader, { all: true, regionPrefix: null, orgId: null }, id, q.page, q.pageSize);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }
}
