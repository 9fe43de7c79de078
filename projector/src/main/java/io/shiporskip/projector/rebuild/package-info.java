/**
 * Rebuilding every read model into a new generation while the serving one keeps answering, then switching over in one
 * transaction ({@code POST /api/v1/admin/rebuilds}).
 */
package io.shiporskip.projector.rebuild;
