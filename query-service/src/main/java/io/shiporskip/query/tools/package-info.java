/** Tool cards: a tool's fields, its panel verdict, its community tally and its reviews. */
package io.shiporskip.query.tools;
