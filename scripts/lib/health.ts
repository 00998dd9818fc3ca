/** Waits for the API's health endpoint to answer 200. */
import { request } from 'node:http';
import { pollUntil, type PollOptions } from './wait';

export function healthOk(port: number, path = '/api/health', timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

export function waitForHealth(port: number, options: PollOptions): Promise<boolean> {
  return pollUntil(() => healthOk(port), { intervalMs: 500, ...options });
}
