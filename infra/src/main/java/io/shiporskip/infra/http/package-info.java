/** A minimal JSON HTTP client over java.net.http. */
package io.shiporskip.infra.http;
