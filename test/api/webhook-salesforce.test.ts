import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { refuseRows } from '../support/refuse-writes.ts';

/**
 * Salesforce Outbound Messages end to end: a SOAP envelope as Salesforce sends it (the WSDL of an outbound
 * message, SOAP 1.1, text/xml), one run per Notification, the Ack only once every run is stored.
 */
const SECRET = 'sf-outbound-shared-secret-1234';
let weft: Weft;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  await call('POST', '/api/connections', {
    id: 'sf-outbound',
    name: 'Salesforce outbound messages',
    baseUrl: 'https://example.my.salesforce.com',
    auth: { type: 'api_key', key: SECRET },
  });
  await deploy(
    weft,
    flow(
      'sf-opportunities',
      {
        hook: n.webhook('salesforce/opportunities', {
          salesforceOutboundMessage: true,
          verify: { scheme: 'secret-header', secret: 'sf-outbound', header: 'X-Weft-Secret' },
        }),
      },
      [],
    ),
  );
});
afterAll(() => weft.close(0));

const headers = { authorization: '', 'content-type': 'text/xml; charset=utf-8', 'x-weft-secret': SECRET };
const post = (body: string, h: Record<string, string> = headers) =>
  call('POST', '/hooks/salesforce/opportunities', body, { ...h, soapaction: '""' });

async function runBodies(): Promise<Record<string, unknown>[]> {
  const rows = await weft.store.runQueries.list({ flowId: 'sf-opportunities', limit: 100 });
  const bodies = [];
  for (const r of rows) bodies.push(JSON.parse((await weft.store.runs.run(r.id))!.trigger).body);
  return bodies.sort((a, b) => String(a.notificationId).localeCompare(String(b.notificationId)));
}

function opportunity(noteId: string, id: string, name: string, amount: string): string {
  return `
   <Notification>
    <Id>${noteId}</Id>
    <sObject xsi:type="sf:Opportunity" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>${id}</sf:Id>
     <sf:Amount>${amount}</sf:Amount>
     <sf:CloseDate xsi:nil="true"/>
     <sf:Name>${name}</sf:Name>
     <sf:StageName>Closed Won</sf:StageName>
    </sObject>
   </Notification>`;
}

function envelope(notifications: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>00D5e000000KmQfEAK</OrganizationId>
   <ActionId>04k5e000000CaSgAAK</ActionId>
   <SessionId>00D5e000000KmQf!AQ0AQsecretsession</SessionId>
   <EnterpriseUrl>https://example.my.salesforce.com/services/Soap/c/60.0/00D5e000000KmQf</EnterpriseUrl>
   <PartnerUrl>https://example.my.salesforce.com/services/Soap/u/60.0/00D5e000000KmQf</PartnerUrl>${notifications}
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;
}

const THREE = envelope(
  opportunity('04l5e00000A1', '0065e00000Q1', 'Acme &amp; Sons renewal', '125000.0') +
    opportunity('04l5e00000A2', '0065e00000Q2', 'Globex expansion', '98000.5') +
    opportunity('04l5e00000A3', '0065e00000Q3', 'Initech &#233;tude', '15000.0'),
);

const ACK =
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

describe('Salesforce Outbound Messages', () => {
  it('starts one run per notification and answers one Ack; the same envelope again starts none', async () => {
    const res = await post(THREE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(res.body).toBe(ACK);
    const bodies = await runBodies();
    expect(bodies).toHaveLength(3);
    const common = {
      organizationId: '00D5e000000KmQfEAK',
      actionId: '04k5e000000CaSgAAK',
      sObjectType: 'Opportunity',
      enterpriseUrl: 'https://example.my.salesforce.com/services/Soap/c/60.0/00D5e000000KmQf',
      partnerUrl: 'https://example.my.salesforce.com/services/Soap/u/60.0/00D5e000000KmQf',
    };
    expect(bodies[0]).toEqual({
      ...common,
      notificationId: '04l5e00000A1',
      sObject: {
        Id: '0065e00000Q1',
        Amount: '125000.0',
        CloseDate: null,
        Name: 'Acme & Sons renewal',
        StageName: 'Closed Won',
      },
    });
    expect(bodies[1]).toMatchObject({ notificationId: '04l5e00000A2', sObject: { Name: 'Globex expansion' } });
    expect(bodies[2]).toMatchObject({ notificationId: '04l5e00000A3', sObject: { Name: 'Initech étude' } });
    // The session id is a credential of the sending user: never stored with the run.
    expect(JSON.stringify(bodies)).not.toMatch(/secretsession/);

    // Salesforce resends what it thinks was not taken: the same Notification Ids start no second run.
    const again = await post(THREE);
    expect(again.status).toBe(200);
    expect(again.body).toBe(ACK);
    expect(await runBodies()).toHaveLength(3);
  });

  it('keeps the trigger verification: a caller without the shared secret gets 401 and starts no run', async () => {
    const before = (await runBodies()).length;
    const res = await post(envelope(opportunity('04l5e00000B1', '0065e00000R1', 'Forged', '1')), {
      ...headers,
      'x-weft-secret': 'not-the-secret',
    });
    expect(res.status).toBe(401);
    expect(await runBodies()).toHaveLength(before);
  });

  it('answers a malformed envelope 400 with a SOAP Fault naming what is wrong, and starts no run', async () => {
    const before = (await runBodies()).length;
    const broken = await post(
      envelope(opportunity('04l5e00000C1', '0065e00000S1', 'Broken', '1')).replace('</Id>', ''),
    );
    expect(broken.status).toBe(400);
    expect(broken.body).toMatch(/<faultcode>soapenv:Client<\/faultcode>/);
    expect(broken.body).toMatch(/not well-formed XML: .*closing tag/);

    const noType = await post(
      envelope(opportunity('04l5e00000C2', '0065e00000S2', 'x', '1')).replace(/ xsi:type="sf:Opportunity"/, ''),
    );
    expect(noType.status).toBe(400);
    expect(noType.body).toMatch(/Notification 1: sObject has no xsi:type/);

    const empty = await post(envelope(''));
    expect(empty.status).toBe(400);
    expect(empty.body).toMatch(/notifications holds no Notification/);

    const json = await post('{"a":1}', { ...headers, 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    expect(json.body).toMatch(/sent as text\/xml; the Content-Type is application\/json/);
    expect(await runBodies()).toHaveLength(before);
  });

  it('refuses DTDs and entities (XXE, entity expansion) without reading a file', async () => {
    const before = (await runBodies()).length;
    const xxe = THREE.replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ).replace('Globex expansion', '&xxe;');
    const res = await post(xxe);
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/declares a DTD or entities/);
    expect(res.body).not.toMatch(/root:/);
    const laughs = THREE.replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`,
    ).replace('Globex expansion', '&lol9;');
    const bomb = await post(laughs);
    expect(bomb.status).toBe(400);
    expect(bomb.body).toMatch(/declares a DTD or entities/);
    const deep = await post(
      THREE.replace('<sf:StageName>Closed Won</sf:StageName>', `${'<a>'.repeat(64)}x${'</a>'.repeat(64)}`),
    );
    expect(deep.status).toBe(400);
    expect(deep.body).toMatch(/nests elements deeper than 32/);
    expect(await runBodies()).toHaveLength(before);
  });

  it('answers a 500 Fault when a run cannot be stored, and the resent envelope then starts only what was missing', async () => {
    const before = (await runBodies()).length;
    const undo = await refuseRows(weft, {
      name: 'sf_runs_refuse',
      table: 'runs',
      on: 'INSERT',
      when: { dedupe_key: '04l5e00000D2' },
      message: 'the disk is full',
    });
    const message = envelope(
      opportunity('04l5e00000D1', '0065e00000T1', 'One', '1') +
        opportunity('04l5e00000D2', '0065e00000T2', 'Two', '2') +
        opportunity('04l5e00000D3', '0065e00000T3', 'Three', '3'),
    );
    const refused = await post(message);
    expect(refused.status).toBe(500);
    expect(refused.body).toMatch(/<faultcode>soapenv:Server<\/faultcode>/);
    expect(refused.body).toMatch(/1 of 3 notifications were not taken/);
    expect(refused.body).not.toMatch(/Ack/);
    expect(await runBodies()).toHaveLength(before + 2);

    await undo();
    const resent = await post(message);
    expect(resent.status).toBe(200);
    expect(resent.body).toBe(ACK);
    const ids = (await runBodies()).map((b) => b.notificationId).filter((id) => String(id).startsWith('04l5e00000D'));
    expect(ids).toEqual(['04l5e00000D1', '04l5e00000D2', '04l5e00000D3']);
  });
});
