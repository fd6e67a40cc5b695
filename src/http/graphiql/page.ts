import { ASSET_NAMES, type GraphiqlAssets } from './assets.js';

/** The props this page hands to `YogaGraphiQL.renderYogaGraphiQL` (GraphQL Yoga's GraphiQL wrapper). */
export interface GraphiqlPageOptions {
  /** The GraphQL endpoint the page queries and introspects, e.g. `/graphql`. */
  endpoint: string;
  /** Shown in the tab title and the top-right corner. Plain text. */
  title: string;
  /** The operation of the first tab (later visits restore the user's own tabs from localStorage). */
  defaultQuery: string;
  /** Where the assets are mounted, e.g. `/graphiql/assets`. */
  assetsPath: string;
}

/**
 * A small HTML document that loads GraphiQL from the gateway's own origin: stylesheet, script and the
 * Monaco editor's web workers all come from `assetsPath`, so the page works with no internet access.
 */
export function renderGraphiqlPage(assets: GraphiqlAssets, options: GraphiqlPageOptions): string {
  const base = `${options.assetsPath}/${assets.version}`;
  const url = (name: string) => escapeHtml(`${base}/${name}`);
  const props = {
    endpoint: options.endpoint,
    title: escapeHtml(options.title), // Yoga renders the title as HTML
    defaultQuery: options.defaultQuery,
  };
  const workers = {
    editorWorkerService: `${base}/${ASSET_NAMES.editorWorker}`,
    json: `${base}/${ASSET_NAMES.jsonWorker}`,
    graphql: `${base}/${ASSET_NAMES.graphqlWorker}`,
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${escapeHtml(options.title)}</title>
    <link rel="icon" href="${url(ASSET_NAMES.favicon)}" />
    <link rel="stylesheet" href="${url(ASSET_NAMES.style)}" />
  </head>
  <body class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript. Without it, POST GraphQL requests to ${escapeHtml(options.endpoint)}.</noscript>
    <div id="root" style="height: 100vh"></div>
    <script>
      // Monaco starts its language workers from these same-origin URLs (classic worker scripts).
      const workers = ${scriptJson(workers)};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] };
    </script>
    <script src="${url(ASSET_NAMES.script)}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${scriptJson(props)});
    </script>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside an inline <script>: no `</script>`, `<!--` or line separators can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
