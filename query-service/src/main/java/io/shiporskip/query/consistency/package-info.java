/** Read-your-writes: answering only once a command's consistency token is reflected in the read models. */
package io.shiporskip.query.consistency;
