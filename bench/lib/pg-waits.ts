import { Client } from 'pg';
import { markdownTable, f } from './report';

export interface WaitSummary {
  samples: number;
  /** Average backends of the bench database busy in a statement (or idle in a transaction) per sample. */
  avgActive: number;
  /** What those backends were doing, as a share of all active-backend samples. */
  top: { what: string; statement: string; pct: number }[];
}

/** `SELECT cases`, `UPDATE audit_chain_head`, `COMMIT`, … */
function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const verb = s.split(' ')[0]?.toUpperCase() ?? '?';
  const table =
    /^(?:INSERT INTO|UPDATE|DELETE FROM) "?(\w+)/i.exec(s)?.[1] ?? /\bFROM "?(\w+)"?/i.exec(s)?.[1] ?? /\bUPDATE "?(\w+)/i.exec(s)?.[1];
  return table ? `${verb} ${table}` : verb;
}

/**
 * Samples pg_stat_activity of one database every `everyMs`: which statements its backends are in
 * and what they wait for (Lock:transactionid = a row another transaction holds; IO:WALSync = the
 * commit's fsync; ClientRead with "idle in transaction" = waiting for the application). A cheap
 * wait profile of PostgreSQL under the bench's load.
 */
export class WaitSampler {
  private timer?: NodeJS.Timeout;
  private samples = 0;
  private active = 0;
  private readonly counts = new Map<string, { what: string; statement: string; n: number }>();
  private busy = false;

  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<WaitSampler> {
    const client = new Client({ connectionString: url, application_name: 'tiaojie-bench-waits' });
    await client.connect();
    return new WaitSampler(client);
  }

  start(everyMs = 50): this {
    this.timer = setInterval(() => void this.sample(), everyMs);
    return this;
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ state: string; wait: string | null; query: string }>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait, query FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')`,
      );
      this.samples++;
      for (const r of rows) {
        this.active++;
        const what = r.state === 'idle in transaction' ? 'idle in transaction (app)' : (r.wait ?? 'on CPU');
        const statement = r.state === 'idle in transaction' ? `after ${label(r.query)}` : label(r.query);
        const key = `${what}|${statement}`;
        const e = this.counts.get(key) ?? { what, statement, n: 0 };
        e.n++;
        this.counts.set(key, e);
      }
    } catch {
      /* a sample lost is fine */
    } finally {
      this.busy = false;
    }
  }

  stop(top = 12): WaitSummary {
    if (this.timer) clearInterval(this.timer);
    return {
      samples: this.samples,
      avgActive: this.active / Math.max(1, this.samples),
      top: [...this.counts.values()]
        .sort((a, b) => b.n - a.n)
        .slice(0, top)
        .map((e) => ({ what: e.what, statement: e.statement, pct: (100 * e.n) / Math.max(1, this.active) })),
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.end();
  }
}

export function waitsMarkdown(title: string, w: WaitSummary): string {
  return `**${title}** — ${w.samples} samples of pg_stat_activity, on average ${f(w.avgActive, 1)} backends in a transaction:

${markdownTable(['backend state / wait', 'statement', '% of backend samples'], w.top.map((t) => [t.what, t.statement, f(t.pct, 1)]))}`;
}
