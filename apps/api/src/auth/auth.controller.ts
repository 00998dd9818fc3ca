import { Body, Controller, Get, HttpCode, NotFoundException, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Caller } from '@tiaojie/cases';
import { AGENCIES } from '@tiaojie/domain';
import { AuthService, newPasswordSchema } from '@tiaojie/identity';
import { IdentityTypeormRepository } from '@tiaojie/persistence';
import { z } from 'zod';
import { openApiSchema } from '../http/openapi-schema';
import { ZodBodyPipe } from '../http/zod-body.pipe';
import { CurrentUser, Public } from './auth.decorators';
import { LoginThrottlerGuard } from './login-throttler.guard';

const loginSchema = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const refreshSchema = z.strictObject({ refreshToken: z.string().min(1).max(4000) });
const changePasswordSchema = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: newPasswordSchema });

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly identity: IdentityTypeormRepository,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; the same 401 for an unknown user and a wrong password' })
  @ApiBody({ schema: openApiSchema(loginSchema) })
  @ApiUnauthorizedResponse({ description: 'wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts' })
  login(@Body(new ZodBodyPipe(loginSchema)) body: z.infer<typeof loginSchema>) {
    return this.auth.login(body.username, body.password);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens' })
  @ApiBody({ schema: openApiSchema(refreshSchema) })
  @ApiUnauthorizedResponse({ description: 'invalid, expired, revoked or already-used refresh token (a reused one revokes its whole session)' })
  refresh(@Body(new ZodBodyPipe(refreshSchema)) body: z.infer<typeof refreshSchema>) {
    return this.auth.refresh(body.refreshToken);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out: revokes the refresh token and every token rotated from the same login' })
  @ApiBody({ schema: openApiSchema(refreshSchema) })
  @ApiNoContentResponse({ description: 'the session is over' })
  @ApiUnauthorizedResponse({ description: 'not a refresh token of ours' })
  async logout(@Body(new ZodBodyPipe(refreshSchema)) body: z.infer<typeof refreshSchema>): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @ApiBearerAuth()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @Post('me/password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your password: ends every session of yours and answers new tokens for this one' })
  @ApiBody({ schema: openApiSchema(changePasswordSchema) })
  @ApiOkResponse({ description: '{ accessToken, refreshToken, expiresIn, user }' })
  @ApiBadRequestResponse({ description: 'currentPassword wrong, or newPassword too short or equal to the current one' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts' })
  changePassword(@CurrentUser() caller: Caller, @Body(new ZodBodyPipe(changePasswordSchema)) body: z.infer<typeof changePasswordSchema>) {
    return this.auth.changePassword(caller.id, body.currentPassword, body.newPassword);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The logged-in user' })
  async me(@CurrentUser() caller: Caller) {
    const view = await this.auth.userView(caller.id);
    if (!view) throw new NotFoundException();
    return view;
  }

  @ApiBearerAuth()
  @Get('orgs')
  @ApiOperation({ summary: 'Organisations, to pick a court, a commission or a legal-aid centre' })
  @ApiQuery({ name: 'agency', required: false, enum: AGENCIES })
  @ApiQuery({ name: 'regionCode', required: false })
  @ApiOkResponse({ description: '[{ id, name, agency, regionCode, tier, parentId }]' })
  orgs(@Query('agency') agency?: string, @Query('regionCode') regionCode?: string) {
    return this.identity.findOrgs({ agency: agency || undefined, regionCode: regionCode || undefined });
  }
}
