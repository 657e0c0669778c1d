import { describe, it, expect } from 'vitest';
import { OutboundMessageError, parseOutboundMessage, soapFault } from './webhook-salesforce.ts';

const XML = 'text/xml; charset=utf-8';

function envelope(notifications: string): Buffer {
  return Buffer.from(
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound">' +
      `<OrganizationId>00D1</OrganizationId><ActionId>04k1</ActionId>${notifications}` +
      '</notifications></soapenv:Body></soapenv:Envelope>',
  );
}

const note = (id: string, fields: string) =>
  `<Notification><Id>${id}</Id><sObject xsi:type="sf:Account" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${fields}</sObject></Notification>`;

async function refusal(raw: Buffer, contentType = XML): Promise<OutboundMessageError> {
  try {
    await parseOutboundMessage(raw, contentType);
  } catch (err) {
    if (err instanceof OutboundMessageError) return err;
    throw err;
  }
  throw new Error('the envelope was taken');
}

describe('parseOutboundMessage', () => {
  it('reads fields as text, nil as null, character references, and refuses a field named __proto__', async () => {
    const [n] = await parseOutboundMessage(
      envelope(
        note(
          '04l1',
          '<sf:Id>0011</sf:Id><sf:Name>A &lt;b&gt; &#x1F600; &quot;c&quot;</sf:Name><sf:Phone xsi:nil="true"/>',
        ),
      ),
      XML,
    );
    expect(n!.sObjectType).toBe('Account');
    expect(n!.sObject.Name).toBe('A <b> 😀 "c"');
    expect(n!.sObject.Phone).toBeNull();
    expect(n!.sObject).toEqual({ Id: '0011', Name: 'A <b> 😀 "c"', Phone: null });
    const proto = await refusal(envelope(note('04l1', '<sf:__proto__><sf:polluted>x</sf:polluted></sf:__proto__>')));
    expect(proto.status).toBe(400);
    expect(proto.message).toMatch(/cannot be read: .*__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(n!.enterpriseUrl).toBeNull();
  });

  it('refuses more than 100 notifications, a surrogate character reference and a missing notification Id', async () => {
    const many = Array.from({ length: 101 }, (_, i) => note(`04l${i}`, '<sf:Id>1</sf:Id>')).join('');
    expect((await refusal(envelope(many))).message).toMatch(/101 Notification elements; .* at most 100/);
    expect((await refusal(envelope(note('04l1', '<sf:Name>&#xD800;</sf:Name>')))).message).toMatch(
      /&#xD800; is not a character/,
    );
    expect((await refusal(envelope(note('', '<sf:Id>1</sf:Id>')))).message).toMatch(/Notification 1 has no Id/);
    expect((await refusal(envelope(''), 'text/xml; charset=iso-8859-1')).status).toBe(415);
  });

  it('answers a Fault with its message escaped', () => {
    const f = soapFault(400, 'a <b> & "c"');
    expect(f.body).toContain('<faultstring>a &lt;b&gt; &amp; &quot;c&quot;</faultstring>');
    expect(f.headers['content-type']).toBe('text/xml; charset=utf-8');
  });
});
