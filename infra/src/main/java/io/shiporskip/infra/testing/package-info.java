/** What every module's integration tests use: one real broker per JVM, a fresh topic and database per test class. */
package io.shiporskip.infra.testing;
