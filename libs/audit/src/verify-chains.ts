import { findBrokenLink, GENESIS_HASH, type ChainLink } from '@tiaojie/domain';
import type { DataSource } from 'typeorm';
import { computeAuditHash } from './audit-hash';

export interface BrokenCaseLink {
  caseId: string;
  seq: number;
  reason: string;
}

export interface BrokenAuditLink {
  /** Which of the audit chains (1-based). */
  chain: number;
  seq: number;
  reason: string;
}

export interface ChainReport {
  ok: boolean;
  caseEvents: { cases: number; events: number; firstBroken?: BrokenCaseLink };
  audit: { entries: number; chains: number; firstBroken?: BrokenAuditLink };
}

export interface VerifyOptions {
  /** Rows per keyset page; memory holds one page plus one case's events. */
  pageSize?: number;
}

type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

const MIN_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Walks every case's `case_events` chain and the audit chain (DESIGN §6) and reports the first broken
 * link of each. Reads in one REPEATABLE READ, READ ONLY snapshot, so rows appended meanwhile neither
 * show up half-way nor look like tampering, and keyset-pages every table, so it scales to millions of rows.
 */
export async function verifyChains(ds: DataSource, options: VerifyOptions = {}): Promise<ChainReport> {
  const pageSize = Math.max(1, options.pageSize ?? 1000);
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const q: Query = (sql, params) => runner.query(sql, params);
    const caseEvents = await verifyCaseEvents(q, pageSize);
    const audit = await verifyAudit(q, pageSize);
    await runner.query('COMMIT');
    return { ok: !caseEvents.firstBroken && !audit.firstBroken, caseEvents, audit };
  } catch (e) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await runner.release();
  }
}

/** Yields every row of a keyset-paged query, one page in memory at a time. */
async function* keyset<T>(fetch: (after: T | undefined) => Promise<T[]>, pageSize: number): AsyncGenerator<T> {
  let after: T | undefined;
  for (;;) {
    const rows = await fetch(after);
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1];
  }
}

interface CaseHeadRow {
  id: string;
  event_seq: number | string;
  last_event_hash: string;
}

interface EventRow {
  case_id: string;
  seq: number;
  type: string;
  at: Date;
  actor_id: string;
  payload: unknown;
  state_from: string | null;
  state_to: string;
  prev_hash: string;
  hash: string;
}

/** Groups the (case_id, seq)-ordered event stream into one chain per case. */
async function* chainsByCase(rows: AsyncGenerator<EventRow>): AsyncGenerator<{ caseId: string; links: ChainLink[] }> {
  let caseId: string | null = null;
  let links: ChainLink[] = [];
  for await (const r of rows) {
    if (r.case_id !== caseId) {
      if (caseId !== null) yield { caseId, links };
      caseId = r.case_id;
      links = [];
    }
    links.push({
      caseId: r.case_id,
      seq: Number(r.seq),
      type: r.type,
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id,
      payload: r.payload,
      stateFrom: r.state_from,
      stateTo: r.state_to,
      prevHash: r.prev_hash,
      hash: r.hash,
    });
  }
  if (caseId !== null) yield { caseId, links };
}

async function verifyCaseEvents(q: Query, pageSize: number): Promise<ChainReport['caseEvents']> {
  const cases = keyset<CaseHeadRow>(
    (after) => q(`SELECT id, event_seq, last_event_hash FROM cases WHERE id > $1 ORDER BY id LIMIT $2`, [after?.id ?? MIN_UUID, pageSize]),
    pageSize,
  );
  const chains = chainsByCase(
    keyset<EventRow>(
      (after) =>
        q(
          `SELECT case_id, seq, type, at, actor_id, payload, state_from, state_to, prev_hash, hash
           FROM case_events WHERE (case_id, seq) > ($1::uuid, $2::int) ORDER BY case_id, seq LIMIT $3`,
          [after?.case_id ?? MIN_UUID, after?.seq ?? 0, pageSize],
        ),
      pageSize,
    ),
  );
  let caseCount = 0;
  let eventCount = 0;
  let firstBroken: BrokenCaseLink | undefined;
  const note = (b: BrokenCaseLink | null) => {
    if (b && !firstBroken) firstBroken = b;
  };
  let chain = await chains.next();
  for await (const c of cases) {
    caseCount++;
    // Events of a case with no case row (the foreign key should make this impossible).
    while (!chain.done && chain.value.caseId < c.id) {
      eventCount += chain.value.links.length;
      note(orphan(chain.value));
      chain = await chains.next();
    }
    let links: ChainLink[] = [];
    if (!chain.done && chain.value.caseId === c.id) {
      links = chain.value.links;
      chain = await chains.next();
    }
    eventCount += links.length;
    const broken = checkCaseChain(links, Number(c.event_seq), c.last_event_hash);
    note(broken && { caseId: c.id, ...broken });
  }
  while (!chain.done) {
    eventCount += chain.value.links.length;
    note(orphan(chain.value));
    chain = await chains.next();
  }
  return { cases: caseCount, events: eventCount, ...(firstBroken ? { firstBroken } : {}) };
}

function orphan(chain: { caseId: string; links: ChainLink[] }): BrokenCaseLink {
  return { caseId: chain.caseId, seq: chain.links[0]?.seq ?? 0, reason: 'events of a case that does not exist' };
}

/** One case's chain, in seq order, against itself and against the case row's head. */
export function checkCaseChain(links: readonly ChainLink[], headSeq: number, headHash: string): { seq: number; reason: string } | null {
  // The contiguous prefix 1..k: a missing seq is a broken link at that seq.
  let gapAt = links.findIndex((l, i) => l.seq !== i + 1);
  if (gapAt === -1) gapAt = links.length;
  const broken = findBrokenLink(links.slice(0, gapAt));
  if (broken) return broken;
  if (gapAt < links.length) {
    return { seq: gapAt + 1, reason: `event seq ${gapAt + 1} is missing (the next row has seq ${links[gapAt].seq})` };
  }
  const lastSeq = links.length;
  const lastHash = links.length ? links[links.length - 1].hash : GENESIS_HASH;
  if (headSeq > lastSeq) {
    return { seq: lastSeq + 1, reason: `event seq ${lastSeq + 1} is missing: the case row says its chain ends at seq ${headSeq}` };
  }
  if (headSeq < lastSeq) {
    return { seq: headSeq + 1, reason: `row not accounted for: the case row says its chain ends at seq ${headSeq}` };
  }
  if (headHash !== lastHash) {
    return { seq: lastSeq, reason: 'hash does not match the case row\u2019s last_event_hash' };
  }
  return null;
}

interface AuditRow {
  chain: number;
  seq: number | string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/**
 * Walks every audit chain in (chain, seq) order: gapless seq from 1, each prevHash the previous
 * row's hash, each hash its content's, and each chain ending where its head says. Reports the first
 * broken link (lowest chain first).
 */
async function verifyAudit(q: Query, pageSize: number): Promise<ChainReport['audit']> {
  const rows = keyset<AuditRow>(
    (after) =>
      q(
        `SELECT chain, seq, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash
         FROM audit_log WHERE (chain, seq) > ($1::smallint, $2::bigint) ORDER BY chain, seq LIMIT $3`,
        [after ? after.chain : 0, after ? Number(after.seq) : 0, pageSize],
      ),
    pageSize,
  );
  const heads = new Map(
    (await q<{ id: number; seq: number | string; hash: string }>(`SELECT id, seq, hash FROM audit_chain_head ORDER BY id`, [])).map((h) => [Number(h.id), h]),
  );
  let entries = 0;
  let firstBroken: BrokenAuditLink | undefined;
  let chain = 0;
  let expected = 1;
  let prev = GENESIS_HASH;
  const seen = new Set<number>();

  /** The end of one chain against its head row. */
  const closeChain = () => {
    if (chain === 0 || firstBroken) return;
    const head = heads.get(chain);
    const last = expected - 1;
    if (!head) firstBroken = { chain, seq: last + 1, reason: `the head row of audit chain ${chain} is missing` };
    else if (Number(head.seq) > last) firstBroken = { chain, seq: last + 1, reason: `audit entry ${last + 1} is missing: the chain head says the chain ends at seq ${head.seq}` };
    else if (Number(head.seq) < last) firstBroken = { chain, seq: Number(head.seq) + 1, reason: `row not accounted for: the chain head says the chain ends at seq ${head.seq}` };
    else if (head.hash !== prev) firstBroken = { chain, seq: last, reason: 'hash does not match the chain head' };
  };

  for await (const r of rows) {
    entries++;
    const c = Number(r.chain);
    if (c !== chain) {
      closeChain();
      chain = c;
      expected = 1;
      prev = GENESIS_HASH;
      seen.add(c);
    }
    const seq = Number(r.seq);
    if (!firstBroken) {
      if (seq !== expected) firstBroken = { chain, seq: expected, reason: `audit entry ${expected} is missing (the next row has seq ${seq})` };
      else if (r.prev_hash !== prev) firstBroken = { chain, seq, reason: 'prevHash does not match the previous row' };
      else {
        const hash = computeAuditHash({
          seq,
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          details: r.details,
          prevHash: r.prev_hash,
        });
        if (hash !== r.hash) firstBroken = { chain, seq, reason: 'hash does not match the row content' };
      }
    }
    expected = seq + 1;
    prev = r.hash;
  }
  closeChain();
  // A chain whose every row is gone still has a head that remembers them.
  if (!firstBroken) {
    for (const [id, head] of heads) {
      if (!seen.has(id) && Number(head.seq) > 0) {
        firstBroken = { chain: id, seq: 1, reason: `audit entry 1 is missing: the chain head says the chain ends at seq ${head.seq}` };
        break;
      }
    }
  }
  return { entries, chains: heads.size, ...(firstBroken ? { firstBroken } : {}) };
}

/** A readable report for the command line. */
export function formatChainReport(r: ChainReport): string {
  const lines = [
    `case_events: ${r.caseEvents.cases} case(s), ${r.caseEvents.events} event(s) — ` +
      (r.caseEvents.firstBroken
        ? `BROKEN at case ${r.caseEvents.firstBroken.caseId} seq ${r.caseEvents.firstBroken.seq}: ${r.caseEvents.firstBroken.reason}`
        : 'all chains intact'),
    `audit_log:   ${r.audit.entries} entr${r.audit.entries === 1 ? 'y' : 'ies'} in ${r.audit.chains} chains — ` +
      (r.audit.firstBroken ? `BROKEN at chain ${r.audit.firstBroken.chain} seq ${r.audit.firstBroken.seq}: ${r.audit.firstBroken.reason}` : 'all chains intact'),
    r.ok ? 'OK: every chain verifies.' : 'FAILED: the first broken link of each chain is shown above.',
  ];
  return lines.join('\n');
}
