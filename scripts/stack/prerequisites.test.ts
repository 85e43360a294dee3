import net from 'node:net';
import { assertPortFree } from './ports';
import {
  findBrokerJavaHome,
  javaMajorVersion,
  MissingPrerequisiteError,
  requireCommand,
} from './prerequisites';

describe('prerequisites of the local stack', () => {
  it('given a missing tool, then one line names what to install', () => {
    expect(() =>
      requireCommand('gcflow-no-such-tool', 'install it with apt-get install gcflow-tool'),
    ).toThrow(
      new MissingPrerequisiteError(
        "'gcflow-no-such-tool' was not found on PATH: install it with apt-get install gcflow-tool",
      ),
    );
  });

  it('given this machine, then a Java 21+ home is found for the broker', () => {
    const home = findBrokerJavaHome();
    expect(javaMajorVersion(`${home}/bin/java`)).toBeGreaterThanOrEqual(21);
  });

  it('given a port in use, then the error names the port and the part', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      await expect(assertPortFree(port, 'Redis')).rejects.toThrow(`port ${port} for Redis is already in use`);
    } finally {
      server.close();
    }
  });
});
