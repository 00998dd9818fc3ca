import { Injectable } from '@nestjs/common';
import { FieldCipher } from '@tiaojie/privacy';
import { DEADLINE_COLUMNS } from '../deadlines/deadline.typeorm-repository';
import type { DeadlineRecord } from '../deadlines/deadline.records';
import type { Tx } from '../transaction';
import type {
  CaseEventRecord,
  CaseListFilter,
  CaseListRow,
  CaseRecord,
  CaseViewPartsRecord,
  ClaimRecord,
  DocumentRecord,
  PartyRecord,
  ReferralInboxRow,
  ReferralRecord,
} from './case.records';

const REFERRAL_SELECT = `SELECT r.id, r.case_id AS "caseId", r.kind, r.from_org_id AS "fromOrgId", r.to_org_id AS "toOrgId",
  r.status, r.deadline_id AS "deadlineId", r.event_seq AS "eventSeq", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
  c.case_no AS "caseNo", c.state AS "caseState", fo.name AS "fromOrgName", tor.name AS "toOrgName",
  CASE WHEN d.status IN ('PENDING','PAUSED') THEN d.due_at END AS "dueAt"
  FROM referrals r JOIN cases c ON c.id = r.case_id JOIN orgs fo ON fo.id = r.from_org_id JOIN orgs tor ON tor.id = r.to_org_id
  LEFT JOIN deadlines d ON d.id = r.deadline_id`;

const CASE_COLUMNS = `id, case_no AS "caseNo", version, machine_version AS "machineVersion", state, snapshot,
  channel, region_code AS "regionCode", org_id AS "orgId", tier, collective, facts, dispute_types AS "disputeTypes",
  received_at AS "receivedAt", opened_at AS "openedAt", closed_at AS "closedAt", outcome,
  claimed_fen AS "claimedFen", agreed_fen AS "agreedFen", paid_fen AS "paidFen", mediator_id AS "mediatorId",
  created_by AS "createdBy", entrusting_court_org_id AS "entrustingCourtOrgId", court_case_ref AS "courtCaseRef",
  event_seq AS "eventSeq", last_event_hash AS "lastEventHash", updated_at AS "updatedAt",
  venue_region_code AS "venueRegionCode", origin_org_id AS "originOrgId", tracks,
  outreach_activity_id AS "outreachActivityId"`;

/** The next value of the counter named $1 (a gapless number: the row stays locked until the transaction ends). */
const NEXT_COUNTER_VALUE = `INSERT INTO counters (name, value) VALUES ($1, 1)
  ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`;

/** The revision of the case's lists (migration 1765400000000), beside its row (CaseRecord.listsRev). */
const LISTS_REV = `coalesce((SELECT v.rev FROM case_lists_rev v WHERE v.case_id = cases.id), 0) AS "listsRev"`;

/** The organisations a case was referred to, beside its row (CaseRecord.referredToOrgIds). */
const REFERRED_TO = `ARRAY(SELECT DISTINCT r.to_org_id FROM referrals r WHERE r.case_id = cases.id) AS "referredToOrgIds"`;

const PARTY_SELECT = `SELECT id, case_id AS "caseId", kind, idx, name, id_type AS "idType", id_number_enc AS "idNumberEnc",
  phone_enc AS "phoneEnc", home_region_code AS "homeRegionCode", is_migrant_worker AS "isMigrantWorker",
  employment_form AS "employmentForm", is_representative AS "isRepresentative", credit_code AS "creditCode", address,
  region_code AS "regionCode"
  FROM case_parties`;

const CLAIM_SELECT = `SELECT case_id AS "caseId", idx, type, claimed_fen AS "claimedFen", period FROM case_claims`;
const DOCUMENT_SELECT = `SELECT id, case_id AS "caseId", kind, doc_no AS "docNo", issued_at AS "issuedAt", event_seq AS "eventSeq" FROM case_documents`;

/** The lists of a case view, one JSON array each, in the orders the view shows them (CaseTypeormRepository.findViewParts). */
const VIEW_PARTS = `SELECT
  coalesce((SELECT json_agg(p ORDER BY p.kind DESC, p.idx) FROM (${PARTY_SELECT} WHERE case_id = $1) p), '[]') AS parties,
  coalesce((SELECT json_agg(c ORDER BY c.idx) FROM (${CLAIM_SELECT} WHERE case_id = $1) c), '[]') AS claims,
  coalesce((SELECT json_agg(d ORDER BY d."createdAt", d.kind, length(d.ref), d.ref)
            FROM (SELECT ${DEADLINE_COLUMNS} FROM deadlines WHERE case_id = $1) d), '[]') AS deadlines,
  coalesce((SELECT json_agg(x ORDER BY x."issuedAt", x."docNo") FROM (${DOCUMENT_SELECT} WHERE case_id = $1) x), '[]') AS documents,
  coalesce((SELECT json_agg(f ORDER BY f."createdAt") FROM (${REFERRAL_SELECT} WHERE r.case_id = $1) f), '[]') AS referrals,
  coalesce((SELECT v.rev FROM case_lists_rev v WHERE v.case_id = $1), 0) AS "listsRev"`;

/** A record as JSON gives it: its timestamps as ISO strings. */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

const DEADLINE_DATES = ['triggerAt', 'dueAt', 'pausedAt', 'createdAt', 'completedAt', 'firedAt'] as const;

/** Turns the named ISO timestamps of a JSON record back into Dates (as pg's own parser gives them). */
function withDates<T>(row: Json<T>, keys: readonly (keyof T)[]): T {
  const out = { ...row } as Record<keyof T, unknown>;
  for (const k of keys) {
    const v = out[k];
    if (typeof v === 'string') out[k] = new Date(v);
  }
  return out as T;
}

type EncryptedPartyRow = Omit<PartyRecord, 'idNumber' | 'phone'> & { idNumberEnc: string | null; phoneEnc: string | null };

/**
 * Cases, their parties, claims, event log and documents. Plain SQL: the command path needs exact
 * control of row locks and the conditional version update (DESIGN §4).
 */
@Injectable()
export class CaseTypeormRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /** Case numbers run per region and year: `TJ-420302-2025-00017`. The counter row serialises openings. */
  async nextCaseNo(tx: Tx, regionCode: string, year: string): Promise<string> {
    const seq = await this.nextCounter(tx, `case:${regionCode.slice(0, 6)}:${year}`);
    return `TJ-${regionCode.slice(0, 6)}-${year}-${String(seq).padStart(5, '0')}`;
  }

  async nextCounter(tx: Tx, name: string): Promise<number> {
    const [row] = await tx.query<{ value: number }>(NEXT_COUNTER_VALUE, [name]);
    return row.value;
  }

  async insertCase(tx: Tx, c: CaseRecord): Promise<void> {
    await tx.write(
      `INSERT INTO cases (id, case_no, version, machine_version, state, snapshot, channel, region_code, org_id, tier,
         collective, facts, dispute_types, received_at, opened_at, closed_at, outcome, claimed_fen, agreed_fen, paid_fen,
         mediator_id, created_by, entrusting_court_org_id, court_case_ref, event_seq, last_event_hash, updated_at,
         venue_region_code, origin_org_id, tracks, outreach_activity_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31)`,
      [
        c.id, c.caseNo, c.version, c.machineVersion, c.state, JSON.stringify(c.snapshot), c.channel, c.regionCode,
        c.orgId, c.tier, c.collective, c.facts, c.disputeTypes, c.receivedAt, c.openedAt, c.closedAt, c.outcome,
        c.claimedFen, c.agreedFen, c.paidFen, c.mediatorId, c.createdBy, c.entrustingCourtOrgId, c.courtCaseRef,
        c.eventSeq, c.lastEventHash, c.updatedAt, c.venueRegionCode, c.originOrgId, JSON.stringify(c.tracks),
        c.outreachActivityId ?? null,
      ],
    );
  }

  /**
   * ID numbers and phones are written only encrypted (per field, AES-256-GCM) with their blind
   * indexes and the key id; the plaintext never reaches the database (DESIGN §6).
   */
  async insertParties(tx: Tx, parties: PartyRecord[]): Promise<void> {
    if (parties.length === 0) return;
    const cols = 18;
    const values = parties.map((_, i) => `(${Array.from({ length: cols }, (__, j) => `$${i * cols + j + 1}`).join(',')})`);
    await tx.write(
      `INSERT INTO case_parties (id, case_id, kind, idx, name, id_type, id_number_enc, id_number_hash, phone_enc, phone_hash,
         key_id, home_region_code, is_migrant_worker, employment_form, is_representative, credit_code, address, region_code)
       VALUES ${values.join(',')}`,
      parties.flatMap((p) => [
        p.id, p.caseId, p.kind, p.idx, p.name, p.idType,
        this.cipher.encryptOrNull(p.idNumber), this.cipher.blindIndexOrNull('ID_NUMBER', p.idNumber),
        this.cipher.encryptOrNull(p.phone), this.cipher.blindIndexOrNull('PHONE', p.phone),
        p.idNumber != null || p.phone != null ? this.cipher.activeKeyId : null,
        p.homeRegionCode, p.isMigrantWorker, p.employmentForm, p.isRepresentative, p.creditCode, p.address, p.regionCode,
      ]),
    );
  }

  async insertClaims(tx: Tx, claims: ClaimRecord[]): Promise<void> {
    if (claims.length === 0) return;
    const values = claims.map((_, i) => `($${i * 5 + 1},$${i * 5 + 2},$${i * 5 + 3},$${i * 5 + 4},$${i * 5 + 5})`);
    await tx.write(
      `INSERT INTO case_claims (case_id, idx, type, claimed_fen, period) VALUES ${values.join(',')}`,
      claims.flatMap((c) => [c.caseId, c.idx, c.type, c.claimedFen, c.period]),
    );
  }

  async findById(tx: Tx, id: string): Promise<CaseRecord | null> {
    const [row] = await tx.query<CaseRecord>(`SELECT ${CASE_COLUMNS}, ${REFERRED_TO}, ${LISTS_REV} FROM cases WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** The organisations a case was referred to, for a record read without them (CaseRecord.referredToOrgIds). */
  async findReferredToOrgIds(tx: Tx, id: string): Promise<string[]> {
    const [row] = await tx.query<{ referredToOrgIds: string[] }>(`SELECT ${REFERRED_TO} FROM cases WHERE id = $1`, [id]);
    return row?.referredToOrgIds ?? [];
  }

  /**
   * The cases these deadlines belong to, locked in id order (the order every firing transaction
   * takes them, so two never deadlock on each other; a user's command locks one case only).
   */
  async findByDeadlinesForUpdate(tx: Tx, deadlineIds: readonly string[]): Promise<CaseRecord[]> {
    return tx.query<CaseRecord>(
      `SELECT ${CASE_COLUMNS}, ${REFERRED_TO} FROM cases
       WHERE id IN (SELECT case_id FROM deadlines WHERE id = ANY($1::uuid[])) ORDER BY id FOR UPDATE`,
      [deadlineIds],
    );
  }

  /**
   * The optimistic write: succeeds only if nobody changed the case since `expectedVersion` was read.
   * Sent without waiting (Tx.write); PostgreSQL checks that it matched the row, and when it matched
   * none (stale → 409) the transaction fails with `stale()`.
   */
  async updateIfVersion(
    tx: Tx,
    id: string,
    expectedVersion: number,
    next: Pick<CaseRecord, 'state' | 'snapshot' | 'closedAt' | 'outcome' | 'agreedFen' | 'paidFen' | 'mediatorId' | 'eventSeq' | 'lastEventHash' | 'updatedAt' | 'tracks'>,
    stale: () => Error,
  ): Promise<void> {
    await tx.write(
      `UPDATE cases SET version = version + 1, state = $3, snapshot = $4, closed_at = $5, outcome = $6,
         agreed_fen = $7, paid_fen = $8, mediator_id = $9, event_seq = $10, last_event_hash = $11, updated_at = $12, tracks = $13
       WHERE id = $1 AND version = $2 RETURNING id`,
      [
        id, expectedVersion, next.state, JSON.stringify(next.snapshot), next.closedAt, next.outcome, next.agreedFen,
        next.paidFen, next.mediatorId, next.eventSeq, next.lastEventHash, next.updatedAt, JSON.stringify(next.tracks),
      ],
      { rows: 1, error: stale },
    );
  }

  /** A transfer or an escalation: the case is now handled by `orgId` (its venue and origin stay). */
  async moveToOrg(tx: Tx, id: string, to: { orgId: string; tier: string; regionCode?: string }): Promise<void> {
    await tx.write(
      `UPDATE cases SET org_id = $2, tier = $3, region_code = COALESCE($4, region_code) WHERE id = $1`,
      [id, to.orgId, to.tier, to.regionCode ?? null],
    );
  }

  async insertReferral(tx: Tx, r: ReferralRecord): Promise<void> {
    await tx.write(
      `INSERT INTO referrals (id, case_id, kind, from_org_id, to_org_id, status, deadline_id, event_seq, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [r.id, r.caseId, r.kind, r.fromOrgId, r.toOrgId, r.status, r.deadlineId, r.eventSeq, r.createdAt, r.updatedAt],
    );
  }

  /** Moves the case's open referral of `kind` (pending, or accepted and still being worked) to `status`. */
  async settleReferral(tx: Tx, caseId: string, kind: string, status: string, at: Date): Promise<void> {
    await tx.write(
      `UPDATE referrals SET status = $3, updated_at = $4
       WHERE id = (SELECT id FROM referrals WHERE case_id = $1 AND kind = $2 AND status IN ('PENDING','ACCEPTED')
                   ORDER BY created_at DESC LIMIT 1)`,
      [caseId, kind, status, at],
    );
  }

  async findReferrals(tx: Tx, caseId: string): Promise<ReferralInboxRow[]> {
    return tx.query<ReferralInboxRow>(`${REFERRAL_SELECT} WHERE r.case_id = $1 ORDER BY r.created_at`, [caseId]);
  }

  /** A receiving organisation's inbox, newest first. */
  async referralInbox(tx: Tx, toOrgId: string, status: string | undefined, page: number, pageSize: number): Promise<{ rows: ReferralInboxRow[]; total: number }> {
    const [{ total }] = await tx.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM referrals r WHERE r.to_org_id = $1 AND ($2::text IS NULL OR r.status = $2)`,
      [toOrgId, status ?? null],
    );
    const rows = await tx.query<ReferralInboxRow>(
      `${REFERRAL_SELECT} WHERE r.to_org_id = $1 AND ($2::text IS NULL OR r.status = $2)
       ORDER BY r.created_at DESC, r.id LIMIT $3 OFFSET $4`,
      [toOrgId, status ?? null, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  async appendEvent(tx: Tx, e: CaseEventRecord): Promise<void> {
    await tx.write(
      `INSERT INTO case_events (case_id, seq, type, at, actor_id, actor_name, actor_agency, payload, state_from, state_to,
         version, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [e.caseId, e.seq, e.type, e.at, e.actorId, e.actorName, e.actorAgency, JSON.stringify(e.payload), e.stateFrom,
        e.stateTo, e.version, e.prevHash, e.hash],
    );
  }

  /**
   * Takes the next value of `counter` and inserts the document numbered `docNoPrefix` + that value
   * (six digits), in one statement: the counter row stays locked until the transaction ends, so
   * numbers run without gaps and callers take it as late in their transaction as they can.
   */
  async insertNumberedDocument(tx: Tx, d: Omit<DocumentRecord, 'docNo'> & { counter: string; docNoPrefix: string }): Promise<void> {
    await tx.write(
      `WITH n AS (${NEXT_COUNTER_VALUE})
       INSERT INTO case_documents (id, case_id, kind, doc_no, issued_at, event_seq)
       SELECT $2, $3, $4, $5::text || lpad(n.value::text, greatest(6, length(n.value::text)), '0'), $6, $7 FROM n`,
      [d.counter, d.id, d.caseId, d.kind, d.docNoPrefix, d.issuedAt, d.eventSeq],
    );
  }

  /**
   * Everything a case view shows besides the case row — parties (decrypted), claims, deadlines,
   * documents, referrals — in one prepared statement, each list as a JSON array in its own order
   * (one round trip and one statement for PostgreSQL instead of five).
   */
  async findViewParts(tx: Tx, caseId: string): Promise<CaseViewPartsRecord> {
    const [row] = await tx.query<{ parties: EncryptedPartyRow[]; claims: ClaimRecord[]; deadlines: Json<DeadlineRecord>[]; documents: Json<DocumentRecord>[]; referrals: Json<ReferralInboxRow>[]; listsRev: number }>(VIEW_PARTS, [caseId]);
    return {
      listsRev: row.listsRev,
      parties: row.parties.map((r) => this.decryptParty(r)),
      claims: row.claims,
      deadlines: row.deadlines.map((d) => withDates(d, DEADLINE_DATES)),
      documents: row.documents.map((d) => withDates(d, ['issuedAt'])),
      referrals: row.referrals.map((r) => withDates(r, ['createdAt', 'updatedAt', 'dueAt'])),
    };
  }

  /** The parties with ID number and phone decrypted: callers mask them (case views) or reveal them (an audited request). */
  async findParties(tx: Tx, caseId: string): Promise<PartyRecord[]> {
    const rows = await tx.query<EncryptedPartyRow>(`${PARTY_SELECT} WHERE case_id = $1 ORDER BY kind DESC, idx`, [caseId]);
    return rows.map((r) => this.decryptParty(r));
  }

  async findParty(tx: Tx, caseId: string, partyId: string): Promise<PartyRecord | null> {
    const [row] = await tx.query<EncryptedPartyRow>(`${PARTY_SELECT} WHERE case_id = $1 AND id = $2`, [caseId, partyId]);
    return row ? this.decryptParty(row) : null;
  }

  private decryptParty({ idNumberEnc, phoneEnc, ...rest }: EncryptedPartyRow): PartyRecord {
    return { ...rest, idNumber: this.cipher.decryptOrNull(idNumberEnc), phone: this.cipher.decryptOrNull(phoneEnc) };
  }

  async findClaims(tx: Tx, caseId: string): Promise<ClaimRecord[]> {
    return tx.query<ClaimRecord>(`${CLAIM_SELECT} WHERE case_id = $1 ORDER BY idx`, [caseId]);
  }

  async findDocuments(tx: Tx, caseId: string): Promise<DocumentRecord[]> {
    return tx.query<DocumentRecord>(`${DOCUMENT_SELECT} WHERE case_id = $1 ORDER BY issued_at, doc_no`, [caseId]);
  }

  async findHistory(tx: Tx, caseId: string): Promise<CaseEventRecord[]> {
    return tx.query<CaseEventRecord>(
      `SELECT case_id AS "caseId", seq, type, at, actor_id AS "actorId", actor_name AS "actorName",
         actor_agency AS "actorAgency", payload, state_from AS "stateFrom", state_to AS "stateTo", version,
         prev_hash AS "prevHash", hash
       FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
  }

  async list(tx: Tx, f: CaseListFilter): Promise<{ rows: CaseListRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.visibleTo) {
      const v = f.visibleTo;
      const any: string[] = [];
      if (v.regionPrefix) any.push(`c.region_code LIKE ${p(escapeLike(v.regionPrefix) + '%')}`);
      if (v.originOrgId) any.push(`c.origin_org_id = ${p(v.originOrgId)} OR c.org_id = ${p(v.originOrgId)}`);
      if (v.assignedUserId) {
        const me = p(v.assignedUserId);
        any.push(`c.mediator_id = ${me} OR c.snapshot->'context'->'coMediatorIds' ? ${me}::text`);
      }
      if (v.referredToOrgId) {
        const org = p(v.referredToOrgId);
        any.push(`c.entrusting_court_org_id = ${org} OR EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.to_org_id = ${org})`);
      }
      where.push(any.length ? `(${any.join(' OR ')})` : 'false');
    }
    if (f.state) where.push(`c.state LIKE ${p(escapeLike(f.state) + '%')}`);
    if (f.regionCode) where.push(`c.region_code LIKE ${p(escapeLike(f.regionCode) + '%')}`);
    if (f.assignedTo) where.push(`c.mediator_id = ${p(f.assignedTo)}`);
    if (f.collective !== undefined) where.push(`c.collective = ${p(f.collective)}`);
    if (f.overdueAt) {
      where.push(`EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND d.status = 'PENDING' AND d.due_at <= ${p(f.overdueAt)})`);
    }
    if (f.q) {
      const like = p('%' + escapeLike(f.q) + '%');
      // An ID number or a phone is found by exact match on its blind index (the plaintext is not stored).
      const idHash = p(this.cipher.blindIndex('ID_NUMBER', f.q));
      const phoneHash = p(this.cipher.blindIndex('PHONE', f.q));
      where.push(
        `(c.case_no ILIKE ${like} OR EXISTS (SELECT 1 FROM case_parties cp WHERE cp.case_id = c.id AND
           (cp.name ILIKE ${like} OR cp.id_number_hash = ${idHash} OR cp.phone_hash = ${phoneHash})))`,
      );
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await tx.query<{ total: number }>(`SELECT count(*)::int AS total FROM cases c ${clause}`, params);
    const rows = await tx.query<CaseListRow>(
      `SELECT c.id, c.case_no AS "caseNo", c.version, c.state, c.region_code AS "regionCode", c.channel, c.collective,
         c.opened_at AS "openedAt", c.closed_at AS "closedAt", c.outcome, c.claimed_fen AS "claimedFen",
         c.agreed_fen AS "agreedFen", c.paid_fen AS "paidFen", c.mediator_id AS "mediatorId",
         (SELECT name FROM case_parties e WHERE e.case_id = c.id AND e.kind = 'EMPLOYER' ORDER BY idx LIMIT 1) AS "employerName",
         ARRAY(SELECT name FROM case_parties w WHERE w.case_id = c.id AND w.kind = 'WORKER' ORDER BY idx LIMIT 5) AS "workerNames",
         nd.kind AS "nextDeadlineKind", nd.due_at AS "nextDeadlineAt"
       FROM cases c
       LEFT JOIN LATERAL (SELECT kind, due_at FROM deadlines d WHERE d.case_id = c.id AND d.status = 'PENDING'
                          ORDER BY due_at LIMIT 1) nd ON true
       ${clause}
       ORDER BY c.opened_at DESC, c.id
       LIMIT ${p(f.pageSize)} OFFSET ${p((f.page - 1) * f.pageSize)}`,
      params,
    );
    return { rows, total };
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
