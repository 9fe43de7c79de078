/**
 * Generations of read models: each in its own schema, the serving one exposed through the views in {@code read_model},
 * switched in one transaction.
 */
package io.shiporskip.projector.generations;
