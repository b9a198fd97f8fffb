// The teaching page in a real browser: headless Chromium (Debian's) driven by
// playwright-core. Loads the page, moves a slider and sees the numbers
// change, plays one seat to the end, uploads a malformed scenario and sees
// its located error, and saves a screenshot.
// Usage: node page_test.mjs URL SCREENSHOT.png
import { chromium } from "playwright-core";

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error("usage: node page_test.mjs URL SCREENSHOT.png");
  process.exit(2);
}
let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.setDefaultTimeout(20000);
  await page.goto(url);
  // The Ukraine baseline is chosen first; its comparison appears with numbers.
  await page.waitForSelector("#compare-table td.opt");
  const table = async () => page.locator("#compare-table").innerText();
  const before = await table();
  check(/\d+\.\d%/.test(before), "the comparison shows percentages");
  check((await page.locator("#tree svg").count()) === 1, "the tree is drawn");
  check((await page.locator("#explain").innerText()).includes("Solution concept"), "the explanation names the concept");
  const title = await page.locator("#sliders .src").first().getAttribute("title");
  check(title && title.length > 10, `a parameter shows its grounds on hover: ${title && title.slice(0, 60)}`);

  // Move the first free slider to its far end: the numbers change.
  const slider = page.locator("#sliders input[type=range]:not([disabled])").first();
  const name = await slider.getAttribute("data-name");
  await slider.evaluate((e) => { e.value = e.min; e.dispatchEvent(new Event("input", { bubbles: true })); });
  await page.waitForFunction((old) => {
    const t = document.querySelector("#compare-table");
    return t && t.innerText !== old && document.querySelector("#status").textContent.startsWith("updated");
  }, before);
  check((await table()) !== before, `moving ${name} changes the comparison`);

  // Take a seat: play the UK to the end, always the first action offered.
  await page.selectOption("#play-as", "UK");
  await page.click("#play-start");
  for (let turn = 0; turn < 20; turn++) {
    await page.waitForFunction(() =>
      document.querySelector("#play-actions button") || document.querySelector("#play-ending").style.display === "block");
    if (await page.locator("#play-ending").isVisible()) break;
    await page.locator("#play-actions button").first().click();
    await page.waitForTimeout(50);
  }
  const ending = await page.locator("#play-ending").innerText();
  check(/Outcome:/.test(ending) && /Payoffs:/.test(ending), "a seat played to the end shows the outcome and payoffs");
  check(/agreed with the equilibrium|had no move/.test(ending), "the end compares the play with the equilibrium");
  check((await page.locator("#play-log li.seat").count()) >= 1, "the seat's own moves are told");

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: true });

  // A malformed scenario, uploaded: its error with line and column.
  await page.click("#upload summary");
  await page.fill("#upload-text", "schema: backstop/1\nname: broken\nactors: [US, UK\n");
  await page.click("#upload-load");
  await page.waitForSelector("#error", { state: "visible" });
  const error = await page.locator("#error").innerText();
  check(/^upload\.yaml:\d+:\d+: error: /.test(error), `the upload's error is located: ${error.split("\n")[0]}`);
} finally {
  await browser.close();
}
console.log(failures ? `browser: ${failures} failed` : "browser: all passed");
process.exit(failures ? 1 : 0);
