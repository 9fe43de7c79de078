/** What moderators look at before they act: tools with unusual vote bursts and the voters behind them. */
package io.shiporskip.query.moderation;
