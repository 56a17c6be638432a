/** Serves the HTTP app on Node and closes it gracefully. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { PsiZeroError } from '../lib/errors.ts';
import type { HttpApp } from './http-app.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then ends idle keep-alive sockets. */
  close(): Promise<void>;
}

export function startHttpServer(http: HttpApp, options: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: http.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      });
    });
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new PsiZeroError(
          'HTTP_LISTEN_FAILED',
          `cannot listen on ${options.host}:${options.port}: ${err.code ?? err.message}`,
          { kind: 'unavailable', retryable: false, cause: err },
        ),
      );
    });
  });
}
