import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@tiaojie/cases';
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

const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]),
});

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
    const scope = {
      all: caller.roles.includes('ADMIN'),
      regionPrefix: caller.regionCode ? regionPrefix(caller.regionCode) : null,
      orgId: caller.orgId,
    };
    const { items, total } = await this.notifications.failed(this.tx.reader, scope, q.page, q.pageSize);
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
