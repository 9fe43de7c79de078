/**
 * The web app for people (voters, moderators, analysts): static pages under {@code /app/}, served with the routes
 * {@code /}, {@code /compare/{id}} and {@code /console}, calling only the public API of the three services. What the
 * browser needs to know of the deployment (where the command service and the projector are) comes from
 * {@code GET /ui/config}.
 */
package io.shiporskip.query.webapp;
