/** Events about the tool catalog: listing and editing tools, comparisons, voting locks. */
package io.shiporskip.contracts.catalog;
