import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '@tiaojie/audit';
import { runIdempotent } from '@tiaojie/cases';
import { CLOCK, LegalCalendar, regionPrefix, toShanghaiIso, ValidationError, type Clock } from '@tiaojie/domain';
import {
  IdempotencyTypeormRepository,
  IdentityTypeormRepository,
  OutreachTypeormRepository,
  TransactionRunner,
  type OrgRecord,
} from '@tiaojie/persistence';
import { randomUUID } from 'node:crypto';
import type { OutreachView } from './outreach.request';
import { RecordOutreachCommand } from './record-outreach.command';

/**
 * Records an outreach activity (DOMAIN §3.9) for the caller's organisation or one in its region
 * subtree. Where it is counted: the organiser's region — except a migrant-worker station, which
 * sits outside the province and whose activities count in the region of the city union that runs
 * it (DOMAIN §3.8: the home city counts them).
 */
@CommandHandler(RecordOutreachCommand)
export class RecordOutreachHandler implements ICommandHandler<RecordOutreachCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly outreach: OutreachTypeormRepository,
    private readonly identity: IdentityTypeormRepository,
    private readonly idempotency: IdempotencyTypeormRepository,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller, request, idempotency }: RecordOutreachCommand) {
    const now = this.clock.now();
    if (request.heldOn > LegalCalendar.shanghaiDate(now)) {
      throw new ValidationError([{ field: 'heldOn', message: 'cannot be in the future (Asia/Shanghai)' }]);
    }
    const org = await this.organiser(caller.orgId, caller.regionCode, request.orgId);
    const regionCode = await this.countedIn(org);
    return this.tx.run((tx) =>
      runIdempotent(tx, this.idempotency, caller.id, idempotency, async () => {
        const id = randomUUID();
        await this.outreach.insert(tx, {
          id,
          orgId: org.id,
          regionCode,
          kind: request.kind,
          title: request.title,
          heldOn: request.heldOn,
          place: request.place,
          peopleReached: request.peopleReached,
          consultations: request.consultations,
          createdBy: caller.id,
          createdAt: now,
        });
        await this.audit.append(tx, {
          actorId: caller.id,
          actorName: caller.displayName,
          action: 'OUTREACH_RECORDED',
          targetType: 'outreach_activity',
          targetId: id,
          details: { kind: request.kind, orgId: org.id },
        });
        const body: OutreachView = {
          id,
          orgId: org.id,
          orgName: org.name,
          agency: org.agency,
          regionCode,
          kind: request.kind,
          title: request.title,
          heldOn: request.heldOn,
          place: request.place,
          peopleReached: request.peopleReached,
          consultations: request.consultations,
          casesFromOutreach: 0,
          createdAt: toShanghaiIso(now),
        };
        return { status: 201, body, caseId: null };
      }),
    );
  }

  private async organiser(callerOrgId: string | null, callerRegion: string | null, requested?: string): Promise<OrgRecord> {
    const id = requested ?? callerOrgId;
    const org = id ? await this.identity.findOrgById(id) : null;
    const mine = org && org.id === callerOrgId;
    const inRegion = org && callerRegion && org.regionCode.startsWith(regionPrefix(callerRegion));
    if (!org || !(mine || inRegion)) {
      throw new ValidationError([{ field: requested ? 'orgId' : '(caller)', message: 'no such organisation in your region' }]);
    }
    return org;
  }

  private async countedIn(org: OrgRecord): Promise<string> {
    if (org.tier !== 'STATION' || !org.parentId) return org.regionCode;
    return (await this.identity.findOrgById(org.parentId))?.regionCode ?? org.regionCode;
  }
}
