/** How far the read models are behind the topic: per partition, in events and in seconds. */
package io.shiporskip.projector.lag;
