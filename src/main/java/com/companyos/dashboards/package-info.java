/**
 * Dashboards: the overview every signed-in person lands on, and (later) the executive, residency and posture
 * dashboards. Reads other modules through their services only. Depends on {@code base} and {@code regions}.
 */
package com.companyos.dashboards;
