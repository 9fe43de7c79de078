/** Vote trends per tool (dense UTC buckets, JSON or CSV) and top movers, for analysts and moderators. */
package io.shiporskip.query.analytics;
