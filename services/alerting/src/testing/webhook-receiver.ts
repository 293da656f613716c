import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

/** A webhook receiver on loopback that keeps every request and refuses (500) the first `failFirst`. */
export async function startWebhookReceiver(failFirst = 0) {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, raw });
      res.writeHead(requests.length <= failFirst ? 500 : 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    requests,
    port,
    url: (host = '127.0.0.1', path = '/hook') => `http://${host}:${port}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
