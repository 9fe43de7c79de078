/**
 * Read-model forms shared by the projector (which writes them) and the query service (which reads them): the one
 * owner of what each side may assume about the other's rows.
 */
package io.shiporskip.contracts.history;
