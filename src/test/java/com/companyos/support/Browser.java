package com.companyos.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * One headless Debian Chromium per test JVM, driven by Playwright; each test gets its own browser context (its own
 * cookies: its own person). Playwright never downloads a browser here.
 */
public final class Browser {

    private static Playwright playwright;
    private static com.microsoft.playwright.Browser chromium;

    private Browser() {
    }

    public static synchronized BrowserContext newContext() {
        if (chromium == null) {
            Map<String, String> env = Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
            String executable = System.getProperty("companyos.test.chromium", "/usr/bin/chromium");
            if (!Files.isExecutable(Path.of(executable))) {
                throw new IllegalStateException("Chromium not found at " + executable + " (apt-get install -y chromium)");
            }
            chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get(executable))
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            Runtime.getRuntime().addShutdownHook(new Thread(Browser::close));
        }
        BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1280, 900).setAcceptDownloads(true));
        context.setDefaultTimeout(30_000);
        return context;
    }

    /** Signs in with the console's login form and waits until the console has loaded past the login page. */
    public static Page signIn(BrowserContext context, String baseUrl, String username, String password) {
        Page page = context.newPage();
        page.navigate(baseUrl + "/login");
        page.locator("input[name='username']").fill(username);
        page.locator("input[name='password']").fill(password);
        page.locator("vaadin-button[slot='submit']").click();
        page.waitForURL(url -> !url.contains("/login"));
        page.locator("[data-action='sign-out']").waitFor();
        return page;
    }

    /** Saves a screenshot under target/screenshots for a person to look at. */
    public static void screenshot(Page page, String name) {
        Path dir = Path.of("target", "screenshots");
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(true));
    }

    private static synchronized void close() {
        if (chromium != null) {
            chromium.close();
            playwright.close();
            chromium = null;
        }
    }
}
