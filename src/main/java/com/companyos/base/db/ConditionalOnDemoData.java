package com.companyos.base.db;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Demo data (accounts with a published password, the demo tenant) switched by a property that is {@code auto} by
 * default: {@code true} on, {@code false} off, {@code auto} on only with the embedded database (no
 * {@code spring.datasource.url}), so a console given a database of its own never gets them unasked.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Conditional(ConditionalOnDemoData.OnDemoData.class)
public @interface ConditionalOnDemoData {

    /** The property that switches this demo data. */
    String value();

    /** Whether the named property asks for demo data here. */
    final class OnDemoData implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String property = (String) metadata.getAnnotationAttributes(ConditionalOnDemoData.class.getName()).get("value");
            String setting = context.getEnvironment().getProperty(property, "auto");
            return "true".equals(setting)
                    || "auto".equals(setting) && context.getEnvironment().getProperty("spring.datasource.url", "").isEmpty();
        }
    }
}
