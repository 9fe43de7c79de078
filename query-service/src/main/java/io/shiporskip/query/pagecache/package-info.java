/** Pages and cards served from memory, validated by the read model's serving version (LISTEN/NOTIFY). */
package io.shiporskip.query.pagecache;
