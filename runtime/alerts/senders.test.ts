import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/alert-history.ts';
import { EgressPolicy } from '../engine/egress.ts';
import type { IncidentRow } from '../store/alert-store.ts';
import { notificationOf } from './notification.ts';
import { send, type ChannelTarget } from './senders.ts';

/** A resolver that knows only these names, each with its addresses (the .test names exist nowhere else). */
const fakeDns = (map: Record<string, string[]>) =>
  ((host: string, _o: unknown, cb: (e: Error | null, a: LookupAddress[]) => void) => {
    const addresses = map[host];
    if (!addresses) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
    cb(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  }) as never;

const notification: Notification = notificationOf(
  {
    id: 'inc_1',
    ruleId: 'rule_1',
    ruleName: 'Invoices late',
    kind: 'sla_breach',
    groupKey: 'run:run_1',
    status: 'open',
    flowId: 'invoices',
    since: 0,
    openedAt: 0,
    lastSeenAt: 0,
    resolvedAt: null,
    notifiedAt: 0,
    occurrences: 1,
    detail: { summary: 'SLA breached: Invoices still running after 11 min (limit 10 min)', runId: 'run_1' },
  } as IncidentRow,
  'opened',
  0,
  null,
);

/** The SMTP servers of email channels pass the egress guard connectors pass. */
describe('email channel and the egress guard', () => {
  const subjects: string[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, _session, done) {
        simpleParser(stream).then(
          (m) => {
            subjects.push(m.subject ?? '');
            done();
          },
          (err: Error) => done(err),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const channel = (host: string): ChannelTarget => ({
    id: 'chan_1',
    kind: 'email',
    settings: { host, port, secure: false, from: 'weft@firm.test', to: ['ops@firm.test'] },
    secrets: {},
  });
  const mail = (host: string, egress: EgressPolicy) =>
    send(channel(host), notification, 'dlv_1', { http: null as never, egress, timeoutMs: 5000 });
  const refusal = (p: Promise<void>) =>
    p.then(
      () => 'sent',
      (e: Error) => e.message,
    );

  it('refuses a loopback SMTP server, naming the address and the WEFT_EGRESS_ALLOW entry that would open it', async () => {
    expect(await refusal(mail('127.0.0.1', new EgressPolicy()))).toBe(
      `SMTP server 127.0.0.1:${port} refused: 127.0.0.1 is a loopback address (127.0.0.0/8). Email channels reach public addresses only; an admin can open this SMTP server in WEFT_EGRESS_ALLOW, e.g. "127.0.0.1:${port}"`,
    );
    const dns = fakeDns({ 'smtp.firm.test': ['127.0.0.1'] });
    expect(await refusal(mail('smtp.firm.test', new EgressPolicy([], dns)))).toMatch(
      new RegExp(
        `^SMTP server smtp\\.firm\\.test:${port} refused: smtp\\.firm\\.test resolves to 127\\.0\\.0\\.1, a loopback address.*WEFT_EGRESS_ALLOW, e\\.g\\. "smtp\\.firm\\.test:${port}"$`,
      ),
    );
    expect(subjects).toEqual([]);
  });

  it('checks every address the name has, not only the first', async () => {
    const dns = fakeDns({ 'smtp.firm.test': ['93.184.216.34', '10.0.0.5'] });
    expect(await refusal(mail('smtp.firm.test', new EgressPolicy([], dns)))).toMatch(
      /smtp\.firm\.test resolves to 10\.0\.0\.5, a private address/,
    );
    expect(subjects).toEqual([]);
  });

  it('delivers once allowed, to the address the guard checked', async () => {
    expect(await refusal(mail('127.0.0.1', new EgressPolicy(['127.0.0.1'])))).toBe('sent');
    // The name is known only to the guard's resolver: the mail gets there through the address it checked.
    const dns = fakeDns({ 'smtp.firm.test': ['127.0.0.1'] });
    expect(await refusal(mail('smtp.firm.test', new EgressPolicy([`smtp.firm.test:${port}`], dns)))).toBe('sent');
    expect(subjects).toEqual([
      '[Alert] Invoices late: SLA breached: Invoices still running after 11 min (limit 10 min)',
      '[Alert] Invoices late: SLA breached: Invoices still running after 11 min (limit 10 min)',
    ]);
  });
});
