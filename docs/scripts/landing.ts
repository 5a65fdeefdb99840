/**
 * The landing page: plain HTML and one stylesheet, no script. Everything it states about an API (version,
 * operation count, hash) comes from the SiteModel, which reads it from the specs.
 */
import type { ApiInfo, PackageInfo, SiteModel } from './model.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double-quoted attributes. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function counts(api: ApiInfo) {
  const operations = api.operations.filter((o) => o.kind === 'operation').length;
  const webhooks = api.operations.filter((o) => o.kind === 'webhook').length;
  return { operations, webhooks };
}

function apiBlock(api: ApiInfo): string {
  const { operations, webhooks } = counts(api);
  const rows = api.operations
    .map(
      (o) => `          <tr>
            <td><span class="method method-${esc(o.method.toLowerCase())}">${esc(o.method)}</span></td>
            <td><code>${esc(o.path)}</code>${o.kind === 'webhook' ? ' <span class="badge">webhook</span>' : ''}</td>
            <td>${esc(o.summary ?? o.operationId ?? '')}</td>
          </tr>`,
    )
    .join('\n');
  return `      <section class="api" id="api-${esc(api.name)}" data-api="${esc(api.name)}">
        <h4><a href="${esc(api.name)}/">${esc(api.title)}</a></h4>
${api.summary ? `        <p>${esc(api.summary)}</p>\n` : ''}        <dl class="facts">
          <div><dt>version</dt><dd data-field="version">${esc(api.version)}</dd></div>
          <div><dt>operations</dt><dd><span data-field="operations">${operations}</span>${
            webhooks ? ` + <span data-field="webhooks">${webhooks}</span> ${webhooks === 1 ? 'webhook' : 'webhooks'}` : ''
          }</dd></div>
          <div><dt>bundled sha256</dt><dd><code data-field="sha256" title="matches the header of ${esc(api.metaFile)}">${esc(api.sha256)}</code></dd></div>
        </dl>
        <p class="muted">spec <code>${esc(api.root)}</code> · <code>${esc(api.name)}</code> in <code>redocly.yaml</code></p>
        <p class="links">
          <a class="button" href="${esc(api.name)}/">API reference</a>
          <a href="${esc(api.name)}/openapi.yaml" download>openapi.yaml</a>
          <a href="${esc(api.name)}/openapi.json" download>openapi.json</a>
        </p>
        <details>
          <summary>${plural(operations + webhooks, 'operation')}</summary>
          <table class="ops">
            <thead><tr><th>method</th><th>path</th><th>summary</th></tr></thead>
            <tbody>
${rows}
            </tbody>
          </table>
        </details>
      </section>`;
}

function packageCard(pkg: PackageInfo): string {
  const intro = `        <div>
          <h3>${esc(pkg.name)} <span class="version">${esc(pkg.version)}</span></h3>
          <p>${esc(pkg.description)}</p>
          <pre class="install"><code>pnpm add ${esc(pkg.name)}</code></pre>
        </div>`;
  const quickStart = pkg.quickStart
    ? `
        <div>
          <h4>Quick start</h4>
          <pre class="code"><code class="language-ts">${esc(pkg.quickStart)}</code></pre>
        </div>`
    : '';
  const apis = pkg.apis.length ? `      <div class="apis">\n${pkg.apis.map(apiBlock).join('\n')}\n      </div>\n` : '';
  return `    <article class="card" id="pkg-${esc(pkg.dir)}" data-package="${esc(pkg.name)}">
      <div class="card-intro${pkg.quickStart ? '' : ' no-code'}">
${intro}${quickStart}
      </div>
${apis}    </article>`;
}

export function renderLanding(site: SiteModel): string {
  const nav = site.apis
    .map((a) => `        <li><a href="${esc(a.name)}/">${esc(a.title)}</a> <span class="muted">${esc(a.name)}</span></li>`)
    .join('\n');
  const unpublished = site.unpublishedApis.length
    ? `
    <section id="specs">
      <h2>Specs without a published package yet</h2>
      <div class="cards">
        <article class="card">
          <p>These specs are in <code>redocly.yaml</code>; their packages are not published yet.</p>
          <div class="apis">
${site.unpublishedApis.map(apiBlock).join('\n')}
          </div>
        </article>
      </div>
    </section>
`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>gamestore: typed API clients for game-commerce platforms</title>
  <meta name="description" content="Typed API clients for game-commerce platforms, generated from hand-written OpenAPI 3.1 specs.">
  <link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="assets/site.css">
</head>
<body>
  <header class="hero">
    <div class="wrap">
      <h1><img src="assets/favicon.svg" alt="" width="40" height="40"> gamestore</h1>
      <p class="lede">Typed API clients for game-commerce platforms.</p>
      <p>Each client is generated from a hand-written OpenAPI 3.1 spec of the provider's documented API and tested
        against the provider's documented behaviour. Large integers (<code>int64</code>) arrive as strings, so no digit
        is ever lost. The published packages run on Node.js 20, 22 and 24.</p>
      <nav aria-label="API references">
        <h2>API references</h2>
        <ul>
${nav}
        </ul>
      </nav>
    </div>
  </header>
  <main class="wrap">
    <section id="packages">
      <h2>Packages</h2>
      <div class="cards">
${site.packages.map(packageCard).join('\n')}
      </div>
    </section>
${unpublished}  </main>
  <footer class="wrap">
    <p>Built from <code>redocly.yaml</code>: one reference page per spec, rendered by Redocly. Versions, operation counts
      and hashes are read from the bundled specs; each hash matches the header of the package's generated code.</p>
  </footer>
</body>
</html>
`;
}
