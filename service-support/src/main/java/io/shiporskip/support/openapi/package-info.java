/** The OpenAPI document's shared parts. */
package io.shiporskip.support.openapi;
