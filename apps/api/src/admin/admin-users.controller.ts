import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Caller } from '@tiaojie/cases';
import { AGENCIES, ROLES, ValidationError } from '@tiaojie/domain';
import { newPasswordSchema, ORG_TIERS, REGION_CODE, SelfLockoutError, UserAdminService, UsernameTakenError } from '@tiaojie/identity';
import { z } from 'zod';
import { CurrentUser, RequireRoles } from '../auth/auth.decorators';
import { HttpProblem } from '../http/http-errors';
import { openApiSchema } from '../http/openapi-schema';
import { ZodBodyPipe } from '../http/zod-body.pipe';

/** Roles a person may hold: SYSTEM is the engine itself and is never given to an account. */
const PERSON_ROLES = ROLES.filter((r) => r !== 'SYSTEM') as [Exclude<(typeof ROLES)[number], 'SYSTEM'>, ...Exclude<(typeof ROLES)[number], 'SYSTEM'>[]];
const roles = z
  .array(z.enum(PERSON_ROLES))
  .min(1, 'give at least one role')
  .max(PERSON_ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'each role once');
const displayName = z.string().trim().min(1).max(100);
/** A work address (notices to managers and receiving organisations); null removes it. */
const email = z.email('must be an e-mail address').max(200).nullable();

// Strict bodies: an unknown field (id, passwordHash, createdAt, tokenVersion…) is a 400, never applied.
const createUserSchema = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3–64 characters: lowercase letters, digits, dot, dash, underscore'),
  displayName,
  orgId: z.uuid(),
  roles,
  password: newPasswordSchema,
  email: email.optional(),
});
const updateUserSchema = z
  .strictObject({ displayName: displayName.optional(), roles: roles.optional(), orgId: z.uuid().optional(), active: z.boolean().optional(), email: email.optional() })
  .refine((b) => Object.keys(b).length > 0, 'send at least one of displayName, roles, orgId, active, email');
const resetPasswordSchema = z.strictObject({ newPassword: newPasswordSchema });
const createOrgSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  agency: z.enum(AGENCIES),
  regionCode: z.string().regex(REGION_CODE, 'must be a 6-, 9- or 12-digit region code'),
  tier: z.enum(ORG_TIERS),
  parentId: z.uuid().nullable().optional(),
});

const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]),
});

const actorOf = (c: Caller) => ({ id: c.id, displayName: c.displayName });

/** Accounts and organisations, managed by admins (API.md "Accounts and sessions"). */
@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'the caller is not an ADMIN' })
@RequireRoles('ADMIN')
@Controller('admin')
export class AdminUsersController {
  constructor(private readonly admin: UserAdminService) {}

  @Get('users')
  @ApiOperation({ summary: 'All user accounts (never their password hashes)' })
  @ApiOkResponse({ description: '[{ id, username, displayName, orgId, orgName, agency, regionCode, roles, active, email, createdAt }]' })
  listUsers() {
    return this.admin.listUsers();
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user account in an organisation, with roles and an initial password' })
  @ApiBody({ schema: openApiSchema(createUserSchema) })
  @ApiCreatedResponse({ description: 'the account' })
  @ApiBadRequestResponse({ description: 'a field is invalid or unknown, or the organisation does not exist' })
  @ApiConflictResponse({ description: 'the username is taken' })
  async createUser(@CurrentUser() caller: Caller, @Body(new ZodBodyPipe(createUserSchema)) body: z.infer<typeof createUserSchema>) {
    try {
      return await this.admin.createUser(body, actorOf(caller));
    } catch (e) {
      if (e instanceof UsernameTakenError) throw new HttpProblem(409, e.code, e.message, [{ field: 'username', message: e.message }]);
      throw e;
    }
  }

  @Patch('users/:id')
  @ApiOperation({ summary: 'Change a user; active=false disables them and ends all their sessions at once' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: openApiSchema(updateUserSchema) })
  @ApiOkResponse({ description: 'the account' })
  @ApiBadRequestResponse({ description: 'a field is invalid or unknown' })
  @ApiNotFoundResponse({ description: 'no such user' })
  @ApiConflictResponse({ description: 'an admin cannot disable themselves or drop their own ADMIN role' })
  async updateUser(
    @CurrentUser() caller: Caller,
    @Param('id', uuidParam) id: string,
    @Body(new ZodBodyPipe(updateUserSchema)) body: z.infer<typeof updateUserSchema>,
  ) {
    try {
      return await this.admin.updateUser(id, body, actorOf(caller));
    } catch (e) {
      if (e instanceof SelfLockoutError) throw new HttpProblem(409, e.code, e.message);
      throw e;
    }
  }

  @Post('users/:id/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a user\u2019s password; ends all their sessions' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ schema: openApiSchema(resetPasswordSchema) })
  @ApiNoContentResponse({ description: 'the password is set' })
  @ApiBadRequestResponse({ description: 'newPassword is too short or too long' })
  @ApiNotFoundResponse({ description: 'no such user' })
  async resetPassword(
    @CurrentUser() caller: Caller,
    @Param('id', uuidParam) id: string,
    @Body(new ZodBodyPipe(resetPasswordSchema)) body: z.infer<typeof resetPasswordSchema>,
  ): Promise<void> {
    await this.admin.resetPassword(id, body.newPassword, actorOf(caller));
  }

  @Get('orgs')
  @ApiOperation({ summary: 'All organisations (the trees of every body)' })
  @ApiOkResponse({ description: '[{ id, name, agency, regionCode, tier, parentId }]' })
  listOrgs() {
    return this.admin.listOrgs();
  }

  @Post('orgs')
  @ApiOperation({ summary: 'Create an organisation under a parent of the same body (or a root)' })
  @ApiBody({ schema: openApiSchema(createOrgSchema) })
  @ApiCreatedResponse({ description: '{ id, name, agency, regionCode, tier, parentId }' })
  @ApiBadRequestResponse({ description: 'a field is invalid or unknown, or the parent does not exist or belongs to another body' })
  createOrg(@CurrentUser() caller: Caller, @Body(new ZodBodyPipe(createOrgSchema)) body: z.infer<typeof createOrgSchema>) {
    return this.admin.createOrg(body, actorOf(caller));
  }
}
