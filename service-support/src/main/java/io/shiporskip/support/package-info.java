/** Spring plumbing the three services share: JWT security with the contract's claims, RFC 9457 problem details. */
package io.shiporskip.support;
