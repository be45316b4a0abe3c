/**
 * `npm run bench` (second part): the editor in a real browser (Debian Chromium) against the built server.
 * - keystroke-to-render: on a procedure with 100 dossier components, the time from a key press in the name
 *   field to the frame after React has re-rendered the form (keydown → requestAnimationFrame → task), over
 *   40 key presses; goal under 50 ms;
 * - the JavaScript an editor page loads (bytes on the wire, compressed, and decoded).
 * Builds the app first when build/ is missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "../tests/e2e/chromium";
import { startServer } from "../tests/e2e/server";

const root = process.cwd();
if (!existsSync(join(root, "build", "server", "index.js"))) {
  const built = spawnSync(join(root, "node_modules", ".bin", "remix"), ["vite:build"], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const PASSWORD = "mat-khau-bench-editor-1";
const server = await startServer();
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(join(root, "node_modules", ".bin", "tsx"), ["app/cli/main.ts", ...args], {
    env: { ...process.env, DATABASE_URL: server.databasePath, ...env },
    encoding: "utf8",
  });
const added = cli(["user", "add", "--username", "bench.editor", "--role", "editor"], { NIEMYET_PASSWORD: PASSWORD });
if (added.status !== 0) throw new Error(added.stderr);

const browser = await launchChromium();
try {
  const context = await browser.newContext({ locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Tên đăng nhập").fill("bench.editor");
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL("**/admin");

  // A procedure with 100 dossier components, saved through the editor's own action.
  const procedure = JSON.parse(readFileSync("catalog/procedures/1.001193.json", "utf8"));
  procedure.cases = [
    {
      name: "Hồ sơ gồm 100 giấy tờ (đo hiệu năng)",
      components: Array.from({ length: 100 }, (_, i) => ({ name: `Giấy tờ số ${i + 1}`, originals: 1, copies: i % 3, required: i % 2 === 0 })),
    },
  ];
  const saved = await page.evaluate(async (body) => {
    // The revision the save starts from: the sample catalog's first.
    const form = new URLSearchParams({ body: JSON.stringify(body), note: "bench", baseRevision: "1" });
    const res = await fetch("/admin/procedure/1.001193", { method: "POST", body: form, redirect: "manual" });
    return res.status;
  }, procedure);
  if (saved >= 400) throw new Error(`saving the 100-component procedure answered ${saved}`);

  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const types = new Map<string, string>();
  let scriptWire = 0;
  let scriptDecoded = 0;
  cdp.on("Network.responseReceived", (e: { requestId: string; type: string }) => types.set(e.requestId, e.type));
  cdp.on("Network.dataReceived", (e: { requestId: string; dataLength: number }) => {
    if (types.get(e.requestId) === "Script") scriptDecoded += e.dataLength;
  });
  cdp.on("Network.loadingFinished", (e: { requestId: string; encodedDataLength: number }) => {
    if (types.get(e.requestId) === "Script") scriptWire += e.encodedDataLength;
  });
  await page.goto(`${server.baseUrl}/admin/procedure/1.001193`, { waitUntil: "networkidle" });
  await page.waitForFunction(() => Object.keys(document.querySelector("#root_name") ?? {}).some((k) => k.startsWith("__reactFiber")));
  const components = await page.locator('[id^="root_cases_0_components_"][id$="_name"]').count();

  await page.evaluate(() => {
    const w = window as unknown as { latencies: number[] };
    w.latencies = [];
    document.querySelector("#root_name")!.addEventListener("keydown", () => {
      const start = performance.now();
      requestAnimationFrame(() => setTimeout(() => w.latencies.push(performance.now() - start), 0));
    });
  });
  await page.locator("#root_name").click();
  await page.keyboard.press("End");
  await page.keyboard.type(" và đo thời gian gõ phím trong trình soạn", { delay: 60 });
  await page.waitForTimeout(300);
  const latencies = (await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies)).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))];
  console.log(`\nEditor (Debian Chromium, headless, procedure with ${components} dossier components)`);
  console.log(`keystroke-to-render ${String(latencies.length).padStart(5)} keys    median ${at(0.5).toFixed(2).padStart(8)} ms   p95 ${at(0.95).toFixed(2).padStart(8)} ms`);
  console.log(`editor page JavaScript: ${(scriptWire / 1024).toFixed(1)} KiB on the wire (compressed), ${(scriptDecoded / 1024).toFixed(1)} KiB decoded`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
