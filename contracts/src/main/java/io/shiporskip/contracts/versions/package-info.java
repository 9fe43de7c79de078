/** Every version of every event ever published, and the one decoder that upcasts them to the current records. */
package io.shiporskip.contracts.versions;
