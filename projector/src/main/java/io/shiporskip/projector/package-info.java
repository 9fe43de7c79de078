/** The projector: Kafka in, read-model tables out, offsets committed with the rows they produced. */
package io.shiporskip.projector;
