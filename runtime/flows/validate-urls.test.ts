import { describe, it, expect } from 'vitest';
import { validateFlow } from './validate-flow.ts';
import { findNode } from '../../nodes/registry.ts';
import { flow, n } from '../../test/support/flows.ts';

const problemsOf = (http: ReturnType<typeof n.http>) =>
  validateFlow(flow('f', { in: n.manual(), call: http }, ['in>call']), findNode).filter(
    (p) => p.code === 'blocked_url' || p.code === 'url_path_concatenation',
  );

describe('static check of request URLs', () => {
  it('refuses fixed URLs that name a cloud metadata service, in any spelling', () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://100.100.100.200/',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://2852039166/',
      'http://[::ffff:169.254.169.254]/',
    ])
      expect(problemsOf(n.http(url)), url).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'blocked_url',
          nodeId: 'call',
          path: 'config.url',
          message: expect.stringMatching(/cloud metadata/),
        }),
      ]);
  });

  it('also in an undo call and in the fixed start of an expression', () => {
    expect(
      problemsOf(n.http('https://erp.example.com/projects', { compensate: { url: 'http://169.254.169.254/x' } })),
    ).toEqual([expect.objectContaining({ code: 'blocked_url', path: 'config.compensate.url' })]);
    expect(problemsOf(n.http('="http://169.254.169.254/latest/" & role'))).toEqual([
      expect.objectContaining({ severity: 'error', code: 'blocked_url' }),
    ]);
  });

  it('warns when an expression joins values into the path', () => {
    for (const url of [
      '="https://crm.example.com/v1/contacts/" & $trigger.body.id',
      '="https://billing.example.com/accounts/" & id & "/receivables"',
      '="/v1/contacts/" & id',
    ])
      expect(problemsOf(n.http(url, { connection: 'crm' })), url).toEqual([
        expect.objectContaining({
          severity: 'warning',
          code: 'url_path_concatenation',
          path: 'config.url',
          message: expect.stringMatching(/pathParams.*\{id\}|pathParams/),
        }),
      ]);
    expect(
      problemsOf(
        n.http('https://erp.example.com/p', {
          compensate: { url: '="https://erp.example.com/projects/" & projectNo' },
        }),
      ),
    ).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'url_path_concatenation', path: 'config.compensate.url' }),
    ]);
  });

  it('does not warn for placeholders, values after the "?", a whole URL from data, or plain URLs', () => {
    for (const http of [
      n.http('https://crm.example.com/v1/contacts/{id}', { pathParams: { id: '=$trigger.body.id' } }),
      n.http('="https://crm.example.com/v1/contacts?id=" & id'),
      n.http('=$trigger.body.callbackUrl'),
      n.http('=$trigger.body.callbackUrl & "/done"'),
      n.http('https://api.example.com/v1/contacts'),
      n.http('="https://api.example.com/v1/" & "contacts"'),
    ])
      expect(problemsOf(http), http.config.url as string).toEqual([]);
  });
});
