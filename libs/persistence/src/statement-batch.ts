import { DatabaseError, Query, type Connection, type QueryConfig, type QueryResult } from 'pg';

/*
 * The driver's own row builder and parameter formatter (pg 8, pinned by the lockfile), so a batch
 * formats every value and parses every row exactly as `client.query` does — type parsers included.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PgResult = require('pg/lib/result') as new (rowMode: string | undefined, types: unknown) => PgResultLike;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

interface PgResultLike extends QueryResult {
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): Record<string, unknown>;
  addRow(row: Record<string, unknown>): void;
  addCommandComplete(msg: unknown): void;
}

/** The parts of pg's connection a batch writes to (pg/lib/connection.js). */
interface PgConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  bind(config: { statement: string; values: unknown[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string }): void;
  sync(): void;
}

/** One statement of a batch and where its answer goes. */
export interface BatchedStatement {
  config: QueryConfig & { name: string };
  resolve(result: QueryResult): void;
  reject(error: unknown): void;
}

/** SQLSTATE 25P02, as PostgreSQL reports a statement refused inside an aborted transaction. */
const IN_FAILED_TRANSACTION = '25P02';

/** A statement PostgreSQL skipped: an earlier statement of its batch failed, so it never ran. */
export class SkippedStatementError extends Error {
  readonly code = IN_FAILED_TRANSACTION;
  constructor() {
    super('not run: an earlier statement of its batch failed');
  }
}

/**
 * Several statements in one extended-protocol exchange with a single Sync: Bind, Describe and
 * Execute for each, then one Sync — so PostgreSQL answers them all with one ReadyForQuery (one
 * flush, one wake-up of this process) instead of one each. `client.query` sends a Sync after
 * every statement; on the command path that was a third of PostgreSQL's per-statement overhead and
 * most of the driver's (bench part 1).
 *
 * PostgreSQL runs the statements in order. Should one fail, it skips the rest until the Sync: that
 * statement gets its own error, the ones after it a SkippedStatementError (SQLSTATE 25P02), and the
 * ones before it have their answers already. Only for named statements already prepared on the
 * connection (`canBatch`): a Parse inside a batch that then failed would leave the driver believing
 * a statement prepared that is not.
 */
export class StatementBatch extends Query {
  private next = 0;
  private current: PgResultLike | null = null;
  private rowError: unknown;
  private settled = false;

  private constructor(
    /** The statements, in the order they are sent (read by the bench's statement profile). */
    readonly statements: readonly BatchedStatement[],
    private readonly values: unknown[][],
  ) {
    super({ text: 'statement batch' });
  }

  /** The batch of these statements, their values formatted before anything is written; null if one cannot be. */
  static of(statements: BatchedStatement[]): StatementBatch | null {
    try {
      return new StatementBatch(statements, statements.map((s) => (s.config.values ?? []).map((v) => prepareValue(v))));
    } catch {
      return null;
    }
  }

  /** Whether these statements may travel as one batch on this connection: all named, all prepared on it. */
  static canBatch(connection: unknown, statements: readonly BatchedStatement[]): boolean {
    const c = connection as PgConnection;
    return statements.every((s) => s.config.name && c.parsedStatements[s.config.name] === s.config.text);
  }

  /** Called by pg's client when the batch's turn comes (the hook `Query` uses; typed as a property there). */
  override submit = (connection: Connection): void => {
    const c = connection as unknown as PgConnection;
    c.stream.cork?.();
    try {
      this.statements.forEach((s, i) => {
        c.bind({ statement: s.config.name, values: this.values[i] });
        c.describe({ type: 'P', name: '' });
        c.execute({ portal: '' });
      });
      c.sync();
    } finally {
      c.stream.uncork?.();
    }
  };

  handleRowDescription(msg: { fields: unknown[] }): void {
    this.current = new PgResult(undefined, (this as unknown as { _result: { _types: unknown } })._result._types);
    this.current.addFields(msg.fields);
  }

  handleDataRow(msg: { fields: unknown[] }): void {
    if (!this.current || this.rowError) return;
    try {
      this.current.addRow(this.current.parseRow(msg.fields));
    } catch (e) {
      this.rowError = e; // reported for this statement at its CommandComplete
    }
  }

  handleCommandComplete(msg: unknown): void {
    const result = this.current ?? new PgResult(undefined, undefined);
    this.current = null;
    result.addCommandComplete(msg);
    const statement = this.statements[this.next++];
    if (!statement) return;
    if (this.rowError) {
      statement.reject(this.rowError);
      this.rowError = undefined;
    } else {
      statement.resolve(result);
    }
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete({ text: '' });
  }

  /**
   * A statement failed and PostgreSQL skipped the rest, or the connection failed and nothing more
   * will come: then every statement not yet answered fails with that error (a lost connection is
   * what the caller must hear, not that its statement was skipped).
   */
  handleError(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    const rest = this.statements.slice(this.next);
    const fromServer = error instanceof DatabaseError;
    rest.forEach((s, i) => s.reject(i === 0 || !fromServer ? error : new SkippedStatementError()));
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    // Every statement answered with a CommandComplete; a missing one would be a protocol mismatch.
    const missing = this.statements.slice(this.next);
    for (const s of missing) s.reject(new Error('the batch ended without an answer for this statement'));
  }
}
