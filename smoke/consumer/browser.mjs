// The browser entry: bundled by esbuild (platform browser) into the page that Chromium loads from 127.0.0.1.
// The fixture server's URL is the page's `?fixture=` parameter; the outcome goes to `window.__smoke`.
import { runChecks } from './checks.mjs';

const base = new URL(location.href).searchParams.get('fixture');
window.__smoke = runChecks(base).then(
  (results) => ({ runtime: navigator.userAgent, results }),
  (e) => ({ runtime: navigator.userAgent, error: String(e) }),
);
