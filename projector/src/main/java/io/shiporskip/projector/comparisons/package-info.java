/** The comparison read model: each comparison's title and tools in page order. */
package io.shiporskip.projector.comparisons;
