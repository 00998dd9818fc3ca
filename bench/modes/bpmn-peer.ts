import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import type { Slot } from '../lib/load';

/**
 * The peer: the same case flow (open → accept → assign → agree → pay → close) as a BPMN 2.0 process
 * run by `bpmn-engine`, the engine's state (`engine.getState()`, JSON) saved to PostgreSQL after
 * every step in one transaction — the conditional UPDATE of the instance row plus an event row, the
 * same durability as one of our commands. The process definition is parsed once (bpmn-moddle +
 * moddle-context-serializer) and shared, as the bpmn-engine docs advise for many instances.
 *
 * Two ways of hosting it:
 * - `memory`: each case's engine stays in this process between steps (state saved, never read back).
 * - `recover`: stateless like our API: each step loads the saved state, `recover()`s an engine,
 *   `resume()`s it, signals the task and saves the new state.
 */
export const CASE_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="tiaojie-case" targetNamespace="http://tiaojie.local/bench">
  <process id="case" isExecutable="true">
    <startEvent id="opened" />
    <sequenceFlow id="toAccept" sourceRef="opened" targetRef="accept" />
    <userTask id="accept" name="Accept the case" />
    <sequenceFlow id="toAssign" sourceRef="accept" targetRef="assign" />
    <userTask id="assign" name="Assign a mediator" />
    <sequenceFlow id="toAgree" sourceRef="assign" targetRef="agree" />
    <userTask id="agree" name="Reach agreement" />
    <sequenceFlow id="toPay" sourceRef="agree" targetRef="pay" />
    <userTask id="pay" name="Record a payment" />
    <sequenceFlow id="toPaidInFull" sourceRef="pay" targetRef="paidInFull" />
    <exclusiveGateway id="paidInFull" default="payAgain" />
    <sequenceFlow id="toClose" sourceRef="paidInFull" targetRef="close">
      <conditionExpression xsi:type="tFormalExpression" language="javascript">next(null, environment.output.paidFen &gt;= environment.output.agreedFen)</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="payAgain" sourceRef="paidInFull" targetRef="pay" />
    <userTask id="close" name="Close the case" />
    <sequenceFlow id="toClosed" sourceRef="close" targetRef="closed" />
    <endEvent id="closed" />
  </process>
</definitions>`;

export const PEER_SCHEMA = `
  CREATE TABLE bpmn_instances (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    waiting_at text,
    state jsonb NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE bpmn_events (
    instance_id uuid NOT NULL REFERENCES bpmn_instances(id),
    seq integer NOT NULL,
    type text NOT NULL,
    at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    PRIMARY KEY (instance_id, seq)
  )`;

/** The signals a case gets, in order, with the data a person would enter. */
const STEPS: [string, Record<string, unknown>][] = [
  ['accept', { acceptedBy: 'mediator' }],
  ['assign', { mediatorId: '00000000-0000-4000-8000-000000000001' }],
  ['agree', { agreedFen: 1_000_000, schedule: [{ dueDate: '2030-01-01', amountFen: 1_000_000 }] }],
  ['pay', { amountFen: 1_000_000, method: 'BANK_TRANSFER' }],
  ['close', {}],
];

/** What the bench uses of bpmn-engine (its shipped typings describe an ESM module augmentation). */
interface EngineInstance {
  execute(options: { listener: EventEmitter; variables?: Record<string, unknown> }): Promise<unknown>;
  resume(options: { listener: EventEmitter }): Promise<unknown>;
  recover(state: unknown): EngineInstance;
  getState(): Promise<unknown>;
  stop(): Promise<void>;
  once(event: string, listener: (...args: any[]) => void): unknown;
}
interface BpmnEngineModule {
  Engine: new (options: { name: string; sourceContext: unknown }) => EngineInstance;
}

interface WaitingApi {
  id: string;
  signal(message?: unknown): void;
}

/** One engine with a listener that turns "the next wait (or the end)" into a promise. */
class DrivenEngine {
  private waiter: ((id: string) => void) | null = null;
  private waiting: WaitingApi | null = null;
  readonly listener = new EventEmitter();

  constructor(readonly engine: EngineInstance) {
    // The process variables the gateway reads: what was agreed and what has been paid.
    this.listener.on('activity.end', (api: { id: string; environment: { output: Record<string, number> }; content: { output?: Record<string, number> } }) => {
      const out = api.content.output ?? {};
      const vars = api.environment.output;
      if (api.id === 'agree') vars.agreedFen = out.agreedFen;
      if (api.id === 'pay') vars.paidFen = (vars.paidFen ?? 0) + out.amountFen;
    });
    this.listener.on('wait', (api: WaitingApi) => {
      this.waiting = api;
      this.settle(api.id);
    });
    engine.once('end', () => this.settle('END'));
    engine.once('error', (e: Error) => {
      throw e;
    });
  }

  private settle(id: string): void {
    const w = this.waiter;
    this.waiter = null;
    w?.(id);
  }

  next(): Promise<string> {
    return new Promise((resolve) => (this.waiter = resolve));
  }

  async signal(expect: string, data: unknown): Promise<string> {
    if (this.waiting?.id !== expect) throw new Error(`bpmn case waits at ${this.waiting?.id}, not ${expect}`);
    const next = this.next();
    this.waiting.signal(data);
    return next;
  }
}

export class BpmnPeer {
  readonly pool: Pool;
  private constructor(
    private readonly bpmn: BpmnEngineModule,
    private readonly sourceContext: unknown,
    url: string,
    poolSize: number,
  ) {
    this.pool = new Pool({ connectionString: url, max: poolSize, application_name: 'tiaojie-bench-bpmn' });
  }

  static async create(url: string, poolSize: number): Promise<BpmnPeer> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const bpmn = require('bpmn-engine') as BpmnEngineModule;
    const BpmnModdle = require('bpmn-moddle') as new () => { fromXML(xml: string): Promise<unknown> };
    const elements = require('bpmn-elements') as unknown;
    const serializer = require('moddle-context-serializer') as { default: (ctx: unknown, types: unknown) => unknown; TypeResolver: (e: unknown) => unknown };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const moddle = await new BpmnModdle().fromXML(CASE_BPMN);
    const sourceContext = serializer.default(moddle, serializer.TypeResolver(elements));
    const peer = new BpmnPeer(bpmn, sourceContext, url, poolSize);
    return peer;
  }

  async createSchema(): Promise<void> {
    await this.pool.query(PEER_SCHEMA);
  }

  private newEngine(name: string): EngineInstance {
    return new this.bpmn.Engine({ name, sourceContext: this.sourceContext });
  }

  private async tx<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const r = await work(client);
      await client.query('COMMIT');
      return r;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private async insert(id: string, waitingAt: string, state: unknown): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`INSERT INTO bpmn_instances (id, version, waiting_at, state, updated_at) VALUES ($1, 1, $2, $3, now())`, [id, waitingAt, JSON.stringify(state)]);
      await c.query(`INSERT INTO bpmn_events (instance_id, seq, type, at, payload) VALUES ($1, 1, 'opened', now(), '{}')`, [id]);
    });
  }

  private async save(id: string, version: number, step: string, waitingAt: string, payload: unknown, state: unknown): Promise<number> {
    return this.tx(async (c) => {
      const { rows } = await c.query<{ version: number }>(
        `UPDATE bpmn_instances SET version = version + 1, waiting_at = $3, state = $4, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING version`,
        [id, version, waitingAt, JSON.stringify(state)],
      );
      if (rows.length !== 1) throw new Error(`bpmn instance ${id} is not at version ${version}`);
      await c.query(`INSERT INTO bpmn_events (instance_id, seq, type, at, payload) VALUES ($1, $2, $3, now(), $4)`, [id, rows[0].version, step, JSON.stringify(payload)]);
      return rows[0].version;
    });
  }

  /** One case start to end with the engine kept in memory between steps. */
  async completeCaseInMemory(): Promise<void> {
    const id = randomUUID();
    const driven = new DrivenEngine(this.newEngine(id));
    const first = driven.next();
    await driven.engine.execute({ listener: driven.listener, variables: { caseId: id } });
    let at = await first;
    await this.insert(id, at, await driven.engine.getState());
    let version = 1;
    for (const [step, data] of STEPS) {
      at = await driven.signal(step, data);
      version = await this.save(id, version, step, at, data, await driven.engine.getState());
    }
    if (at !== 'END') throw new Error(`bpmn case ${id} did not end (waits at ${at})`);
  }

  /** One case start to end, each step recovering the engine from the state saved in PostgreSQL. */
  async completeCaseRecovering(): Promise<void> {
    const id = randomUUID();
    const opened = new DrivenEngine(this.newEngine(id));
    const first = opened.next();
    await opened.engine.execute({ listener: opened.listener, variables: { caseId: id } });
    let at = await first;
    await this.insert(id, at, await opened.engine.getState());
    await opened.engine.stop();
    for (const [step, data] of STEPS) {
      const { rows } = await this.pool.query<{ version: number; state: unknown }>(`SELECT version, state FROM bpmn_instances WHERE id = $1`, [id]);
      const driven = new DrivenEngine(this.newEngine(id).recover(rows[0].state));
      const resumed = driven.next();
      await driven.engine.resume({ listener: driven.listener });
      await resumed;
      at = await driven.signal(step, data);
      await this.save(id, rows[0].version, step, at, data, await driven.engine.getState());
      if (at !== 'END') await driven.engine.stop();
    }
    if (at !== 'END') throw new Error(`bpmn case ${id} did not end (waits at ${at})`);
  }

  /** A closed-loop slot: one timed step = one whole case. */
  slot(mode: 'memory' | 'recover'): Slot {
    return { step: () => (mode === 'memory' ? this.completeCaseInMemory() : this.completeCaseRecovering()) };
  }

  /** Average bytes of a saved state (all instances). */
  async stateBytes(): Promise<number> {
    const { rows } = await this.pool.query<{ avg: string }>(`SELECT avg(octet_length(state::text))::int AS avg FROM bpmn_instances`);
    return Number(rows[0].avg);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
