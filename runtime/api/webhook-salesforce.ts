import type { XMLParser } from 'fast-xml-parser';
import { mediaTypeOf } from '../../nodes/trigger/body.ts';
import { setOwn } from '../../shared/own-property.ts';
import { decodeUtf8 } from './utf8.ts';
import type { WebhookAnswer } from './webhook.ts';

/**
 * Salesforce Outbound Messages: a SOAP 1.1 envelope whose `notifications` hold 1 to 100 `Notification`s, each
 * an sObject's fields. Salesforce sends the same envelope (the same Notification Ids) again until it is
 * answered with `<Ack>true</Ack>`. No DTD is ever part of one, so none is read: entity declarations (XXE,
 * entity expansion) are refused before parsing, and only XML's own five entities and character references
 * are decoded.
 */

/** What one Notification starts a run with. The SessionId is a credential of the sending user and is left out. */
export interface OutboundNotification {
  organizationId: string;
  actionId: string;
  notificationId: string;
  sObjectType: string;
  sObject: Record<string, unknown>;
  enterpriseUrl: string | null;
  partnerUrl: string | null;
}

/** An envelope that is not an Outbound Message: the status and the SOAP Fault to answer. */
export class OutboundMessageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_NOTIFICATIONS = 100;
const MAX_DEPTH = 32;
const XML_TYPES = new Set(['text/xml', 'application/xml']);
const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii']);

/** fast-xml-parser's validator, and its parser set up for Outbound Messages. */
interface Xml {
  parser: XMLParser;
  validate: typeof import('fast-xml-parser').XMLValidator.validate;
}
let xmlModule: Promise<Xml> | null = null;
/** Loaded with the first envelope: a runtime without Salesforce flows never reads fast-xml-parser. */
function loadXml(): Promise<Xml> {
  xmlModule ??= import('fast-xml-parser').then(({ XMLParser, XMLValidator }) => ({
    validate: XMLValidator.validate,
    parser: new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      processEntities: false,
      htmlEntities: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      maxNestedTags: MAX_DEPTH,
      isArray: (name) => name === 'Notification',
    }),
  }));
  return xmlModule;
}

const bad = (message: string) => new OutboundMessageError(400, message);

/** The notifications of an Outbound Message envelope; an OutboundMessageError says what is wrong and where. */
export async function parseOutboundMessage(
  raw: Buffer,
  contentType: string | undefined,
): Promise<OutboundNotification[]> {
  const { mediaType, charset } = mediaTypeOf(contentType);
  if (!XML_TYPES.has(mediaType))
    throw new OutboundMessageError(
      415,
      `an Outbound Message is a SOAP envelope sent as text/xml; the Content-Type is ${mediaType || 'missing'}`,
    );
  if (charset && !UTF8.has(charset)) throw new OutboundMessageError(415, `the envelope must be UTF-8, not ${charset}`);
  let text: string;
  try {
    text = decodeUtf8(raw);
  } catch (err) {
    throw bad((err as Error).message);
  }
  if (/<!(DOCTYPE|ENTITY)/i.test(text))
    throw bad('the envelope declares a DTD or entities; Outbound Messages have none, and none are read');
  const { parser, validate } = await loadXml();
  const valid = validate(text);
  if (valid !== true) throw bad(`the envelope is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    if (/nested/i.test(message)) throw bad(`the envelope nests elements deeper than ${MAX_DEPTH}`);
    throw bad(`the envelope cannot be read: ${message}`);
  }
  const envelope = child(doc, 'Envelope', 'the document');
  const body = child(envelope, 'Body', 'Envelope');
  const n = child(body, 'notifications', 'Envelope/Body');
  const organizationId = text1(n, 'OrganizationId');
  const actionId = text1(n, 'ActionId');
  const list = (n as Record<string, unknown>).Notification;
  if (!Array.isArray(list) || list.length === 0)
    throw bad('notifications holds no Notification; an Outbound Message carries 1 to 100');
  if (list.length > MAX_NOTIFICATIONS)
    throw bad(`notifications holds ${list.length} Notification elements; an Outbound Message carries at most 100`);
  const enterpriseUrl = optionalText(n, 'EnterpriseUrl');
  const partnerUrl = optionalText(n, 'PartnerUrl');
  return list.map((note, i) => {
    const where = `Notification ${i + 1}`;
    const notificationId = text1(note, 'Id', where);
    const sObject = child(note, 'sObject', where);
    const type = (sObject as Record<string, unknown>)['@_type'];
    if (typeof type !== 'string' || !type.trim())
      throw bad(`${where}: sObject has no xsi:type naming its object, e.g. xsi:type="sf:Opportunity"`);
    return {
      organizationId,
      actionId,
      notificationId,
      sObjectType: type.slice(type.indexOf(':') + 1),
      sObject: fields(sObject as Record<string, unknown>),
      enterpriseUrl,
      partnerUrl,
    };
  });
}

function child(node: unknown, name: string, where: string): Record<string, unknown> {
  const v = isObject(node) ? node[name] : undefined;
  if (Array.isArray(v)) throw bad(`${where} holds more than one ${name}`);
  if (!isObject(v)) throw bad(`${where} has no ${name} element`);
  return v;
}

function text1(node: unknown, name: string, where = 'notifications'): string {
  const v = isObject(node) ? node[name] : undefined;
  if (typeof v !== 'string' || !v) throw bad(`${where} has no ${name}`);
  return decodeText(v);
}

function optionalText(node: Record<string, unknown>, name: string): string | null {
  const v = node[name];
  return typeof v === 'string' && v ? decodeText(v) : null;
}

/** An sObject's fields as JSON: text as it was sent, xsi:nil as null, a nested object as an object. */
function fields(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!k.startsWith('@_')) setOwn(out, k, value(v));
  return out;
}

function value(v: unknown): unknown {
  if (typeof v === 'string') return decodeText(v);
  if (Array.isArray(v)) return v.map(value);
  if (!isObject(v)) return null;
  if (v['@_nil'] === 'true') return null;
  if (typeof v['#text'] === 'string') return decodeText(v['#text']);
  const f = fields(v);
  return Object.keys(f).length === 0 ? '' : f;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's five predefined entities and character references; nothing else is an entity here. */
function decodeText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref]!;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      throw bad(`the character reference ${whole} is not a character`);
    return String.fromCodePoint(code);
  });
}

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The answer that tells Salesforce the envelope's notifications are taken (it stops sending them). */
export function soapAck(): WebhookAnswer {
  return xml(
    200,
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>`,
  );
}

/** A SOAP 1.1 Fault: the sender's envelope is wrong (4xx, Client) or it was not taken (5xx, Server; Salesforce sends it again). */
export function soapFault(status: number, message: string, headers: Record<string, string> = {}): WebhookAnswer {
  const code = status < 500 ? 'soapenv:Client' : 'soapenv:Server';
  return xml(
    status,
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body><soapenv:Fault><faultcode>${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
    headers,
  );
}

function xml(status: number, body: string, headers: Record<string, string> = {}): WebhookAnswer {
  return { status, headers: { ...headers, 'content-type': 'text/xml; charset=utf-8' }, body };
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${Object.entries(NAMED).find(([, v]) => v === c)![0]};`);
}
