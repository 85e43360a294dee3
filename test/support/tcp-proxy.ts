import net from 'node:net';

/** A TCP proxy a test can cut and restore, to take a service away from one client without stopping it. */
export interface TcpProxy {
  /** `host:port` the client connects to. */
  address: string;
  port: number;
  /** Drops every open connection and refuses new ones (the service looks gone). */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Forwards 127.0.0.1:<free port> to `target` (`host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [host, portText] = [
    target.slice(0, target.lastIndexOf(':')),
    target.slice(target.lastIndexOf(':') + 1),
  ];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(portText), host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const stop = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const port = await listen(0);
  return {
    address: `127.0.0.1:${port}`,
    port,
    async cut() {
      const closing = stop();
      for (const s of sockets) s.destroy();
      await closing;
    },
    async restore() {
      await listen(port);
    },
    async close() {
      const closing = stop();
      for (const s of sockets) s.destroy();
      await closing;
    },
  };
}
