/** Health indicators the services share. */
package io.shiporskip.support.health;
