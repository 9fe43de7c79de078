/** The published language of Ship or Skip: event records, their versioned type names, the topic and the CloudEvents form. */
package io.shiporskip.contracts;
