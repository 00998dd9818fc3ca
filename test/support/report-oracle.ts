/**
 * An independent recomputation of the managers' summary (DOMAIN §6) for the reporting tests:
 * plain SQL over the base tables only — cases, case_parties, case_events payloads, deadlines, orgs,
 * outreach_activities — never the reporting read models, then plain counting in test code (sorting
 * for medians, no histograms). What the API answers must equal this, figure by figure.
 */
type Sql = <T = any>(text: string, params?: unknown[]) => Promise<T[]>;

export interface OracleCase {
  id: string;
  regionCode: string;
  orgId: string;
  agency: string;
  tier: string;
  disputeType: string;
  entrusted: boolean;
  collective: boolean;
  fromOutreach: boolean;
  claimedFen: number;
  workers: number;
  migrant: boolean;
  platform: boolean;
  acceptedOn: string | null;
  closedOn: string | null;
  medOn: string | null;
  medOk: boolean | null;
  signedOn: string | null;
  agreedFen: number;
  jcRequested: boolean;
  jcConfirmed: boolean;
  route: 'MEDIATION' | 'ARBITRATION' | 'LITIGATION' | 'OTHER';
}
export interface OraclePayment { regionCode: string; orgId: string; agency: string; tier: string; disputeType: string; paidOn: string; amountFen: number }
export interface OracleDeadline { regionCode: string; orgId: string; agency: string; tier: string; disputeType: string; resolvedOn: string; met: boolean; orgName: string }
export interface OracleOutreach { regionCode: string; orgId: string; agency: string; tier: string; heldOn: string; peopleReached: number; consultations: number }

export interface OracleData {
  cases: OracleCase[];
  payments: OraclePayment[];
  deadlines: OracleDeadline[];
  outreach: OracleOutreach[];
  escalations: number;
}

const SH = (expr: string) => `((${expr}) AT TIME ZONE 'Asia/Shanghai')::date::text`;
const DUTY_KINDS = ['ACCEPTANCE_SLA', 'TIER_SLA', 'COURT_ACCEPT_CONFIRMATION', 'COURT_RULE_CONFIRMATION', 'ARBITRATION_ACCEPTANCE', 'ARBITRATION_AWARD', 'SUPPORT_PROSECUTION_SLA', 'LEGAL_AID_REVIEW'];

export async function loadOracle(sql: Sql): Promise<OracleData> {
  const cases = await sql<OracleCase>(`
    WITH acc AS (SELECT case_id, min(at) AS at FROM case_events WHERE type = 'ACCEPT' GROUP BY case_id),
    cls AS (SELECT case_id, max(at) AS at FROM case_events WHERE state_to = 'closed' GROUP BY case_id),
    med AS (SELECT DISTINCT ON (case_id) case_id, type, at, payload FROM case_events
            WHERE state_from LIKE 'mediation%' AND state_to NOT LIKE 'mediation%' ORDER BY case_id, seq),
    agr AS (SELECT DISTINCT ON (case_id) case_id, payload FROM case_events WHERE type = 'REACH_AGREEMENT' ORDER BY case_id, seq),
    ev AS (SELECT case_id,
             bool_or(type IN ('FILE_LAWSUIT', 'SUE_AFTER_AWARD') OR state_to = 'returnedToCourt') AS lit,
             bool_or(type = 'REFER_ARBITRATION') AS arb,
             bool_or(type = 'REQUEST_JUDICIAL_CONFIRMATION') AS jc_req,
             bool_or(type = 'JC_CONFIRM') AS jc_ok
           FROM case_events GROUP BY case_id),
    wk AS (SELECT case_id, count(DISTINCT id_number_hash)::int AS n, bool_or(is_migrant_worker) AS migrant,
             bool_or(employment_form LIKE 'PLATFORM%') AS platform
           FROM case_parties WHERE kind = 'WORKER' GROUP BY case_id)
    SELECT c.id, c.region_code AS "regionCode", c.org_id AS "orgId", o.agency, c.tier,
      coalesce(c.dispute_types[1], 'OTHER') AS "disputeType", c.channel = 'COURT_ENTRUSTED' AS entrusted, c.collective,
      c.outreach_activity_id IS NOT NULL AS "fromOutreach",
      (SELECT coalesce(sum(claimed_fen), 0) FROM case_claims k WHERE k.case_id = c.id)::bigint AS "claimedFen",
      coalesce(wk.n, 0) AS workers, coalesce(wk.migrant, false) AS migrant,
      coalesce(wk.platform, false) OR 'PLATFORM_WORK' = ANY(c.dispute_types) AS platform,
      ${SH('acc.at')} AS "acceptedOn",
      CASE WHEN acc.at IS NOT NULL THEN ${SH('cls.at')} END AS "closedOn",
      CASE WHEN med.type = 'REACH_AGREEMENT' THEN ${SH(`(med.payload->>'signedAt')::timestamptz`)} ELSE ${SH('med.at')} END AS "medOn",
      CASE WHEN med.case_id IS NULL THEN NULL ELSE med.type = 'REACH_AGREEMENT' END AS "medOk",
      ${SH(`(agr.payload->>'signedAt')::timestamptz`)} AS "signedOn",
      coalesce((SELECT sum((i->>'agreedFen')::bigint) FROM jsonb_array_elements(agr.payload->'items') i), 0)::bigint AS "agreedFen",
      coalesce(ev.jc_req, false) AS "jcRequested", coalesce(ev.jc_ok, false) AS "jcConfirmed",
      CASE WHEN ev.lit THEN 'LITIGATION' WHEN ev.arb THEN 'ARBITRATION' WHEN agr.case_id IS NOT NULL THEN 'MEDIATION' ELSE 'OTHER' END AS route
    FROM cases c JOIN orgs o ON o.id = c.org_id
    LEFT JOIN acc ON acc.case_id = c.id LEFT JOIN cls ON cls.case_id = c.id LEFT JOIN med ON med.case_id = c.id
    LEFT JOIN agr ON agr.case_id = c.id LEFT JOIN ev ON ev.case_id = c.id LEFT JOIN wk ON wk.case_id = c.id`);

  const payments = await sql<OraclePayment>(`
    SELECT c.region_code AS "regionCode", c.org_id AS "orgId", o.agency, c.tier, coalesce(c.dispute_types[1], 'OTHER') AS "disputeType",
      ${SH(`(e.payload->>'paidAt')::timestamptz`)} AS "paidOn", (e.payload->>'amountFen')::bigint AS "amountFen"
    FROM case_events e JOIN cases c ON c.id = e.case_id JOIN orgs o ON o.id = c.org_id WHERE e.type = 'RECORD_PAYMENT'`);

  // The organisation that answered for each deadline: the body the case was referred to (from the
  // request event's payload), or the centre handling the case when it ended (from the transfers).
  const deadlines = await sql<OracleDeadline>(`
    WITH d AS (
      SELECT d.*, c.dispute_types, c.org_id AS case_org, c.origin_org_id,
        (SELECT e.payload FROM case_events e WHERE e.case_id = d.case_id AND e.type = 'OPENED') AS opened,
        (SELECT e.payload->>'toOrgId' FROM case_events e WHERE e.case_id = d.case_id AND e.type = 'TRANSFER' AND e.at <= d.completed_at ORDER BY e.seq DESC LIMIT 1) AS moved_to,
        EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = d.case_id AND e.type = 'TRANSFER') AS ever_moved,
        (SELECT e.payload->>CASE d.kind WHEN 'COURT_ACCEPT_CONFIRMATION' THEN 'courtOrgId' WHEN 'COURT_RULE_CONFIRMATION' THEN 'courtOrgId'
                                        WHEN 'ARBITRATION_ACCEPTANCE' THEN 'commissionOrgId' WHEN 'ARBITRATION_AWARD' THEN 'commissionOrgId'
                                        WHEN 'SUPPORT_PROSECUTION_SLA' THEN 'procuratorateOrgId' WHEN 'LEGAL_AID_REVIEW' THEN 'justiceOrgId' END
         FROM case_events e WHERE e.case_id = d.case_id
           AND e.type = CASE d.kind WHEN 'COURT_ACCEPT_CONFIRMATION' THEN 'REQUEST_JUDICIAL_CONFIRMATION' WHEN 'COURT_RULE_CONFIRMATION' THEN 'REQUEST_JUDICIAL_CONFIRMATION'
                                    WHEN 'ARBITRATION_ACCEPTANCE' THEN 'REFER_ARBITRATION' WHEN 'ARBITRATION_AWARD' THEN 'REFER_ARBITRATION'
                                    WHEN 'SUPPORT_PROSECUTION_SLA' THEN 'REQUEST_SUPPORT_PROSECUTION' WHEN 'LEGAL_AID_REVIEW' THEN 'REQUEST_LEGAL_AID' END
           AND e.at <= d.completed_at ORDER BY e.seq DESC LIMIT 1) AS referred_to
      FROM deadlines d JOIN cases c ON c.id = d.case_id
      WHERE d.status IN ('MET', 'EXPIRED') AND d.kind = ANY($1)
    ), r AS (
      SELECT d.*, coalesce(d.referred_to, d.moved_to, CASE WHEN d.ever_moved THEN d.origin_org_id::text ELSE d.case_org::text END)::uuid AS resp,
        coalesce((SELECT o.region_code FROM orgs o WHERE o.id = d.moved_to::uuid), d.opened->>'regionCode') AS region
      FROM d
    )
    SELECT r.region AS "regionCode", o.id AS "orgId", o.agency, o.tier, o.name AS "orgName", coalesce(r.dispute_types[1], 'OTHER') AS "disputeType",
      ${SH('r.completed_at')} AS "resolvedOn", r.status = 'MET' AS met
    FROM r JOIN orgs o ON o.id = r.resp`, [DUTY_KINDS]);

  const outreach = await sql<OracleOutreach>(`
    SELECT a.region_code AS "regionCode", a.org_id AS "orgId", o.agency, o.tier, a.held_on::text AS "heldOn",
      a.people_reached AS "peopleReached", a.consultations
    FROM outreach_activities a JOIN orgs o ON o.id = a.org_id`);

  const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE type = 'ESCALATE' OR (type = 'DEADLINE_EXPIRED' AND payload->>'kind' = 'TIER_SLA')`);
  return { cases, payments, deadlines, outreach, escalations: n };
}

export interface OracleQuery {
  from: string;
  to: string;
  prefix: string;
  groupBy?: string;
  basis: 'paid' | 'agreed';
  /** For groupBy=region: how many digits a group key keeps. */
  regionLength?: number;
  yearbook: (disputeType: string) => string;
}

const within = (d: string | null, q: OracleQuery) => d !== null && d >= q.from && d <= q.to;
const rate = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10000) / 10000);

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function p90(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.ceil(0.9 * s.length - 1e-9) - 1];
}
const dayDiff = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

function keyOf(q: OracleQuery, dims: { regionCode: string; orgId: string; agency: string; tier: string; disputeType?: string }, date: string): string | null {
  switch (q.groupBy) {
    case undefined:
      return '';
    case 'month':
      return date.slice(0, 7);
    case 'region':
      return q.regionLength === 4 ? dims.regionCode.slice(0, 4) + '00' : dims.regionCode.slice(0, q.regionLength);
    case 'agency':
      return dims.agency;
    case 'tier':
      return dims.tier;
    case 'org':
      return dims.orgId;
    case 'disputeType':
      return dims.disputeType ?? null;
    case 'yearbookCategory':
      return dims.disputeType ? q.yearbook(dims.disputeType) : null;
    default:
      throw new Error(`unknown grouping ${q.groupBy}`);
  }
}

/** Expected figures per group key ('' = the totals when not grouped), computed from the oracle's rows. */
export function expectedFigures(data: OracleData, q: OracleQuery, ensureKeys: string[] = []): Map<string, any> {
  const groups = new Map<string, any>();
  const g = (key: string) => {
    let x = groups.get(key);
    if (!x) {
      x = { accepted: [] as OracleCase[], closed: [] as OracleCase[], med: [] as OracleCase[], agreed: [] as OracleCase[], paid: 0, met: 0, expired: 0, outreach: [] as OracleOutreach[] };
      groups.set(key, x);
    }
    return x;
  };
  ensureKeys.forEach((k) => g(k));
  const inScope = (region: string) => region.startsWith(q.prefix);
  for (const c of data.cases) {
    if (!inScope(c.regionCode)) continue;
    if (within(c.acceptedOn, q)) g(keyOf(q, c, c.acceptedOn!)!).accepted.push(c);
    if (within(c.closedOn, q)) g(keyOf(q, c, c.closedOn!)!).closed.push(c);
    if (c.acceptedOn && within(c.medOn, q)) g(keyOf(q, c, c.medOn!)!).med.push(c);
    if (within(c.signedOn, q)) g(keyOf(q, c, c.signedOn!)!).agreed.push(c);
  }
  for (const p of data.payments) if (inScope(p.regionCode) && within(p.paidOn, q)) g(keyOf(q, p, p.paidOn)!).paid += Number(p.amountFen);
  for (const d of data.deadlines) {
    if (!inScope(d.regionCode) || !within(d.resolvedOn, q)) continue;
    const x = g(keyOf(q, d, d.resolvedOn)!);
    if (d.met) x.met++;
    else x.expired++;
  }
  const outreachApplies = q.groupBy !== 'disputeType' && q.groupBy !== 'yearbookCategory';
  if (outreachApplies) for (const a of data.outreach) if (inScope(a.regionCode) && within(a.heldOn, q)) g(keyOf(q, a, a.heldOn)!).outreach.push(a);

  const out = new Map<string, any>();
  for (const [key, x] of groups) {
    const agreed = x.agreed.reduce((s: number, c: OracleCase) => s + Number(c.agreedFen), 0);
    const closeDays = x.closed.map((c: OracleCase) => dayDiff(c.acceptedOn!, c.closedOn!));
    const medDays = x.med.map((c: OracleCase) => Math.max(0, dayDiff(c.acceptedOn!, c.medOn!)));
    const route = (r: string) => x.closed.filter((c: OracleCase) => c.route === r).length;
    const successes = x.med.filter((c: OracleCase) => c.medOk).length;
    out.set(key, {
      casesAccepted: x.accepted.length,
      casesClosed: x.closed.length,
      agreements: x.agreed.length,
      mediationsConcluded: x.med.length,
      successRate: rate(successes, x.med.length),
      workersCovered: x.accepted.reduce((s: number, c: OracleCase) => s + c.workers, 0),
      claimedFen: x.accepted.reduce((s: number, c: OracleCase) => s + Number(c.claimedFen), 0),
      agreedFen: agreed,
      paidFen: x.paid,
      recoveredFen: q.basis === 'paid' ? x.paid : agreed,
      medianDaysToClose: median(closeDays),
      p90DaysToClose: p90(closeDays),
      medianDaysToConcludeMediation: median(medDays),
      p90DaysToConcludeMediation: p90(medDays),
      deadlinesMet: x.met,
      deadlinesExpired: x.expired,
      deadlineCompliance: rate(x.met, x.met + x.expired),
      routing: {
        closed: x.closed.length,
        mediation: route('MEDIATION'),
        arbitration: route('ARBITRATION'),
        litigation: route('LITIGATION'),
        other: route('OTHER'),
        mediationShare: rate(route('MEDIATION'), x.closed.length),
        arbitrationShare: rate(route('ARBITRATION'), x.closed.length),
        litigationShare: rate(route('LITIGATION'), x.closed.length),
        otherShare: rate(route('OTHER'), x.closed.length),
      },
      entrusted: x.accepted.filter((c: OracleCase) => c.entrusted).length,
      entrustedShare: rate(x.accepted.filter((c: OracleCase) => c.entrusted).length, x.accepted.length),
      confirmationRequested: x.agreed.filter((c: OracleCase) => c.jcRequested).length,
      confirmed: x.agreed.filter((c: OracleCase) => c.jcConfirmed).length,
      confirmationRate: rate(x.agreed.filter((c: OracleCase) => c.jcConfirmed).length, x.agreed.length),
      breakdowns: {
        migrant: x.accepted.filter((c: OracleCase) => c.migrant).length,
        platform: x.accepted.filter((c: OracleCase) => c.platform).length,
        collective: x.accepted.filter((c: OracleCase) => c.collective).length,
      },
      outreach: {
        activities: outreachApplies ? x.outreach.length : null,
        peopleReached: outreachApplies ? x.outreach.reduce((s: number, a: OracleOutreach) => s + a.peopleReached, 0) : null,
        consultations: outreachApplies ? x.outreach.reduce((s: number, a: OracleOutreach) => s + a.consultations, 0) : null,
        casesFromOutreach: x.accepted.filter((c: OracleCase) => c.fromOutreach).length,
      },
    });
  }
  return out;
}

/** Deadline compliance per organisation that answered for it. */
export function expectedCompliance(data: OracleData, q: OracleQuery): { orgId: string; met: number; expired: number }[] {
  const m = new Map<string, { orgId: string; met: number; expired: number }>();
  for (const d of data.deadlines) {
    if (!d.regionCode.startsWith(q.prefix) || !within(d.resolvedOn, q)) continue;
    const x = m.get(d.orgId) ?? { orgId: d.orgId, met: 0, expired: 0 };
    if (d.met) x.met++;
    else x.expired++;
    m.set(d.orgId, x);
  }
  return [...m.values()].sort((a, b) => a.orgId.localeCompare(b.orgId));
}
