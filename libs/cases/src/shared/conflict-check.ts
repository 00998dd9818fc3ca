import { Injectable } from '@nestjs/common';
import { ConflictOfInterestError, conflictsWith, type CaseEvent } from '@tiaojie/domain';
import { CaseTypeormRepository, ConflictTypeormRepository, IdentityTypeormRepository, type CaseRecord, type Tx } from '@tiaojie/persistence';

/** Refuses an assignment when a mediator has a declared tie with the employer or a worker, saying why. */
@Injectable()
export class ConflictCheck {
  constructor(
    private readonly cases: CaseTypeormRepository,
    private readonly conflicts: ConflictTypeormRepository,
    private readonly identity: IdentityTypeormRepository,
  ) {}

  async assertAssignable(tx: Tx, record: CaseRecord, event: CaseEvent): Promise<void> {
    if (event.type !== 'ASSIGN_MEDIATOR') return;
    const ids = [event.mediatorId, ...(event.coMediatorIds ?? [])];
    const declarations = await this.conflicts.forUsers(ids, tx);
    if (declarations.length === 0) return;
    const parties = await this.cases.findParties(tx, record.id);
    const employer = parties.find((p) => p.kind === 'EMPLOYER');
    const caseParties = {
      employer: { name: employer?.name ?? '', creditCode: employer?.creditCode ?? null },
      workerNames: parties.filter((p) => p.kind === 'WORKER').map((p) => p.name),
    };
    for (const [i, id] of ids.entries()) {
      const reasons = conflictsWith(declarations.filter((d) => d.userId === id), caseParties);
      if (reasons.length) {
        const [user] = await tx.query<{ displayName: string }>(`SELECT display_name AS "displayName" FROM users WHERE id = $1`, [id]);
        const who = user?.displayName ?? 'this mediator';
        throw new ConflictOfInterestError(i === 0 ? 'mediatorId' : `coMediatorIds.${i - 1}`, who, reasons);
      }
    }
  }
}
