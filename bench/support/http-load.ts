import autocannon from 'autocannon';
import { percentile } from './percentiles';

export interface HttpLoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  p50: number;
  p95: number;
  latencies: number[];
}

/**
 * `amount` GET requests to one loopback URL with autocannon, bounded in count and time; the latency of each
 * response is kept (autocannon's own summary has no p95).
 */
export function httpLoad(options: {
  url: string;
  token: string;
  amount: number;
  connections: number;
  maxSeconds: number;
}): Promise<HttpLoadResult> {
  if (!/^http:\/\/(127\.|localhost)/.test(options.url)) throw new Error('load goes to loopback only');
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        amount: options.amount,
        timeout: options.maxSeconds,
        headers: { authorization: `Bearer ${options.token}` },
      },
      (err, result) => {
        clearTimeout(stopTimer);
        if (err) return reject(err);
        resolve({
          requests: latencies.length,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          latencies,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    // the time bound: stop whatever is still running
    const stopTimer = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
  });
}
