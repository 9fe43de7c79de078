-- One PostgreSQL role per service, each with only the rights it uses (docs/operations.md, "PostgreSQL roles").
--
--   psql -v ON_ERROR_STOP=1 -h db.internal -U postgres -d shiporskip \
--        -v command_role=shiporskip_command     -v command_password="$COMMAND_DB_PASSWORD" \
--        -v projector_role=shiporskip_projector -v projector_password="$PROJECTOR_DB_PASSWORD" \
--        -v query_role=shiporskip_query         -v query_password="$QUERY_DB_PASSWORD" \
--        -f deploy/postgres/roles.sql
--
-- Run it as a superuser, in the services' database, before they first start. A non-superuser owner with CREATEROLE is
-- refused on PostgreSQL 15 (ALTER ROLE ... NOSUPERUSER needs a superuser; CREATE SCHEMA ... AUTHORIZATION needs
-- membership of the role): on a managed server see docs/operations.md, "PostgreSQL roles and TLS".
-- It is idempotent: running it again changes the passwords to the ones given and grants what is missing.
--
--   command service  owns schema event_store: its Flyway migrations, the event store, the relay's tokens, rate limits.
--   projector        owns schema read_model and the generation schemas read_model_g<N> it creates while rebuilding
--                    (so it needs CREATE on the database); reads the event store (rebuilds from the store, the
--                    equality proof, the relay's record of the topic) and nothing more there.
--   query service    reads read_model (views onto the serving generation, and its own tables); writes nothing.
--
-- Every object in event_store must be owned by the command role and every object in read_model and read_model_g<N> by
-- the projector role: the grants below reach future tables through ALTER DEFAULT PRIVILEGES FOR ROLE <owner>. A
-- database whose schemas were made by another user first needs REASSIGN OWNED (docs/operations.md).

\set ON_ERROR_STOP on

-- the roles: created once, their password (re)set every run
SELECT format('CREATE ROLE %I LOGIN', :'command_role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'command_role') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'projector_role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'projector_role') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'query_role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'query_role') \gexec
ALTER ROLE :"command_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'command_password';
ALTER ROLE :"projector_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'projector_password';
ALTER ROLE :"query_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'query_password';

-- the database: nobody but these roles (and its owner) connects; only the projector creates schemas (generations)
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I, %I, %I', current_database(),
              :'command_role', :'projector_role', :'query_role') \gexec
SELECT format('GRANT CREATE ON DATABASE %I TO %I', current_database(), :'projector_role') \gexec
-- PostgreSQL 15 already gives PUBLIC no CREATE on schema public; older servers do
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- command service: owns the event store schema (its Flyway creates the tables in it)
CREATE SCHEMA IF NOT EXISTS event_store AUTHORIZATION :"command_role";
ALTER SCHEMA event_store OWNER TO :"command_role";

-- projector: owns the read-model schema (its Flyway creates read_model_g1 and the views), reads the event store
CREATE SCHEMA IF NOT EXISTS read_model AUTHORIZATION :"projector_role";
ALTER SCHEMA read_model OWNER TO :"projector_role";
GRANT USAGE ON SCHEMA event_store TO :"projector_role";
GRANT SELECT ON ALL TABLES IN SCHEMA event_store TO :"projector_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"command_role" IN SCHEMA event_store GRANT SELECT ON TABLES TO :"projector_role";

-- query service: reads read_model only (the views onto the generations run with the projector's rights)
GRANT USAGE ON SCHEMA read_model TO :"query_role";
GRANT SELECT ON ALL TABLES IN SCHEMA read_model TO :"query_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"projector_role" IN SCHEMA read_model GRANT SELECT ON TABLES TO :"query_role";
