import type { Tx } from '../transaction';
import { Injectable } from '@nestjs/common';
import type { ConflictDeclaration, ConflictKind } from '@tiaojie/domain';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';

export interface ConflictDeclarationRecord extends ConflictDeclaration {
  id: string;
  declaredBy: string;
  declaredAt: Date;
}

const COLUMNS = `id, user_id AS "userId", kind, credit_code AS "creditCode", party_name AS "partyName", note,
  declared_by AS "declaredBy", declared_at AS "declaredAt"`;

/** Mediators' declared ties, read when someone is assigned to a case. */
@Injectable()
export class ConflictTypeormRepository {
  constructor(private readonly ds: DataSource) {}

  async declare(d: { userId: string; kind: ConflictKind; creditCode?: string; partyName?: string; note?: string; declaredBy: string; at: Date }) {
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO conflict_declarations (id, user_id, kind, credit_code, party_name, note, declared_by, declared_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [id, d.userId, d.kind, d.creditCode ?? null, d.partyName ?? null, d.note ?? null, d.declaredBy, d.at],
    );
    return id;
  }

  /** In `tx` when given: a command holding a connection must not wait for a second one (pool exhaustion). */
  async forUsers(userIds: readonly string[], tx?: Tx): Promise<ConflictDeclarationRecord[]> {
    if (userIds.length === 0) return [];
    const sql = `SELECT ${COLUMNS} FROM conflict_declarations WHERE user_id = ANY($1) ORDER BY declared_at`;
    return tx ? tx.query<ConflictDeclarationRecord>(sql, [userIds]) : this.ds.query(sql, [userIds]);
  }
}
