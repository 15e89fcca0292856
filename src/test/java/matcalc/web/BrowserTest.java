package matcalc.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: headless Chromium driven by Selenium types into the student's
 * page and the teacher's page served by {@link WebServer}, and reads what they show. Skipped where
 * Chromium or its driver is missing, unless the environment says {@code MATCALC_BROWSER=required}
 * (CI installs both and says so). {@code -Dmatcalc.screenshots=DIR} also saves the screenshots of
 * the README (examples/web/) there.
 */
class BrowserTest {
    static final Path CHROMIUM = program("MATCALC_CHROMIUM", "chromium");
    static final Path CHROMEDRIVER = program("MATCALC_CHROMEDRIVER", "chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    static WebServer server;
    static ChromeDriver driver;
    static String base;

    static final String LOGISTIC_LET = "x: n; W: d x n; b, y: d; y_hat = softmax(W x + b)";
    static final String LOGISTIC_EXPR = "-sum(y .* log(y_hat))";

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "no headless browser: " + CHROMIUM + " and " + CHROMEDRIVER + " must both exist"
                    + " (Debian packages chromium and chromium-driver)";
            if ("required".equals(System.getenv("MATCALC_BROWSER"))) fail(why + ", and MATCALC_BROWSER=required");
            Assumptions.assumeTrue(false, why);
        }
        server = WebServer.start("127.0.0.1", 0);
        base = server.uri().toString();
        // the driver and the browser named explicitly: Selenium Manager never looks for them (no network)
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1000,1000", "--lang=en-US", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.close();
    }

    @BeforeEach
    void freshPage() {
        driver.get("about:blank");
        driver.get(base);
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("expr")));
        driver.manage().logs().get(LogType.BROWSER);   // drop what earlier pages logged
    }

    /** Neither page logs an error to the console: no script error, no request the CSP refuses, no 404. */
    @AfterEach
    void noConsoleErrors() {
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                // a request the page makes on purpose and the server refuses (a typo: HTTP 400) is logged by Chromium too
                .filter(e -> !e.getMessage().matches("(?s).*/api/\\w+ - Failed to load resource: the server responded with a status of 400.*"))
                .collect(Collectors.toList());
        assertTrue(severe.isEmpty(), () -> "the browser's console: " + severe);
    }

    @Test
    void typesAnExpressionAndSeesTheRenderedDerivative() {
        type("let", "x, w: n; y: scalar");
        type("expr", "(w");
        driver.findElement(By.cssSelector("#palette button[data-insert='ᵀ']")).click();   // the palette, at the caret
        driver.findElement(By.id("expr")).sendKeys(" x - y)^2");
        assertEquals("(wᵀ x - y)^2", value("expr"));
        type("wrt", "w");
        WebElement math = derivative("2 (wᵀ x − y) xᵀ");
        assertFalse(math.findElements(By.cssSelector(".katex")).isEmpty(), "KaTeX rendered the derivative");
        String shown = math.findElement(By.cssSelector(".katex-html")).getText();
        assertTrue(shown.contains("2") && shown.contains("⊤"), shown);
        String caption = text("#result .derivative .caption");
        assertTrue(caption.contains("∂f/∂w") && caption.contains("shape 1×n (numerator layout)"), caption);
        assertEquals("checked against finite differences at 3 random points", text("#result .verification"));
        screenshot("derivative", "body");
    }

    @Test
    void aTypoIsHighlightedInTheExpression() {
        type("expr", "sum(sofmax(x))");
        type("wrt", "x");
        WebElement mark = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#error mark.span")));
        assertEquals("sofmax", mark.getText());
        assertTrue(text("#error").contains("unknown function 'sofmax': did you mean softmax?"), text("#error"));
        assertEquals("sofmax", driver.findElement(By.cssSelector("#expr-mirror mark.span")).getAttribute("textContent"));
        assertEquals("true", driver.findElement(By.id("expr")).getAttribute("aria-invalid"));
        assertTrue(driver.findElements(By.cssSelector("#result .katex")).isEmpty(), "no derivative beside an error");
        screenshot("error", "body");
        // corrected, the mark goes and the derivative comes
        WebElement expr = driver.findElement(By.id("expr"));
        expr.clear();
        expr.sendKeys("sum(softmax(x))");
        derivative("0");
        assertTrue(driver.findElements(By.cssSelector("#expr-mirror mark.span")).isEmpty());
        assertFalse(driver.findElement(By.id("error")).isDisplayed());
    }

    @Test
    void aShapeErrorInTheDeclarationsIsHighlightedThere() {
        type("let", "x: n; W: d x k; h = W x");
        type("expr", "sum(h)");
        type("wrt", "x");
        WebElement mark = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#error mark.span")));
        assertEquals("W x", mark.getText());
        assertTrue(text("#error").contains("shape mismatch: W is d×k, so W x needs x of length k, but x has length n"), text("#error"));
        assertTrue(text("#error").startsWith("Declarations"), text("#error"));
        assertEquals("W x", driver.findElement(By.cssSelector("#let-mirror mark.span")).getAttribute("textContent"));
        assertTrue(driver.findElements(By.cssSelector("#expr-mirror mark.span")).isEmpty());
    }

    @Test
    void aWrongAnswerGetsItsDiagnosis() {
        type("let", LOGISTIC_LET);
        type("assume", "sum(y) = 1");
        type("expr", LOGISTIC_EXPR);
        type("wrt", "b");
        derivative("(ŷ − y)ᵀ");
        type("answer", "y_hat - y");
        driver.findElement(By.id("check")).click();
        WebElement verdict = waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diagnosis .verdict")));
        assertTrue(verdict.getAttribute("class").contains("wrong"));
        String diagnosis = text("#diagnosis .diagnosis-message");
        assertEquals("your answer is d×1; in numerator layout ∂f/∂b is 1×d — it is the transpose (you wrote the gradient"
                + " as a column, as in denominator layout; grading with layout either accepts that)", diagnosis);
        assertFalse(driver.findElements(By.cssSelector("#diagnosis .diagnosis-details")).isEmpty(), "the shapes, listed");
        screenshot("check", "#result-heading");
        // with either layout, the same answer is right
        driver.findElement(By.id("either")).click();
        driver.findElement(By.id("check")).click();
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diagnosis .verdict.correct")));
        // a flipped sign, with its expressions rendered
        driver.findElement(By.id("either")).click();
        type("answer", "(y - y_hat)'");
        driver.findElement(By.id("answer")).sendKeys("\n");   // Enter checks too
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#diagnosis"), "the sign is flipped"));
        assertFalse(driver.findElements(By.cssSelector("#diagnosis .verdict.wrong .katex")).isEmpty());
    }

    @Test
    void aSharedLinkOpensTheSameProblem() {
        type("let", LOGISTIC_LET);
        type("assume", "sum(y) = 1");
        type("expr", LOGISTIC_EXPR);
        type("wrt", "W");
        new Select(driver.findElement(By.id("layout"))).selectByValue("denominator");
        type("answer", "(y_hat - y) x'");
        derivative("(ŷ − y) xᵀ");
        driver.findElement(By.id("share")).click();
        String url = filled("share-url");
        assertTrue(url.startsWith(base + "#"), url);

        driver.get("about:blank");
        driver.get(url);
        derivative("(ŷ − y) xᵀ");
        assertEquals(LOGISTIC_LET, value("let"));
        assertEquals("sum(y) = 1", value("assume"));
        assertEquals(LOGISTIC_EXPR, value("expr"));
        assertEquals("W", value("wrt"));
        assertEquals("denominator", value("layout"));
        assertEquals("(y_hat - y) x'", value("answer"));
        // the answer in the link is checked on opening
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diagnosis .verdict.correct")));
    }

    @Test
    void theLayoutSwitchChangesTheResult() {
        type("let", "x, w: n");
        type("expr", "w' x");
        type("wrt", "w");
        derivative("xᵀ");
        assertTrue(text("#result .caption").contains("shape 1×n (numerator layout)"));
        new Select(driver.findElement(By.id("layout"))).selectByValue("denominator");
        derivative("x");
        assertTrue(text("#result .caption").contains("shape n×1 (denominator layout)"), text("#result .caption"));
    }

    @Test
    void copiesTheLatexAndGeneratesCode() {
        type("let", "x, w: n; y: scalar");
        type("expr", "(w' x - y)^2");
        type("wrt", "w");
        derivative("2 (wᵀ x − y) xᵀ");
        driver.findElement(By.id("copy-latex")).click();
        String latex = filled("latex-out");
        assertEquals("\\frac{\\partial}{\\partial \\mathbf{w}}\\left[\\left(\\mathbf{w}^\\top \\mathbf{x} - y\\right)^{2}\\right]"
                + " = 2 \\left(\\mathbf{w}^\\top \\mathbf{x} - y\\right) \\mathbf{x}^\\top", latex);
        new Select(driver.findElement(By.id("target"))).selectByValue("numpy");
        driver.findElement(By.id("codegen")).click();
        WebElement code = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
        assertTrue(code.getText().contains("import numpy as np") && code.getText().contains("def "), code.getText());
    }

    @Test
    void valuesAtAPoint() {
        type("let", "x, w: n; y: scalar");
        type("expr", "(w' x - y)^2");
        type("wrt", "w");
        derivative("2 (wᵀ x − y) xᵀ");
        driver.findElement(By.cssSelector("#values-box summary")).click();
        setValue("at", "{\"x\": [1, 2], \"w\": [3, 4], \"y\": 1}");
        // (wᵀ x − y)^2 = (3 + 8 − 1)^2 = 100; its gradient 2 (wᵀ x − y) xᵀ = [20, 40]
        WebElement value = waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#result .derivative .value")));
        assertEquals("at the point: [20 40]", value.getText().replaceAll("\\s+", " ").replace("[ ", "[").replace(" ]", "]"));
        assertEquals("f at the point: 100", text("#result .function + .value").replaceAll("\\s+", " "));
        // a point of the wrong size is an error of the point
        setValue("at", "{\"x\": [1, 2, 3], \"w\": [3, 4], \"y\": 1}");
        waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertTrue(driver.findElements(By.cssSelector("#result .derivative")).isEmpty());
    }

    @Test
    void theStepsShowEachFactorWithItsShape() {
        type("let", "x: n; W: d x n; b, y: d; y_hat = softmax(W x + b); L = -sum(y .* log(y_hat))");
        type("assume", "sum(y) = 1");
        type("expr", "L");
        type("wrt", "W");
        derivative("(ŷ − y) xᵀ");
        driver.findElement(By.cssSelector("#steps-box summary")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#steps .derivation .factors")));
        List<String> shapes = driver.findElements(By.cssSelector("#steps .factors td.shape")).stream()
                .map(WebElement::getText).collect(Collectors.toList());
        assertEquals(List.of("1×d", "d×d", "d×n"), shapes);
        assertTrue(text("#steps .factors").contains("d-softmax"), text("#steps .factors"));
        assertEquals("∂L/∂W = δ ∂u1/∂W with δ = ∂L/∂u1 = ∂L/∂ŷ ∂ŷ/∂u1", text("#steps .factors tr.chain"));
        assertTrue(text("#steps .simplification").contains("factor-transpose-difference"));
        screenshot("steps", "#steps-box");
    }

    @Test
    void theHessianPanelShowsTheSecondDerivativesAndFollowsTheInputs() {
        type("let", "x, y: n; A: n x n");
        type("expr", "xᵀ A x");
        type("wrt", "x");
        derivative("xᵀ (A + Aᵀ)", "xᵀ (Aᵀ + A)");
        driver.findElement(By.cssSelector("#hessian-box summary")).click();
        hessian("Aᵀ + A", "A + Aᵀ");
        assertTrue(text("#hessian .caption").contains("∂²f/∂x∂xᵀ"), text("#hessian .caption"));
        assertTrue(text("#hessian .verification").contains("finite differences"), text("#hessian .verification"));
        screenshot("hessian", "#hessian-box");
        // a second variable in wrt: the mixed second derivative ∂/∂y (∂f/∂x)ᵀ, as the panel says
        type("expr", "xᵀ A y");
        type("wrt", "x, y");
        hessian("A");
        assertTrue(text("#hessian .caption").contains("∂/∂y (∂f/∂x)ᵀ"), text("#hessian .caption"));
        // a vector function has no Hessian: the panel says why
        type("expr", "A x");
        type("wrt", "x");
        waitFor(d -> text("#hessian").startsWith("No Hessian: ") ? true : null);
    }

    /** Waits until the Hessian panel shows a result whose Unicode text is one of texts. */
    static WebElement hessian(String... texts) {
        return shown("#hessian .hessian-result .tex-display", texts);
    }

    @Test
    void theTeachersPageGradesACsv() throws IOException {
        driver.get(base + "teacher");
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("problems")));
        setValue("problems", """
                problem: hadamard
                points: 1
                let: x, y: n
                expr: x ⊙ y
                wrt: x

                problem: logistic-b
                points: 2
                let: x: n; W: d x n; b, y: d; ŷ = softmax(W x + b)
                assume: sum(y) = 1
                expr: -sum(y ⊙ log(softmax(W x + b)))
                wrt: b
                """);
        setValue("submissions", """
                student,problem,answer
                ana,hadamard,diag(y)
                ana,logistic-b,(ŷ − y)ᵀ
                bruno,hadamard,y
                bruno,logistic-b,"(y − ŷ)ᵀ"
                """);
        driver.findElement(By.id("grade")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#report table.students")));
        String students = text("#report table.students");
        assertTrue(students.contains("ana") && students.contains("3/3"), students);
        assertTrue(students.contains("bruno") && students.contains("0/3"), students);
        assertTrue(students.contains("the sign is flipped"), students);
        String problems = text("#report table.problems");
        assertTrue(problems.contains("hadamard") && problems.contains("correct 1"), problems);
        screenshot("teacher", "#class-heading");

        // one answer at a time
        new Select(driver.findElement(By.id("one-problem"))).selectByValue("logistic-b");
        setValue("one-answer", "ŷ - y");
        driver.findElement(By.id("one-check")).click();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("one-result"), "it is the transpose"));
    }

    // ---- helpers

    /** The program the environment variable names, else /usr/bin/NAME (Debian's), else the first NAME on the PATH. */
    static Path program(String variable, String name) {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) return Path.of(given);
        Path debian = Path.of("/usr/bin", name);
        if (Files.isExecutable(debian)) return debian;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return debian;
    }

    static <T> T waitFor(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        // the page replaces what it shows as answers come: an element found a moment ago may be gone
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    static void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** Sets a long value at once (typing it key by key takes seconds) and tells the page. */
    static void setValue(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", e, text);
    }

    static String value(String id) {
        return driver.findElement(By.id(id)).getAttribute("value");
    }

    /** The value of a field once the page has filled it in. */
    static String filled(String id) {
        return waitFor(d -> {
            String v = d.findElement(By.id(id)).getAttribute("value");
            return v.isEmpty() ? null : v;
        });
    }

    static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** Waits until #result shows a derivative whose Unicode text is one of texts; returns its math. */
    static WebElement derivative(String... texts) {
        return shown("#result .derivative .tex-display", texts);
    }

    /** Waits until an element css selects shows math whose Unicode text is one of texts; returns it. */
    static WebElement shown(String css, String... texts) {
        List<String> wanted = List.of(texts);
        return waitFor(d -> {
            for (WebElement m : d.findElements(By.cssSelector(css))) {
                if (wanted.contains(m.getAttribute("data-text"))) return m;
            }
            return null;
        });
    }

    /** With -Dmatcalc.screenshots=DIR, saves the window, scrolled to the element css names, as DIR/web-NAME.png. */
    static void screenshot(String name, String css) {
        String dir = System.getProperty("matcalc.screenshots");
        if (dir == null || dir.isBlank()) return;
        try {
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -8);",
                    driver.findElement(By.cssSelector(css)));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.createDirectories(Path.of(dir));
            Files.copy(shot.toPath(), Path.of(dir, "web-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError("could not save the screenshot " + name, e);
        }
    }
}
