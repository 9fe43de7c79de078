/** The query service: REST reads over the read models the projector keeps. */
package io.shiporskip.query;
