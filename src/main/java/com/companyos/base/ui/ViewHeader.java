package com.companyos.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/**
 * The row at the top of a view: its title on the left, its controls and actions on the right, wrapping onto a second
 * line on a narrow screen. One implementation so every view's header aligns the same way.
 */
public class ViewHeader extends HorizontalLayout {

    private final H2 title;

    public ViewHeader(String title, Component... actions) {
        this.title = new H2(title);
        add(this.title);
        add(actions);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        setWidthFull();
        setWrap(true);
        expand(this.title);
        addClassName("view-header");
    }

    public void setTitle(String text) {
        title.setText(text);
    }
}
