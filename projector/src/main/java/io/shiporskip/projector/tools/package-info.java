/** The tool card read model: a tool's catalog fields and its community tally. */
package io.shiporskip.projector.tools;
