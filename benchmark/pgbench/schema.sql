-- The floor benchmark's scratch database (floor.sh): Tenantry's tenant table shape, newest-first index
-- and isolation policy (as tenantry_enable_row_security creates it), the activities table with its
-- two secondary indexes, 1,000 tenants x 100 rows.
DROP DATABASE IF EXISTS tenantry_floor;
CREATE DATABASE tenantry_floor;
\c tenantry_floor
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantry_floor_app') THEN
    CREATE ROLE tenantry_floor_app LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tenantry_floor_bypass') THEN
    CREATE ROLE tenantry_floor_bypass LOGIN BYPASSRLS;
  END IF;
END $$;
-- a readable uuid per number, so pgbench can name rows
CREATE FUNCTION k(n int) RETURNS uuid IMMUTABLE LANGUAGE sql
    AS $$ SELECT ('00000000-0000-0000-0000-' || lpad(n::text, 12, '0'))::uuid $$;
CREATE TABLE bench_items (organization_id uuid NOT NULL, id uuid NOT NULL, created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL, version bigint NOT NULL, deleted_at timestamptz, title text NOT NULL,
    amount bigint NOT NULL, PRIMARY KEY (organization_id, id));
INSERT INTO bench_items
    SELECT k(t), k(t * 1000 + r), now() - make_interval(secs => r), now(), 1, NULL, 'item ' || t || '/' || r, r
    FROM generate_series(1, 1000) t, generate_series(1, 100) r;
CREATE INDEX bench_items_newest ON bench_items (organization_id, created_at DESC, id DESC);
CREATE TABLE activities (
    organization_id uuid NOT NULL, id uuid NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
    version bigint NOT NULL DEFAULT 1, actor text NOT NULL,
    type text NOT NULL CONSTRAINT activities_type_format CHECK (type ~ '^[a-z0-9][a-z0-9._-]*$'),
    entity_type text, entity_id uuid, description text, metadata jsonb NOT NULL DEFAULT '{}', correlation_id text,
    PRIMARY KEY (organization_id, id));
CREATE INDEX activities_time_idx ON activities (organization_id, created_at DESC, id DESC);
CREATE INDEX activities_entity_idx ON activities (organization_id, entity_type, entity_id, created_at DESC, id DESC);
DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['bench_items', 'activities'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenantry_tenant_isolation ON %I'
        || ' USING (organization_id = nullif(current_setting(''tenantry.tenant_id'', true), '''')::uuid)'
        || ' WITH CHECK (organization_id = nullif(current_setting(''tenantry.tenant_id'', true), '''')::uuid)', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON bench_items, activities TO tenantry_floor_app, tenantry_floor_bypass;
VACUUM ANALYZE bench_items;
