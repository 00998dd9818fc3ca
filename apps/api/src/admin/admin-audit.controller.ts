import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditVerifier } from '@tiaojie/audit';
import { RequireRoles } from '../auth/auth.decorators';

/** The hash-chain verifier (DESIGN §6) over HTTP: the same report as `npm run audit:verify`. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly verifier: AuditVerifier) {}

  @Get('verify')
  @RequireRoles('ADMIN')
  @ApiOperation({ summary: 'Verify every case\u2019s event chain and the audit chains; reports the first broken link of each' })
  @ApiOkResponse({ description: '{ ok, caseEvents: { cases, events, firstBroken? }, audit: { entries, chains, firstBroken?: { chain, seq, reason } } }' })
  verify() {
    return this.verifier.verify();
  }
}
