/** Benchmarks: commands that measure the running services against baselines taken in the same run. */
package io.shiporskip.infra.bench;
