package io.shiporskip.contracts.catalog;

public enum PricingModel {
    FREE, FREEMIUM, PAID, OPEN_SOURCE
}
