/**
 * Part 2 — a peer doing the same job: the case flow open → accept → assign → agree → pay → close on
 * `bpmn-engine` with its state saved to PostgreSQL after each step, against the same flow through
 * our command bus, in the same run at the same concurrency. Cases completed per second, each side.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CpuMeter } from '../lib/cpu';
import { dropBenchDatabase, recreateBenchDatabase } from '../lib/database';
import { runClosedLoop, type LoadResult } from '../lib/load';
import { flushBenchRedis } from '../lib/redis';
import { checkTarget, f, markdownTable, profileTable, type PartOutcome } from '../lib/report';
import { partDatabaseUrl, REDIS_DB, redisDbUrl, type BenchSettings } from '../lib/settings';
import { BpmnPeer } from '../modes/bpmn-peer';
import { CommandPath } from '../modes/command-path';
import { profileSql, type SqlProfile } from '../modes/sql-profile';

const CONCURRENCY = 8;

interface PeerRow extends LoadResult {
  side: string;
  casesPerSecond: number;
  stateBytes: number | null;
}

export interface PeerData {
  concurrency: number;
  rows: PeerRow[];
  oursOverBpmnMemory: number;
  oursOverBpmnRecover: number;
  profiles: { ours: SqlProfile; bpmnMemory: SqlProfile };
  bpmnEngineVersion: string;
}

export async function peerPart(s: BenchSettings, log: (m: string) => void): Promise<PartOutcome<PeerData>> {
  const t0 = Date.now();
  const databaseUrl = partDatabaseUrl(s.databaseUrl, 'peer');
  const redisUrl = redisDbUrl(s.redisUrl, REDIS_DB.transitions);
  await recreateBenchDatabase(databaseUrl);
  await flushBenchRedis(redisUrl);
  let command: CommandPath | undefined;
  let peer: BpmnPeer | undefined;
  let meter: CpuMeter | undefined;
  try {
    meter = await CpuMeter.connect(databaseUrl);
    command = await CommandPath.boot(s, databaseUrl, redisUrl);
    peer = await BpmnPeer.create(databaseUrl, s.poolSize);
    await peer.createSchema();

    // A whole case takes far longer than one transition: a longer warm-up, and every case that ends in the window counts.
    const warmupMs = Math.max(s.warmupMs, 3_000);
    const slotsOf = (make: () => { step(): Promise<void> }) => Array.from({ length: CONCURRENCY }, make);
    const ours = await runClosedLoop(
      slotsOf(() => ({ step: async () => void (await command!.completeCase()) })),
      warmupMs,
      s.peerMeasureMs,
      meter,
      'end',
    );
    log(`  ours (command bus)     c=${CONCURRENCY}: ${f(ours.perSecond, 1)} cases/s, p50 ${f(ours.p50Ms, 0)} ms per case`);
    const ourBytes = await avg(command, `SELECT avg(octet_length(snapshot::text))::int AS v FROM cases WHERE state = 'closed'`);

    const memory = await runClosedLoop(slotsOf(() => peer!.slot('memory')), warmupMs, s.peerMeasureMs, meter, 'end');
    log(`  bpmn-engine (memory)   c=${CONCURRENCY}: ${f(memory.perSecond, 1)} cases/s, p50 ${f(memory.p50Ms, 0)} ms per case`);
    const recover = await runClosedLoop(slotsOf(() => peer!.slot('recover')), warmupMs, s.peerMeasureMs, meter, 'end');
    log(`  bpmn-engine (recover)  c=${CONCURRENCY}: ${f(recover.perSecond, 1)} cases/s, p50 ${f(recover.p50Ms, 0)} ms per case`);
    const bpmnBytes = await peer.stateBytes();

    const profileOps = s.quick ? 5 : 20;
    const profiles = {
      ours: await profileSql({ step: async () => void (await command!.completeCase()) }, profileOps),
      bpmnMemory: await profileSql(peer.slot('memory'), profileOps),
    };

    const rows: PeerRow[] = [
      { side: 'ours: command bus, 6 commands per case', ...ours, casesPerSecond: ours.perSecond, stateBytes: ourBytes },
      { side: 'bpmn-engine, engine kept in memory', ...memory, casesPerSecond: memory.perSecond, stateBytes: bpmnBytes },
      { side: 'bpmn-engine, recovered from PostgreSQL each step', ...recover, casesPerSecond: recover.perSecond, stateBytes: bpmnBytes },
    ];
    const data: PeerData = {
      concurrency: CONCURRENCY,
      rows,
      oursOverBpmnMemory: ours.perSecond / memory.perSecond,
      oursOverBpmnRecover: ours.perSecond / recover.perSecond,
      profiles,
      bpmnEngineVersion: bpmnVersion(),
    };
    const table = markdownTable(
      ['side', 'cases/s', 'ours ÷ this', 'p50 ms/case', 'p99 ms/case', 'cases', 'bench CPU ms/case', 'PG CPU ms/case', 'saved state B'],
      rows.map((r) => [
        r.side,
        f(r.casesPerSecond, 1),
        f(ours.perSecond / r.casesPerSecond) + '×',
        f(r.p50Ms, 0),
        f(r.p99Ms, 0),
        String(r.operations),
        f(r.nodeCpuMsPerOp, 1),
        f(r.postgresCpuMsPerOp, 1),
        r.stateBytes === null ? '—' : String(r.stateBytes),
      ]),
    );
    const targets = [checkTarget('peer', 'our cases/s ÷ bpmn-engine cases/s (c=8, engine in memory)', data.oursOverBpmnMemory, '×', '>', 1, 2)];
    const markdown = `Same run, same PostgreSQL, concurrency ${CONCURRENCY}, closed loop: each slot runs whole cases one after another,
${Math.max(s.warmupMs, 3_000) / 1000} s warm-up then ${s.peerMeasureMs / 1000} s measured per side (every case that ends in the window counts). bpmn-engine ${data.bpmnEngineVersion}.

${table}

- **ours**: \`OpenCaseCommand\`, then \`SendCaseEventCommand\` ACCEPT, ASSIGN_MEDIATOR, REACH_AGREEMENT (one instalment),
  RECORD_PAYMENT of the whole amount (the case is \`resolved\`, performance \`paid\`), CLOSE — six transactions, each with
  the hash-chained event, audit log, deadlines, outbox, documents and reporting read models.
- **bpmn-engine**: a BPMN process start → userTask accept → assign → agree → pay → exclusive gateway (JavaScript condition:
  paid ≥ agreed, else back to pay) → close → end; after each step \`engine.getState()\` JSON is saved in one transaction
  (conditional UPDATE of the instance row + an event row), as our commands do. The definition is parsed once and shared.
  *memory*: each case's engine lives in the bench process between steps (the state is written, never read back);
  *recover*: each step reads the state, \`recover()\` + \`resume()\`, signals, saves — stateless like our API.

### Statements per case

**ours** — ${f(profiles.ours.statementsPerOp, 0)} statements per case in ${f(profiles.ours.waitsPerOp, 0)} waits (pipelined), ${f(profiles.ours.dbMsPerOp, 1)} of ${f(profiles.ours.totalMsPerOp, 1)} ms
with a \`pg\` query outstanding (sequential, one case at a time; per-statement times overlap):

${profileTable(profiles.ours)}

**bpmn-engine (memory)** — ${f(profiles.bpmnMemory.statementsPerOp, 0)} statements per case in ${f(profiles.bpmnMemory.waitsPerOp, 0)} waits, ${f(profiles.bpmnMemory.dbMsPerOp, 1)} of
${f(profiles.bpmnMemory.totalMsPerOp, 1)} ms inside \`pg\`; the rest is the engine (XML-free: parsed once) and \`getState()\`.
`;
    return { part: 'peer', title: 'Part 2 — the same case flow on bpmn-engine', markdown, console: table, targets, data, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await command?.close().catch((e) => log(`closing the app failed: ${e}`));
    await peer?.close().catch((e) => log(`closing the bpmn pool failed: ${e}`));
    await meter?.close().catch(() => undefined);
    await dropBenchDatabase(databaseUrl).catch((e) => log(`dropping the bench database failed: ${e}`));
    await flushBenchRedis(redisUrl).catch(() => undefined);
  }
}

async function avg(command: CommandPath, sql: string): Promise<number | null> {
  const [row] = await command.dataSource.query(sql);
  return row?.v === null || row?.v === undefined ? null : Number(row.v);
}

function bpmnVersion(): string {
  try {
    const main = require.resolve('bpmn-engine');
    return (JSON.parse(readFileSync(path.join(path.dirname(main), '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
