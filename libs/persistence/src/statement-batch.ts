import { DatabaseError, Query, types as pgTypes, type Connection, type FieldDef, type QueryConfig, type QueryResult } from 'pg';

/*
 * The driver's own command-tag parsing and parameter formatter (pg 8, pinned by the lockfile), so a
 * batch formats every value as `client.query` does; rows are parsed with pg's type parsers (RowShape).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PgResult = require('pg/lib/result') as new (rowMode: string | undefined, types: unknown) => PgResultLike;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

interface PgResultLike extends QueryResult {
  addCommandComplete(msg: unknown): void;
}

/** The parts of pg's connection a batch writes to (pg/lib/connection.js). */
interface PgConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  stream?: { cork?(): void; uncork?(): void };
  bind(config: { statement: string; values: unknown[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string }): void;
  sync(): void;
}

/** pg's type parsers (a client's own, or the global ones). */
type TypeParsers = { getTypeParser(oid: number, format: string): (text: string) => unknown };

/**
 * The rows a prepared statement answers with, as its first RowDescription said: field names and the
 * parser of each (pg's type parsers). A named statement's result columns cannot change while it is
 * prepared (PostgreSQL refuses with "cached plan must not change result type"), so later executions
 * on that connection skip the Describe: no RowDescription to build, send and parse each time.
 */
class RowShape {
  private readonly names: string[];
  private readonly parsers: ((text: string) => unknown)[];

  constructor(
    readonly fields: FieldDef[],
    typesOfClient: TypeParsers | undefined,
  ) {
    const parsersFrom = typesOfClient ?? (pgTypes as unknown as TypeParsers);
    this.names = fields.map((f) => f.name);
    this.parsers = fields.map((f) => parsersFrom.getTypeParser(f.dataTypeID, f.format || 'text'));
  }

  /** One row, as `client.query` builds it (a plain object keyed by column name, parsed by type). */
  row(values: (string | null)[]): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      row[this.names[i]] = v === null ? null : this.parsers[i](v);
    }
    return row;
  }
}

/** A statement that answers no rows (its Describe said NoData). */
const NO_ROWS = 'no rows' as const;

/** Row shapes by statement name, per connection (prepared statements live as long as their connection). */
const shapesOf = new WeakMap<object, Map<string, RowShape | typeof NO_ROWS>>();

/** One statement of a batch and where its answer goes. */
export interface BatchedStatement {
  config: QueryConfig & { name: string };
  resolve(result: QueryResult): void;
  reject(error: unknown): void;
}

/** SQLSTATE 25P02, as PostgreSQL reports a statement refused inside an aborted transaction. */
export const IN_FAILED_TRANSACTION = '25P02';

/** Runs `send` with the connection's socket corked: whatever it writes leaves in one socket write. */
export function corked(connection: unknown, send: () => void): void {
  const stream = (connection as PgConnection).stream;
  stream?.cork?.();
  try {
    send();
  } finally {
    stream?.uncork?.();
  }
}

/** A statement PostgreSQL skipped: an earlier statement of its batch failed, so it never ran. */
export class SkippedStatementError extends Error {
  readonly code = IN_FAILED_TRANSACTION;
  constructor() {
    super('not run: an earlier statement of its batch failed');
  }
}

/**
 * Several statements in one extended-protocol exchange with a single Sync: Bind and Execute for
 * each (Describe too, the first time a statement runs in a batch on its connection), then one Sync — so PostgreSQL answers them all with one ReadyForQuery (one
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
  /** Rows of the statement being answered (not `rows`: that is Query's own option, refused in pipeline mode). */
  private received: Record<string, unknown>[] = [];
  /** The shape of the answer being received: from the RowDescription just sent, or known. */
  private shape: RowShape | null = null;
  private rowError: unknown;
  private settled = false;
  private shapes!: Map<string, RowShape | typeof NO_ROWS>;

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
    this.shapes = shapesOf.get(c) ?? new Map();
    shapesOf.set(c, this.shapes);
    corked(c, () => {
      this.statements.forEach((s, i) => {
        c.bind({ statement: s.config.name, values: this.values[i] });
        // Described the first time only: the shape of its rows is known from then on.
        if (!this.shapes.has(s.config.name)) c.describe({ type: 'P', name: '' });
        c.execute({ portal: '' });
      });
      c.sync();
    });
  };

  /** The known shape of a statement's rows (null before its first RowDescription, or when it answers none). */
  private shapeOf(statement: BatchedStatement | undefined): RowShape | null {
    const known = statement && this.shapes.get(statement.config.name);
    return known && known !== NO_ROWS ? known : null;
  }

  handleRowDescription(msg: { fields: FieldDef[] }): void {
    this.shape = new RowShape(msg.fields, (this as unknown as { _result: { _types?: TypeParsers } })._result._types);
    const statement = this.statements[this.next];
    if (statement) this.shapes.set(statement.config.name, this.shape);
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    const shape = (this.shape ??= this.shapeOf(this.statements[this.next]));
    if (!shape || this.rowError) return;
    try {
      this.received.push(shape.row(msg.fields));
    } catch (e) {
      this.rowError = e; // reported for this statement at its CommandComplete
    }
  }

  handleCommandComplete(msg: unknown): void {
    const statement = this.statements[this.next++];
    const shape = this.shape ?? this.shapeOf(statement);
    // Described and no RowDescription came (a RowDescription records its shape): it answers no rows (NoData).
    if (statement && !this.shapes.has(statement.config.name)) this.shapes.set(statement.config.name, NO_ROWS);
    const result = new PgResult(undefined, undefined);
    result.addCommandComplete(msg);
    result.rows = this.received;
    result.fields = shape?.fields ?? [];
    this.received = [];
    this.shape = null;
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
