/** HTTP plumbing of the read side. */
package io.shiporskip.query.web;
