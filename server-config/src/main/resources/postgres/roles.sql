-- Tenantry: the two PostgreSQL roles of an application (see README, "Row-level security").
-- Run once per database as a superuser (or a role with CREATEROLE that can grant on the schema),
-- connected to the application's database, e.g.
--   psql -h localhost -U postgres -d app -v ON_ERROR_STOP=1 -f roles.sql
-- then give both roles passwords:  ALTER ROLE tenantry_app PASSWORD '...';
--
-- tenantry_owner  owns the schema objects and runs the migrations (Flyway, at deployment or in a job)
-- tenantry_app    what the server's connection pool uses at runtime: not superuser, not BYPASSRLS,
--                 owns nothing, so every row-level security policy applies to it
-- Idempotent: safe to run again.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenantry_owner') THEN
        CREATE ROLE tenantry_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenantry_app') THEN
        CREATE ROLE tenantry_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
END
$$;

GRANT USAGE, CREATE ON SCHEMA public TO tenantry_owner;
GRANT USAGE ON SCHEMA public TO tenantry_app;

-- whatever the owner creates from now on is usable (not owned) by the runtime role
ALTER DEFAULT PRIVILEGES FOR ROLE tenantry_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tenantry_app;
ALTER DEFAULT PRIVILEGES FOR ROLE tenantry_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO tenantry_app;
ALTER DEFAULT PRIVILEGES FOR ROLE tenantry_owner IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO tenantry_app;
