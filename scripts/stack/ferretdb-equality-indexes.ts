/**
 * FerretDB 1.24 (PostgreSQL backend) pushes an equality filter down as `_jsonb -> 'field' @> '"value"'`, but
 * turns the app's indexes into btree indexes on `(_jsonb -> 'field')`, which `@>` cannot use: every query,
 * even by `_id`, scanned the whole table (a 1,000,000-row history made each lookup take seconds). This event
 * trigger gives every btree index FerretDB creates a GIN companion on its key_expr key expression (jsonb_ops
 * serves `@>`), so the key_expr key of each index the models declare, and `_id`, is used for FerretDB's
 * pushed-down equality filters. Installed once in FerretDB's database, before FerretDB creates any table.
 */
export const EQUALITY_INDEX_TRIGGER_SQL = `
CREATE OR REPLACE FUNCTION gcflow_equality_index() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE
  created record;
  method text;
  tbl regclass;
  key_expr text;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    SELECT am.amname, ix.indrelid::regclass INTO method, tbl
      FROM pg_index ix JOIN pg_class c ON c.oid = ix.indexrelid JOIN pg_am am ON am.oid = c.relam
      WHERE ix.indexrelid = created.objid;
    -- only FerretDB's btree indexes; the GIN ones created here come through this trigger too
    CONTINUE WHEN method IS DISTINCT FROM 'btree';
    key_expr := pg_get_indexdef(created.objid, 1, true);
    -- a top-level field (FerretDB writes dotted paths with #>, which its pushdown does not use either)
    CONTINUE WHEN key_expr !~ '^\\(?_jsonb -> ''[^'']+''::text\\)?$';
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((%s))',
      'gin_' || md5(tbl::text || key_expr),
      tbl,
      key_expr
    );
  END LOOP;
END
$fn$;
DROP EVENT TRIGGER IF EXISTS gcflow_equality_index;
CREATE EVENT TRIGGER gcflow_equality_index ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION gcflow_equality_index();
`;
