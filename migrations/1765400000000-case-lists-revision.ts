import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows a case view lists beside the case row (CaseTypeormRepository.findViewParts). */
export const CASE_LIST_TABLES = ['case_parties', 'case_claims', 'deadlines', 'case_documents', 'referrals'] as const;

/**
 * Issue 8: a case view's lists (parties, claims, deadlines, documents, referrals) were read and built
 * again after every command, and that read was the largest single cost of one (bench part 1: about a
 * third of the command path's CPU, PostgreSQL's and Node's). Most transitions change none of them.
 *
 * `case_lists_rev` counts the changes to a case's lists, kept by PostgreSQL itself: a statement-level
 * trigger on each list table bumps the revision of every case whose rows it inserted, updated or
 * deleted, whoever wrote them — a case transition, a deadline that expired with no transition, an
 * operator's hand. The API keeps the built lists by (case, revision) and reads them again only when
 * the revision it reads with the case row differs (CaseViewLoader). A rolled-back change leaves the
 * revision as it was; the bump holds the row's lock until COMMIT, so two transactions changing one
 * case's lists take turns.
 *
 * A case without a row here has revision 0 (none of its lists changed since this migration). No
 * foreign key: cases are never deleted (their events are append-only), and a trigger firing for a
 * cascaded delete must not fail on it.
 */
export class CaseListsRevision1765400000000 implements MigrationInterface {
  name = 'CaseListsRevision1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_lists_rev (case_id uuid PRIMARY KEY, rev bigint NOT NULL)`);
    await q.query(`
      CREATE FUNCTION tiaojie_case_lists_changed() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        -- Case ids in order: two statements bumping several cases lock their rows in the same order.
        INSERT INTO case_lists_rev AS r (case_id, rev)
        SELECT DISTINCT case_id, 1 FROM changed ORDER BY case_id
        ON CONFLICT (case_id) DO UPDATE SET rev = r.rev + 1;
        RETURN NULL;
      END $$`);
    for (const table of CASE_LIST_TABLES) {
      // A transition table names either the new rows or the old ones: one trigger per operation.
      await q.query(`CREATE TRIGGER ${table}_lists_rev_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION tiaojie_case_lists_changed()`);
      await q.query(`CREATE TRIGGER ${table}_lists_rev_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION tiaojie_case_lists_changed()`);
      await q.query(`CREATE TRIGGER ${table}_lists_rev_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION tiaojie_case_lists_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of CASE_LIST_TABLES) {
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER ${table}_lists_rev_${op} ON ${table}`);
    }
    await q.query(`DROP FUNCTION tiaojie_case_lists_changed()`);
    await q.query(`DROP TABLE case_lists_rev`);
  }
}
