import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ListReferralsQuery, type Caller } from '@tiaojie/cases';
import { ValidationError, zodFieldErrors } from '@tiaojie/domain';
import { z } from 'zod';
import { CurrentUser } from '../auth/auth.decorators';

const querySchema = z.strictObject({
  status: z.enum(['PENDING', 'ACCEPTED', 'REJECTED', 'COMPLETED']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: "Referrals addressed to the caller's organisation, each with its due time" })
  @ApiQuery({ name: 'status', required: false, enum: ['PENDING', 'ACCEPTED', 'REJECTED', 'COMPLETED'] })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiOkResponse({ description: '{ items: [{ id, caseId, caseNo, kind, fromOrg, toOrg, status, createdAt, dueAt }], total, page, pageSize }' })
  list(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>) {
    const parsed = querySchema.safeParse(query);
    if (!parsed.success) {
      throw new ValidationError(zodFieldErrors(parsed.error));
    }
    return this.queries.execute(new ListReferralsQuery(caller, parsed.data.status, parsed.data.page, parsed.data.pageSize));
  }
}
