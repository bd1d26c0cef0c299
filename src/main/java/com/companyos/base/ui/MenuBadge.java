package com.companyos.base.ui;

/**
 * A live number next to a menu item (e.g. approvals waiting for the signed-in person). Implemented by feature
 * modules as Spring beans; the main layout shows it without importing the feature.
 */
public interface MenuBadge {

    /** The menu path it belongs to, e.g. {@code /approvals}. */
    String path();

    /** The count for the signed-in person (called with their security context); 0 hides the badge. */
    int count();

    /** The badge's Lumo theme: {@code primary} for work waiting, {@code error} for something wrong. */
    default String theme() {
        return "primary";
    }

    /** Calls {@code changed} (from any thread) whenever the count may have changed; returns how to stop. */
    Runnable subscribe(Runnable changed);
}
