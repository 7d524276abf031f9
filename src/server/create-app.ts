import { Hono, type Context } from 'hono';
import type { Diagnostic } from '../core/diagnostics.js';
import type { ApiAnswer } from './api-answer.js';
import { refusal } from './api-answer.js';
import { renderEstateJson } from './estate-json.js';
import { isAllowedHost } from './host-guard.js';
import { answerExplain } from './routes/explain-route.js';
import { answerFindings } from './routes/findings-route.js';
import { answerPaths } from './routes/paths-route.js';
import { answerWhoCan } from './routes/who-can-route.js';
import { SECURITY_HEADERS } from './security-headers.js';
import type { ServedEstate } from './served-estate.js';
import type { WebBundle } from './web-bundle.js';

export interface ServerAppOptions {
  readonly served: ServedEstate;
  /** The built page; without it only the API answers (the API tests). */
  readonly bundle?: WebBundle;
  /** The port the server listens on, asked per request: with `--port 0` it is known only once listening. */
  readonly port: () => number;
  /** Where an unexpected error is logged (its stack never reaches the answer). */
  readonly onError?: (error: unknown) => void;
}

/** The page's own addresses (docs/web.md): each answers index.html, and the page reads its state from the URL. */
const PAGE_ROUTES = new Set(['/', '/explain', '/who-can', '/paths', '/findings']);

const API: Readonly<Record<string, (served: ServedEstate, params: URLSearchParams) => ApiAnswer>> = {
  '/api/explain': answerExplain,
  '/api/who-can': answerWhoCan,
  '/api/paths': answerPaths,
  '/api/findings': answerFindings,
};

/** The hono app behind `trustmap serve`: the JSON API over one loaded estate, and the built page. */
export function createServerApp(options: ServerAppOptions): Hono {
  const { served, bundle } = options;
  const app = new Hono();
  // made once, at start: the page asks for it first, and at 1,000 accounts it takes a moment
  const estateText = renderEstateJson(served);

  app.use('*', async (c, next) => {
    if (!isAllowedHost(c.req.header('host'), options.port())) {
      const port = options.port();
      return withHeaders(c, refusal(403, [{ code: 'server/forbidden-host', severity: 'error', message: `requests for host \`${c.req.header('host') ?? ''}\` are refused`, help: `open http://localhost:${port}/ or http://127.0.0.1:${port}/` }]));
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const answer = withHeaders(c, refusal(405, [{ code: 'server/method-not-allowed', severity: 'error', message: `\`${c.req.method}\` is not accepted`, help: 'every endpoint answers GET' }]));
      answer.headers.set('allow', 'GET, HEAD');
      return answer;
    }
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });

  app.get('/api/estate', (c) => {
    return send(c, { status: 200, body: estateText });
  });
  for (const [path, answer] of Object.entries(API)) app.get(path, (c) => send(c, answer(served, new URL(c.req.url).searchParams)));
  app.get('/api/*', (c) => send(c, notFound(new URL(c.req.url).pathname)));

  app.get('*', (c) => {
    const path = new URL(c.req.url).pathname;
    if (!bundle) return send(c, notFound(path));
    const file = bundle.files.get(PAGE_ROUTES.has(path) ? '/index.html' : path);
    if (!file) return send(c, notFound(path));
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': file.type, 'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
  });

  app.onError((error, c) => {
    options.onError?.(error);
    return withHeaders(c, refusal(500, [internalError()]));
  });
  return app;
}

function send(c: Context, answer: ApiAnswer): Response {
  return c.body(answer.body, answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
}

function withHeaders(c: Context, answer: ApiAnswer): Response {
  const response = send(c, answer);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

function notFound(path: string): ApiAnswer {
  return refusal(404, [{ code: 'server/not-found', severity: 'error', message: `nothing at \`${path}\``, help: 'the API is /api/estate, /api/explain, /api/who-can, /api/paths and /api/findings (docs/web.md)' }]);
}

function internalError(): Diagnostic {
  return { code: 'server/internal-error', severity: 'error', message: 'trustmap failed while answering this request', help: 'the server logged the error on its stderr; please report it' };
}
