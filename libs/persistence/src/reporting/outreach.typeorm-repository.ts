import { Injectable } from '@nestjs/common';
import type { Tx } from '../transaction';

export interface OutreachRecord {
  id: string;
  orgId: string;
  regionCode: string;
  kind: string;
  title: string;
  heldOn: string;
  place: string;
  peopleReached: number;
  consultations: number;
  createdBy: string;
  createdAt: Date;
}

export interface OutreachListRow extends OutreachRecord {
  orgName: string;
  agency: string;
  casesFromOutreach: number;
}

export interface OutreachFilter {
  /** Activities in this region subtree… */
  regionPrefix: string;
  /** …or organised by this organisation (a station follows its own activities). */
  orOrgId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** Outreach sums over a scope, grouped (key null when not grouped). */
export interface OutreachTotalsRow {
  key: string | null;
  activities: number;
  peopleReached: number;
  consultations: number;
}

export type OutreachGroup = 'month' | 'agency' | 'tier' | 'org' | { regionLength: number };

const COLUMNS = `a.id, a.org_id AS "orgId", a.region_code AS "regionCode", a.kind, a.title, a.held_on AS "heldOn", a.place,
  a.people_reached AS "peopleReached", a.consultations, a.created_by AS "createdBy", a.created_at AS "createdAt"`;

/** Legal-service activities (DOMAIN §3.9, table from migration 1764700000000). */
@Injectable()
export class OutreachTypeormRepository {
  async insert(tx: Tx, a: OutreachRecord): Promise<void> {
    await tx.write(
      `INSERT INTO outreach_activities (id, org_id, region_code, kind, title, held_on, place, people_reached, consultations, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [a.id, a.orgId, a.regionCode, a.kind, a.title, a.heldOn, a.place, a.peopleReached, a.consultations, a.createdBy, a.createdAt],
    );
  }

  async findById(tx: Tx, id: string): Promise<OutreachRecord | null> {
    const [row] = await tx.query<OutreachRecord>(`SELECT ${COLUMNS} FROM outreach_activities a WHERE a.id = $1`, [id]);
    return row ?? null;
  }

  async list(tx: Tx, f: OutreachFilter): Promise<{ rows: OutreachListRow[]; total: number }> {
    const params: unknown[] = [escapeLike(f.regionPrefix) + '%'];
    const where = [`(a.region_code LIKE $1${f.orOrgId ? ` OR a.org_id = $${params.push(f.orOrgId)}` : ''})`];
    if (f.from) where.push(`a.held_on >= $${params.push(f.from)}::date`);
    if (f.to) where.push(`a.held_on <= $${params.push(f.to)}::date`);
    const clause = where.join(' AND ');
    const [{ total }] = await tx.query<{ total: number }>(`SELECT count(*)::int AS total FROM outreach_activities a WHERE ${clause}`, params);
    const rows = await tx.query<OutreachListRow>(
      `SELECT ${COLUMNS}, o.name AS "orgName", o.agency,
         (SELECT count(*)::int FROM cases c WHERE c.outreach_activity_id = a.id) AS "casesFromOutreach"
       FROM outreach_activities a JOIN orgs o ON o.id = a.org_id
       WHERE ${clause} ORDER BY a.held_on DESC, a.created_at DESC, a.id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.pageSize, (f.page - 1) * f.pageSize],
    );
    return { rows, total };
  }

  async totals(tx: Tx, regionPrefix: string, from: string, to: string, group: OutreachGroup | null): Promise<OutreachTotalsRow[]> {
    const rows = await tx.query<OutreachTotalsRow>(
      `SELECT ${outreachGroupSql(group)} AS key, count(*)::bigint AS activities, sum(a.people_reached)::bigint AS "peopleReached",
              sum(a.consultations)::bigint AS consultations
       FROM outreach_activities a JOIN orgs o ON o.id = a.org_id
       WHERE a.region_code LIKE $1 AND a.held_on BETWEEN $2::date AND $3::date GROUP BY 1 ORDER BY 1`,
      [escapeLike(regionPrefix) + '%', from, to],
    );
    return rows.map((r) => ({ key: r.key, activities: Number(r.activities), peopleReached: Number(r.peopleReached), consultations: Number(r.consultations) }));
  }
}

/** The SQL key of an outreach grouping over `outreach_activities a JOIN orgs o` (fixed expressions only). */
export function outreachGroupSql(group: OutreachGroup | null): string {
  if (group === null) return 'NULL::text';
  if (typeof group === 'object') {
    const n = group.regionLength;
    return n === 4 ? `substr(a.region_code, 1, 4) || '00'` : `substr(a.region_code, 1, ${n})`;
  }
  switch (group) {
    case 'month':
      return `to_char(a.held_on, 'YYYY-MM')`;
    case 'agency':
      return 'o.agency';
    case 'tier':
      return 'o.tier';
    case 'org':
      return 'a.org_id::text';
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
