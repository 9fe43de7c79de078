/** PostgreSQL for local runs and tests: a reachable server, or an embedded one where none answers. */
package io.shiporskip.infra.postgres;
