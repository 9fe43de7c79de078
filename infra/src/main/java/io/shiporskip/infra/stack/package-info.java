/** The local stack launcher and the services as child processes. */
package io.shiporskip.infra.stack;
