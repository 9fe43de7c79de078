/** Real local infrastructure without Docker: a Kafka broker, PostgreSQL, dev tokens, the stack launcher, test support. */
package io.shiporskip.infra;
