import { Injectable } from '@nestjs/common';
import type { CaseEffect } from '@tiaojie/domain';
import { CaseTypeormRepository, type CaseRecord, type Tx } from '@tiaojie/persistence';
import { buildListViews, type CaseListViews, type CaseViewParts } from './case-view';

/** Effects that write none of the rows a case view lists (they only queue messages): after them the lists are what they were. */
const LIST_NEUTRAL_EFFECTS: ReadonlySet<CaseEffect['type']> = new Set(['notify', 'alert']);

/**
 * How many cases' built lists one process keeps (least recently used go first). A case's lists are a
 * few kB; 2,000 cases is a few MB — every case a centre's mediators have open at once, several times over.
 */
export const LIST_VIEWS_KEPT = 2_000;

const nothing = () => undefined;

/** A case's lists as built for a view, at the revision they were read at. */
interface Kept {
  rev: number;
  lists: CaseListViews;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Loads what a case view shows besides the case row (DESIGN §8).
 *
 * The lists of a view — parties, claims, deadlines, documents, referrals — were read and built again
 * for every answer, and most commands change none of them. PostgreSQL counts every change to them
 * in `case_lists_rev` (migration 1765400000000: a trigger on each list table, so no writer can
 * forget), and the case row is read with that revision. The lists built for a case are kept here by
 * revision: an answer reuses them while the revision read with the row is the one they were read
 * at, and reads them again as soon as anything — in this process or another — changed them.
 * Only committed lists are kept: a transaction's own reads are remembered once it has committed.
 * What is kept is what the view shows (ID numbers and phones masked), frozen, shared by answers.
 */
@Injectable()
export class CaseViewLoader {
  private readonly kept = new Map<string, Kept>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly cases: CaseTypeormRepository) {}

  /** Everything a case view shows, as stored (parties decrypted): for documents, which need more than a view. */
  async load(tx: Tx, record: CaseRecord): Promise<CaseViewParts> {
    const { listsRev: _rev, ...parts } = await this.cases.findViewParts(tx, record.id);
    return { record, ...parts };
  }

  /**
   * The lists for a view of `record`, read outside a transaction (committed data only): kept ones
   * when `record.listsRev` is theirs, else read (one statement) and kept.
   */
  async lists(reader: Tx, record: CaseRecord): Promise<CaseListViews> {
    const kept = this.find(record.id, record.listsRev);
    if (kept) return kept;
    const { lists, remember } = await this.read(reader, record.id);
    remember();
    return lists;
  }

  /**
   * The lists for the view a command answers with, inside its transaction, after it wrote the
   * transition from `before` (read with its lists' revision) with these effects. When the effects
   * write no list and the lists at `before`'s revision are kept, those are the lists after it too,
   * and nothing is read; otherwise they are read in the transaction (seeing its own writes).
   * `remember` keeps what was read: call it once the transaction has committed, never before.
   */
  async afterTransition(tx: Tx, before: CaseRecord, effects: readonly CaseEffect[]): Promise<{ lists: CaseListViews; remember: () => void }> {
    if (effects.every((e) => LIST_NEUTRAL_EFFECTS.has(e.type))) {
      const kept = this.find(before.id, before.listsRev);
      if (kept) return { lists: kept, remember: nothing };
    }
    return this.read(tx, before.id);
  }

  /** Lists answered from what was kept and lists read, since the process started (tests and the bench read them). */
  stats(): { hits: number; misses: number; kept: number } {
    return { hits: this.hits, misses: this.misses, kept: this.kept.size };
  }

  private async read(tx: Tx, caseId: string): Promise<{ lists: CaseListViews; remember: () => void }> {
    this.misses += 1;
    const { listsRev, ...parts } = await this.cases.findViewParts(tx, caseId);
    const lists = deepFreeze(buildListViews(parts));
    return { lists, remember: () => this.keep(caseId, listsRev, lists) };
  }

  private find(caseId: string, rev: number | undefined): CaseListViews | undefined {
    if (rev === undefined) return undefined;
    const kept = this.kept.get(caseId);
    if (!kept || kept.rev !== rev) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.kept.delete(caseId);
    this.kept.set(caseId, kept);
    this.hits += 1;
    return kept.lists;
  }

  private keep(caseId: string, rev: number, lists: CaseListViews): void {
    const kept = this.kept.get(caseId);
    // A slower answer that read older lists must not replace newer ones (revisions only grow).
    if (kept && kept.rev > rev) return;
    this.kept.delete(caseId);
    this.kept.set(caseId, { rev, lists });
    if (this.kept.size > LIST_VIEWS_KEPT) this.kept.delete(this.kept.keys().next().value as string);
  }
}
