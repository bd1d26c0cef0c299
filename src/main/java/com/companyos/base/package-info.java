/**
 * What every feature reuses: shared value types ({@link com.companyos.base.RegionId}, {@link com.companyos.base.Zone},
 * {@link com.companyos.base.Role}), the clock, the embedded database support both roles start on, and the console's
 * main layout and shared UI components ({@code base.ui}).
 *
 * <p>Open module: every other module, the agent included, may use any of its packages. It depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN, allowedDependencies = {})
package com.companyos.base;
