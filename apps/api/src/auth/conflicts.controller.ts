import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@tiaojie/cases';
import { CLOCK, CONFLICT_KINDS, NotFoundError, type Clock } from '@tiaojie/domain';
import { ConflictTypeormRepository, IdentityTypeormRepository } from '@tiaojie/persistence';
import { z } from 'zod';
import { openApiSchema } from '../http/openapi-schema';
import { ZodBodyPipe } from '../http/zod-body.pipe';
import { parseCaseId } from '../cases/case-headers';
import { CurrentUser, RequireRoles } from './auth.decorators';

const declarationSchema = z
  .strictObject({
    kind: z.enum(CONFLICT_KINDS),
    creditCode: z.string().trim().min(1).max(20).optional(),
    partyName: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .refine((d) => d.creditCode || d.partyName, { message: 'name the organisation (creditCode) or the person (partyName)', path: ['partyName'] });

/** Declared ties that keep a mediator off a case (conflict of interest at assignment). */
@ApiTags('auth')
@ApiBearerAuth()
@Controller()
export class ConflictsController {
  constructor(
    private readonly conflicts: ConflictTypeormRepository,
    private readonly identity: IdentityTypeormRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('me/conflicts')
  @ApiOperation({ summary: 'My declared ties (conflicts of interest)' })
  mine(@CurrentUser() caller: Caller) {
    return this.conflicts.forUsers([caller.id]);
  }

  @Post('me/conflicts')
  @ApiOperation({ summary: 'Declare a tie with an organisation or a person: I will not be assigned to their cases' })
  @ApiBody({ schema: openApiSchema(declarationSchema) })
  @ApiCreatedResponse({ description: '{ id }' })
  async declareMine(@CurrentUser() caller: Caller, @Body(new ZodBodyPipe(declarationSchema)) body: z.infer<typeof declarationSchema>) {
    return { id: await this.conflicts.declare({ ...body, userId: caller.id, declaredBy: caller.id, at: this.clock.now() }) };
  }

  @Post('admin/users/:id/conflicts')
  @RequireRoles('ADMIN')
  @ApiOperation({ summary: 'Record a tie for a user (admin)' })
  @ApiBody({ schema: openApiSchema(declarationSchema) })
  @ApiCreatedResponse({ description: '{ id }' })
  async declareFor(@CurrentUser() caller: Caller, @Param('id') id: string, @Body(new ZodBodyPipe(declarationSchema)) body: z.infer<typeof declarationSchema>) {
    const user = await this.identity.findUserById(parseCaseId(id));
    if (!user) throw new NotFoundError('user');
    return { id: await this.conflicts.declare({ ...body, userId: user.id, declaredBy: caller.id, at: this.clock.now() }) };
  }
}
