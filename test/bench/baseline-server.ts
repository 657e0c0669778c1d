// The bare baseline: the flow's work with nothing persisted. Parse the body, map with jsonata (compiled
// once, the flow's map expression), check required fields and budget > 0 inline, POST to the stub with a
// keep-alive agent, answer 201 with $merge([mapped, {erp}]). Port 0 = any; argv: <stubPort> <mapExpression>.
// Prints {"ready":true,"port":N} on stdout once listening.
import { createServer, request, Agent, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsonata from 'jsonata';

const stubPort = Number(process.argv[2]);
const expression = process.argv[3];
if (!Number.isInteger(stubPort) || stubPort <= 0 || !expression) {
  console.error('usage: baseline-server.ts <stubPort> <jsonata expression>');
  process.exit(2);
}
const map = jsonata(expression);
const agent = new Agent({ keepAlive: true, maxSockets: 128, keepAliveMsecs: 10_000 });

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function check(p: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const f of ['projectCode', 'customerId', 'budget'])
    if (p[f] === undefined) errors.push(`must have required property '${f}'`);
  if (!(typeof p.budget === 'number' && p.budget > 0)) errors.push('budget must be positive');
  return errors;
}

function callStub(project: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const text = JSON.stringify(project);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: stubPort,
        path: '/projects',
        method: 'POST',
        agent,
        timeout: 30_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          'idempotency-key': String(project.projectCode),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('stub did not answer in time')));
    req.on('error', reject);
    req.end(text);
  });
}

async function handle(raw: string, res: ServerResponse): Promise<void> {
  const input = JSON.parse(raw) as unknown;
  const project = (await map.evaluate(input)) as Record<string, unknown>;
  const errors = check(project ?? {});
  if (errors.length > 0) return send(res, 422, { errors });
  const erp = await callStub(project);
  if (erp.status < 200 || erp.status > 299) return send(res, 502, { error: `stub answered ${erp.status}` });
  send(res, 201, { ...project, erp: erp.body });
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST') return send(res, 404, { error: 'not found' });
    handle(Buffer.concat(chunks).toString('utf8'), res).catch((err: Error) => send(res, 500, { error: err.message }));
  });
});
server.keepAliveTimeout = 30_000;

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
