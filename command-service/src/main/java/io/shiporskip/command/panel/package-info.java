/** Panel reviews: one take per (tool, persona), revised, withdrawn, hidden and unhidden. */
package io.shiporskip.command.panel;
