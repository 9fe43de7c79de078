/** Vote activity per tool and UTC hour, for trends, movers and tallies as of any instant. */
package io.shiporskip.projector.trends;
