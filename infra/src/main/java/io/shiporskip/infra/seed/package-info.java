/** Seed data: the real comparison page of shared/seed, loaded through the public API. */
package io.shiporskip.infra.seed;
