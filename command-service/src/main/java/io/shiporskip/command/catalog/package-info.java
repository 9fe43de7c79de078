/** The tool catalog: listing tools, and the registry the other features consult. */
package io.shiporskip.command.catalog;
