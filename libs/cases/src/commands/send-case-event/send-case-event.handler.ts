import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditTrail } from '@tiaojie/audit';
import {
  CLOCK,
  decide,
  decideAwardFinality,
  HUBEI_MINIMUM_WAGES,
  LegalCalendar,
  MinimumWageTable,
  TIERS,
  type Tier,
  NotFoundError,
  parseCaseEvent,
  StaleVersionError,
  ValidationError,
  type CaseEvent,
  type Clock,
} from '@tiaojie/domain';
import {
  CaseTypeormRepository,
  IdempotencyTypeormRepository,
  IdentityTypeormRepository,
  readAhead,
  TransactionRunner,
} from '@tiaojie/persistence';
import { CaseTransitionWriter } from '../../shared/case-transition.writer';
import { ReportingProjection } from '../../shared/reporting-projection';
import { applyDecision } from '../../shared/apply-decision';
import { caseViewOf } from '../../shared/case-view';
import { CaseViewLoader } from '../../shared/case-view.loader';
import { runIdempotent } from '../../shared/idempotent';
import { CaseAccess } from '../../shared/case-access';
import { ConflictCheck } from '../../shared/conflict-check';
import { SendCaseEventCommand } from './send-case-event.command';

/** Payload fields naming an organisation, and the body it must belong to. */
const ORG_FIELDS: [string, string][] = [
  ['courtOrgId', 'COURT'],
  ['commissionOrgId', 'HRSS'],
  ['hrssOrgId', 'HRSS'],
  ['procuratorateOrgId', 'PROCURATORATE'],
  ['justiceOrgId', 'JUSTICE'],
  ['toOrgId', 'UNION'],
];

/**
 * One event, one transaction (DESIGN §4): validate, decide with the machine, then write the case row
 * conditionally on the version the caller read, the chained event, deadlines and outbox rows, and
 * the idempotency key — all or nothing.
 */
@CommandHandler(SendCaseEventCommand)
export class SendCaseEventHandler implements ICommandHandler<SendCaseEventCommand> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly cases: CaseTypeormRepository,
    private readonly identity: IdentityTypeormRepository,
    private readonly idempotency: IdempotencyTypeormRepository,
    private readonly writer: CaseTransitionWriter,
    private readonly views: CaseViewLoader,
    private readonly access: CaseAccess,
    private readonly conflictCheck: ConflictCheck,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly reporting: ReportingProjection,
  ) {}

  async execute(cmd: SendCaseEventCommand) {
    const now = this.clock.now();
    const event = parseCaseEvent(cmd.type, cmd.payload, now.toISOString());
    await this.checkReferences(event);

    // The view's lists, when this command read them, are kept for later answers once it has committed.
    let remember = (): void => undefined;
    const result = await this.tx.run((tx) => {
      // The case row and its reporting facts are sent with BEGIN and the idempotency key's lock and
      // read (one round trip on a pipelined transaction). A replayed key never looks at them; the
      // facts are used only if the update at the version read succeeds.
      const reading = readAhead(this.cases.findById(tx, cmd.caseId)); // not awaited when the key is replayed or busy
      const facts = this.reporting.prefetch(tx, cmd.caseId);
      return runIdempotent(tx, this.idempotency, cmd.caller.id, cmd.idempotency, async () => {
        // Both answers, not just the row: PostgreSQL sends each as its statement completes, and
        // deciding on the row alone would send the writes before the facts arrived, then wait for
        // them in the reporting projection and send the view's read on its own (a socket write and
        // a wake-up more per command).
        const [current] = await Promise.all([reading, facts]);
        if (!current) throw new NotFoundError('case');
        await this.access.assert(tx, cmd.caller, current, 'case.event');
        await this.conflictCheck.assertAssignable(tx, current, event);
        if (current.version !== cmd.expectedVersion) throw new StaleVersionError(cmd.expectedVersion, current.version);
        const decided = await this.enrich(event, current.regionCode, current.snapshot.context.claimTypes ?? []);
        const decision = decide(current.snapshot, decided, cmd.caller);
        const { type: _type, at: _at, ...payload } = decided as CaseEvent & Record<string, unknown>;
        const next = await applyDecision(tx, this.cases, this.writer, current, decision, {
          caseId: current.id,
          eventType: decided.type,
          eventPayload: payload,
          at: now,
          actor: cmd.caller,
          stateFrom: current.state,
          decision,
        });
        const lists = await this.views.afterTransition(tx, current, decision.effects);
        remember = lists.remember;
        const view = caseViewOf(next, lists.lists, cmd.caller, now);
        await this.audit.append(tx, { actorId: cmd.caller.id, actorName: cmd.caller.displayName, action: 'CASE_EVENT', targetType: 'case', targetId: current.id, details: { caseId: current.id, eventType: decided.type, version: next.version } });
        return { status: 200, body: view, caseId: current.id };
      });
    });
    remember();
    return result;
  }

  /**
   * Facts the machine needs that only the server knows. TRANSFER: the receiving centre's tier.
   * AWARD_SERVED — LDMAL art. 47: whether an award is final for the employer is decided item by item against 12
   * months of the region's minimum wage on the award date — by the server, from its table.
   */
  private async enrich(event: CaseEvent, regionCode: string, claimTypes: readonly string[]): Promise<CaseEvent> {
    if (event.type === 'TRANSFER') {
      const to = await this.identity.findOrgById(event.toOrgId);
      const tier = (TIERS as readonly string[]).includes(to?.tier ?? '') ? (to!.tier as Tier) : undefined;
      return { ...event, toTier: tier };
    }
    if (event.type !== 'AWARD_SERVED') return event;
    // One total without items is an award on the case's main claim.
    const items = event.items.map((i) => (i.type ? i : { ...i, type: claimTypes[0] ?? 'WAGE_ARREARS' }));
    const finality = decideAwardFinality(items, {
      regionCode,
      awardDate: LegalCalendar.shanghaiDate(new Date(event.servedAt)),
      table: this.minimumWages,
    });
    if (event.declaredFinal !== undefined && event.declaredFinal !== finality.final) {
      throw new ValidationError([{ field: 'final', message: `under LDMAL art. 47 this award is ${finality.final ? 'final' : 'not final'}: ${finality.basis.summary}` }]);
    }
    const { declaredFinal: _declared, ...rest } = event;
    return {
      ...rest,
      items: finality.items.map((i) => ({ type: i.type, awardedFen: i.awardedFen, final: i.final })),
      final: finality.final,
      thresholdFen: finality.thresholdFen,
    };
  }

  private readonly minimumWages = new MinimumWageTable(HUBEI_MINIMUM_WAGES);

  /** Guard clauses on ids the payload names: they must exist and be of the right body. */
  private async checkReferences(event: CaseEvent): Promise<void> {
    const orgField = ORG_FIELDS.find(([f]) => f in event);
    if (orgField) {
      const [field, agency] = orgField;
      const org = await this.identity.findOrgById(String((event as unknown as Record<string, unknown>)[field]));
      if (!org) throw new ValidationError([{ field, message: 'no such organisation' }]);
      if (org.agency !== agency) throw new ValidationError([{ field, message: `must be an organisation of the ${agency.toLowerCase()}` }]);
      if (field === 'toOrgId' && org.tier === 'STATION') throw new ValidationError([{ field, message: 'a case is transferred to a mediation centre, not a station' }]);
    }
    if (event.type !== 'ASSIGN_MEDIATOR') return;
    const ids = [event.mediatorId, ...(event.coMediatorIds ?? [])];
    const users = await this.identity.findUsersByIds(ids);
    const problems = ids.flatMap((id, i) => {
      const u = users.find((x) => x.id === id);
      const field = i === 0 ? 'mediatorId' : `coMediatorIds.${i - 1}`;
      if (!u || !u.active) return [{ field, message: 'no active user with this id' }];
      if (i === 0 && !u.roles.includes('UNION_MEDIATOR')) return [{ field, message: 'the lead mediator must hold the union mediator role' }];
      return [];
    });
    if (problems.length) throw new ValidationError(problems);
  }
}
