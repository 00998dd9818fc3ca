import { Pool } from 'pg';

/**
 * Bulk data for the timer and recovery parts: many cases and pending deadlines written straight
 * with SQL (generate_series), cloned from one real case that went through the command path (its
 * row, snapshot, parties, claims and reporting facts) and from its real MEDIATION_PERIOD deadline row
 * (basis, rule).
 * Clone n has case id md5('<tag>-case-n')::uuid and deadline id md5('<tag>-deadline-n')::uuid.
 * Each clone carries one pending MEDIATION_PERIOD deadline: when it fires, the case really fails
 * mediation (event, termination note, notifications, reporting) as a live one would.
 */
export class DeadlineSeed {
  readonly pool: Pool;

  constructor(
    url: string,
    readonly templateCaseId: string,
    readonly tag: string,
  ) {
    this.pool = new Pool({ connectionString: url, max: 4, application_name: 'tiaojie-bench-seed' });
  }

  private async columns(table: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    return rows.map((r) => r.column_name);
  }

  /** INSERT INTO table SELECT <columns, some replaced> FROM table src, generate_series g WHERE <src is the template's>. */
  private async cloneRows(table: string, where: string, overrides: Record<string, string>, first: number, count: number): Promise<number> {
    const cols = await this.columns(table);
    const select = cols.map((c) => overrides[c] ?? `src.${c}`).join(', ');
    const r = await this.pool.query(
      `INSERT INTO ${table} (${cols.join(', ')})
       SELECT ${select} FROM ${table} src, generate_series($2::int, $2::int + $3::int - 1) g WHERE ${where}`,
      [this.templateCaseId, first, count],
    );
    return r.rowCount ?? 0;
  }

  caseIdSql = (g = 'g') => `md5('${this.tag}-case-' || ${g})::uuid`;
  deadlineIdSql = (g = 'g') => `md5('${this.tag}-deadline-' || ${g})::uuid`;

  /** Cases first..first+count-1: the template's rows with new ids (and their parties and claims). */
  async cloneCases(first: number, count: number, batch = 20_000): Promise<void> {
    for (let from = first; from < first + count; from += batch) {
      const n = Math.min(batch, first + count - from);
      await this.cloneRows('cases', 'src.id = $1', { id: this.caseIdSql(), case_no: `'BENCH-${this.tag}-' || g` }, from, n);
      await this.cloneRows('case_parties', 'src.case_id = $1', { id: 'gen_random_uuid()', case_id: this.caseIdSql() }, from, n);
      await this.cloneRows('case_claims', 'src.case_id = $1', { case_id: this.caseIdSql() }, from, n);
      // Its reporting facts, as every case opened through the command path has them (a firing reads
      // them to count its change; without them it would take the intake path of a case never counted).
      await this.cloneRows('report_case_facts', 'src.case_id = $1', { case_id: this.caseIdSql() }, from, n);
    }
  }

  /** Rebuilds the reporting aggregates from the facts (the clones' among them), as `report_backfill()` does. */
  async rebuildAggregates(): Promise<void> {
    await this.pool.query('SELECT report_rebuild_aggregates()');
  }

  /**
   * One pending MEDIATION_PERIOD deadline on each clone first..first+count-1, cloned from the
   * template's. `dueAtSql` is an SQL expression of `g` (and $4, `param`) giving its due time.
   */
  async insertDeadlines(first: number, count: number, dueAtSql: string, param: unknown = null, batch = 20_000): Promise<void> {
    const cols = await this.columns('deadlines');
    const overrides: Record<string, string> = {
      id: this.deadlineIdSql(),
      case_id: this.caseIdSql(),
      status: `'PENDING'`,
      trigger_at: 'now()',
      due_at: dueAtSql,
      last_day: `((${dueAtSql}) AT TIME ZONE 'Asia/Shanghai')::date`,
      generation: '1',
      created_at: 'now()',
      completed_at: 'NULL',
      fired_at: 'NULL',
      paused_at: 'NULL',
    };
    const select = cols.map((c) => overrides[c] ?? `src.${c}`).join(', ');
    for (let from = first; from < first + count; from += batch) {
      const n = Math.min(batch, first + count - from);
      await this.pool.query(
        `INSERT INTO deadlines (${cols.join(', ')})
         SELECT ${select} FROM deadlines src, generate_series($2::int, $2::int + $3::int - 1) g
         WHERE src.case_id = $1 AND src.kind = 'MEDIATION_PERIOD'`,
        param === null ? [this.templateCaseId, from, n] : [this.templateCaseId, from, n, param],
      );
    }
  }

  /** The deadlines of clones first..first+count-1 as the timers arm them. */
  async armable(first: number, count: number): Promise<{ id: string; generation: number; dueAt: Date }[]> {
    const { rows } = await this.pool.query<{ id: string; generation: number; dueAt: Date }>(
      `SELECT d.id, d.generation, d.due_at AS "dueAt" FROM deadlines d
       WHERE d.id IN (SELECT ${this.deadlineIdSql()} FROM generate_series($1::int, $1::int + $2::int - 1) g)`,
      [first, count],
    );
    return rows;
  }

  async analyze(): Promise<void> {
    await this.pool.query('ANALYZE cases; ANALYZE deadlines; ANALYZE case_parties; ANALYZE case_claims; ANALYZE report_case_facts; ANALYZE report_aggregates');
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
