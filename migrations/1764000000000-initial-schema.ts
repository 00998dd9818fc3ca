import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: organisations and users, cases with their snapshot, the hash-chained event log,
 * deadlines, the outbox, idempotency keys, documents, counters and the test clock.
 * States and kinds are text with CHECK constraints, never native enums (DESIGN §3).
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orgs (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        agency text NOT NULL CHECK (agency IN ('UNION','COURT','PROCURATORATE','HRSS','JUSTICE')),
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
        tier text NOT NULL CHECK (tier IN ('CITY','COUNTY','TOWNSHIP','VILLAGE','STATION')),
        parent_id uuid REFERENCES orgs(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX orgs_region_idx ON orgs (region_code)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        org_id uuid NOT NULL REFERENCES orgs(id),
        roles text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        locale text NOT NULL DEFAULT 'zh-CN',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        case_no text NOT NULL UNIQUE,
        version integer NOT NULL CHECK (version >= 1),
        machine_version text NOT NULL,
        state text NOT NULL,
        snapshot jsonb NOT NULL,
        channel text NOT NULL CHECK (channel IN ('WALK_IN','HOTLINE','ONLINE','STATION','COURT_ENTRUSTED','INSPECTION_REFERRAL')),
        region_code text NOT NULL,
        org_id uuid NOT NULL REFERENCES orgs(id),
        tier text NOT NULL,
        collective boolean NOT NULL DEFAULT false,
        facts text NOT NULL,
        dispute_types text[] NOT NULL,
        received_at timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        outcome text,
        claimed_fen bigint NOT NULL CHECK (claimed_fen >= 0),
        agreed_fen bigint NOT NULL DEFAULT 0 CHECK (agreed_fen >= 0),
        paid_fen bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
        mediator_id uuid REFERENCES users(id),
        created_by uuid NOT NULL REFERENCES users(id),
        entrusting_court_org_id uuid REFERENCES orgs(id),
        court_case_ref text,
        event_seq integer NOT NULL,
        last_event_hash text NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT cases_paid_within_agreed CHECK (paid_fen <= agreed_fen OR agreed_fen = 0 AND paid_fen = 0)
      )`);
    await q.query(`CREATE INDEX cases_region_idx ON cases (region_code text_pattern_ops)`);
    await q.query(`CREATE INDEX cases_state_idx ON cases (state text_pattern_ops)`);
    await q.query(`CREATE INDEX cases_opened_idx ON cases (opened_at DESC)`);
    await q.query(`CREATE INDEX cases_mediator_idx ON cases (mediator_id) WHERE mediator_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE case_parties (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('WORKER','EMPLOYER')),
        idx smallint NOT NULL,
        name text NOT NULL,
        id_type text,
        id_number text,
        phone text,
        home_region_code text,
        is_migrant_worker boolean NOT NULL DEFAULT false,
        employment_form text,
        is_representative boolean NOT NULL DEFAULT false,
        credit_code text,
        address text,
        region_code text,
        UNIQUE (case_id, kind, idx)
      )`);
    await q.query(`CREATE INDEX case_parties_name_idx ON case_parties (name)`);
    await q.query(`
      CREATE TABLE case_claims (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        idx smallint NOT NULL,
        type text NOT NULL,
        claimed_fen bigint NOT NULL CHECK (claimed_fen >= 0),
        period text,
        PRIMARY KEY (case_id, idx)
      )`);
    await q.query(`
      CREATE TABLE case_events (
        case_id uuid NOT NULL REFERENCES cases(id),
        seq integer NOT NULL CHECK (seq >= 1),
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor_id uuid NOT NULL,
        actor_name text NOT NULL,
        actor_agency text,
        payload jsonb NOT NULL,
        state_from text,
        state_to text NOT NULL,
        version integer NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING','MET','EXPIRED','CANCELLED','PAUSED')),
        trigger_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        unit text NOT NULL CHECK (unit IN ('CALENDAR_DAYS','WORKING_DAYS')),
        length integer NOT NULL CHECK (length > 0),
        extension_days integer NOT NULL DEFAULT 0,
        basis text NOT NULL,
        rule text NOT NULL,
        last_day date NOT NULL,
        generation integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        fired_at timestamptz
      )`);
    await q.query(`CREATE INDEX deadlines_case_idx ON deadlines (case_id)`);
    await q.query(`CREATE INDEX deadlines_pending_due_idx ON deadlines (due_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE UNIQUE INDEX deadlines_one_pending_per_kind ON deadlines (case_id, kind) WHERE status IN ('PENDING','PAUSED')`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_unprocessed_idx ON outbox (id) WHERE processed_at IS NULL`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        case_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`
      CREATE TABLE case_documents (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('ACCEPTANCE_NOTICE','AGREEMENT','TERMINATION_NOTE','HANDOVER_PACKET')),
        doc_no text NOT NULL UNIQUE,
        issued_at timestamptz NOT NULL,
        event_seq integer NOT NULL
      )`);
    await q.query(`CREATE INDEX case_documents_case_idx ON case_documents (case_id)`);
    await q.query(`CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL)`);
    await q.query(`
      CREATE TABLE test_clock (
        id smallint PRIMARY KEY CHECK (id = 1),
        now timestamptz NOT NULL,
        set_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['test_clock', 'counters', 'case_documents', 'idempotency_keys', 'outbox', 'deadlines', 'case_events', 'case_claims', 'case_parties', 'cases', 'users', 'orgs']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
