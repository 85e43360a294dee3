import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { Express } from 'express';

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens (port 0 picks a free one) and closes with its keep-alive connections. */
export function listen(app: Express, port: number, host: string): Promise<RunningHttpServer> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' ? new Error(`port ${port} for the web server is already in use`) : err,
      ),
    );
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
