import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { client } from '../support/api.ts';
import { until } from '../support/poll.ts';
import { testWeft } from '../support/weft.ts';
import { PUBLIC_URL, alertsSettled, incidents, invoiceFlow, ruleWithChannel, runner } from '../support/alerts.ts';

interface Received {
  mail: ParsedMail;
  from: string;
  to: string[];
  user: string | undefined;
}

/** An SMTP server on loopback (no TLS) that takes one user's password and keeps every message, parsed. */
async function smtpPeer(user: string, pass: string) {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, done) {
      if (auth.username === user && auth.password === pass) done(null, { user });
      else done(new Error('Invalid username or password'));
    },
    onData(stream, session, done) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            mail,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
          });
          done();
        },
        (err: Error) => done(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('alerts by email', () => {
  let weft: Weft;
  let call: ReturnType<typeof client>;
  let smtp: Awaited<ReturnType<typeof smtpPeer>>;

  beforeEach(async () => {
    weft = await testWeft({ config: { publicUrl: PUBLIC_URL, alertIntervalMs: 0 } });
    call = client(weft);
    smtp = await smtpPeer('alerts', 'smtp-password');
  });
  afterEach(async () => {
    await weft.close(0);
    await smtp.close();
  });

  const channel = (pass: string) => ({
    kind: 'email',
    name: 'Finance on call',
    settings: {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'weft@firm.test',
      to: ['finance-oncall@firm.test', 'ops@firm.test'],
      auth: { user: 'alerts', pass },
    },
  });

  it('sends the notification to every address, signed in, with the business context and the run link', async () => {
    const invoices = await runner(
      weft,
      invoiceFlow('invoices', { criticality: 'high', businessProcess: 'Order-to-cash', owner: 'Finance IT' }),
    );
    await ruleWithChannel(call, channel('smtp-password'), {
      kind: 'run_failed',
      name: 'Invoices failing',
      condition: { flowId: 'invoices' },
    });
    const run = await invoices('INV-7', true);
    await until(() => smtp.received.length >= 1, 'the alert email');
    await alertsSettled(weft, 1);
    expect(smtp.received).toHaveLength(1);
    const { mail, from, to, user } = smtp.received[0]!;
    expect(user).toBe('alerts');
    expect(from).toBe('weft@firm.test');
    expect(to).toEqual(['finance-oncall@firm.test', 'ops@firm.test']);
    expect(mail.subject).toBe(
      '[Alert] Invoices failing: Run failed: Test flow invoices [INV-7] — erp_down: ERP refused the invoice',
    );
    expect(mail.text).toContain('Flow: Test flow invoices (invoices)');
    expect(mail.text).toContain('Business process: Order-to-cash');
    expect(mail.text).toContain('Criticality: high');
    expect(mail.text).toContain('Owner: Finance IT');
    expect(mail.text).toContain('Business key: INV-7');
    expect(mail.text).toContain('Error: erp_down: ERP refused the invoice');
    expect(mail.text).toContain(`Run: ${PUBLIC_URL}/runs/${run.id}`);
  });

  it('refuses an SMTP server on an address the egress guard denies, and says which entry would open it', async () => {
    // Loopback, open to the tests' peers, is closed again here: the product's default.
    expect(weft.egress.withdraw('127.0.0.1')).toBe(true);
    const invoices = await runner(weft, invoiceFlow('invoices'));
    await ruleWithChannel(call, channel('smtp-password'), {
      kind: 'run_failed',
      name: 'Invoices failing',
      condition: { flowId: 'invoices' },
    });
    await invoices('INV-9', true);
    const [incident] = await until(async () => {
      const list = await incidents(call);
      return list[0]?.deliveries[0]?.lastError ? list : null;
    }, 'the refused delivery');
    expect(incident!.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(incident!.deliveries[0]!.lastError).toBe(
      `SMTP server 127.0.0.1:${smtp.port} refused: 127.0.0.1 is a loopback address (127.0.0.0/8). Email channels reach public addresses only; an admin can open this SMTP server in WEFT_EGRESS_ALLOW, e.g. "127.0.0.1:${smtp.port}"`,
    );
    expect(smtp.received).toEqual([]);
  });

  it('keeps a refused sign-in as the delivery error, and the password is never shown', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices'));
    const { channelId } = await ruleWithChannel(call, channel('wrong-password'), {
      kind: 'run_failed',
      name: 'Invoices failing',
      condition: { flowId: 'invoices' },
    });
    await invoices('INV-8', true);
    const [incident] = await until(async () => {
      const list = await incidents(call);
      return list[0]?.deliveries[0]?.lastError ? list : null;
    }, 'the failed delivery');
    expect(incident!.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1, channelId });
    expect(incident!.deliveries[0]!.lastError).toMatch(/Invalid login|Invalid username or password/);
    expect(smtp.received).toEqual([]);
    const shown = await call('GET', '/api/alerts/channels');
    expect(shown.body.channels[0]).toMatchObject({ secretSet: true, settings: { auth: { user: 'alerts' } } });
    expect(JSON.stringify(shown.body)).not.toContain('wrong-password');
  });
});
