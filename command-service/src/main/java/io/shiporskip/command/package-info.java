/** The write side of Ship or Skip: commands in, events stored, events relayed. */
package io.shiporskip.command;
