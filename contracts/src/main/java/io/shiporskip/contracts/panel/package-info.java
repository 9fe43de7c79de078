/** Events about panel reviews: the five personas' scores, verdicts and takes. */
package io.shiporskip.contracts.panel;
