/** Development JWTs for local use and tests. */
package io.shiporskip.infra.tokens;
