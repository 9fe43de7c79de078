/** Comparison pages: the list, and one page with its tools' cards in page order. */
package io.shiporskip.query.comparisons;
