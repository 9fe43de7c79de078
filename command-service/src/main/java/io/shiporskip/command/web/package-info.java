/** HTTP plumbing of the write side: sending commands with their actor, security rules, failure mapping. */
package io.shiporskip.command.web;
