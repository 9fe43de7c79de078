/** Events about community votes on tools. */
package io.shiporskip.contracts.community;
