/** The projector's HTTP surface: probes, metrics and (later) the admin API. */
package io.shiporskip.projector.web;
