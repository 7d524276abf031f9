import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Diagnostic } from '../core/diagnostics.js';
import { createServerApp } from './create-app.js';
import type { ServedEstate } from './served-estate.js';
import type { WebBundle } from './web-bundle.js';

/** Only this machine: the server binds the loopback address and nothing else. */
export const SERVER_HOST = '127.0.0.1';

export interface RunningServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** Stops listening and ends open connections (keep-alive ones too). */
  close(): Promise<void>;
}

export interface StartServerOptions {
  readonly served: ServedEstate;
  readonly bundle?: WebBundle;
  /** 0 picks a free port. */
  readonly port: number;
  readonly onError?: (error: unknown) => void;
}

export type StartServerResult = { readonly ok: true; readonly server: RunningServer } | { readonly ok: false; readonly diagnostic: Diagnostic };

export function startServer(options: StartServerOptions): Promise<StartServerResult> {
  let port = options.port;
  const app = createServerApp({ served: options.served, ...(options.bundle ? { bundle: options.bundle } : {}), port: () => port, ...(options.onError ? { onError: options.onError } : {}) });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: SERVER_HOST, port: options.port }) as Server;
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE';
      resolve({
        ok: false,
        diagnostic: {
          code: inUse ? 'serve/port-in-use' : 'serve/cannot-listen',
          severity: 'error',
          message: inUse ? `port ${options.port} is already in use` : `cannot listen on ${SERVER_HOST}:${options.port}: ${error.message}`,
          help: 'choose another with `--port N`, or `--port 0` for any free port',
        },
      });
    });
    server.once('listening', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        ok: true,
        server: {
          url: `http://${SERVER_HOST}:${port}/`,
          port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        },
      });
    });
  });
}
