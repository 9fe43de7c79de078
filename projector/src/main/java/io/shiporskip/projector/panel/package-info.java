/** The panel read model: each persona's current take on each tool, and whether it is hidden. */
package io.shiporskip.projector.panel;
