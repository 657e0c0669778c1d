import type { NodeDescriptor } from './define-node.ts';
import webhook from './trigger/webhook.node.ts';
import schedule from './trigger/schedule.node.ts';
import manual from './trigger/manual.node.ts';
import mapJsonata from './map/jsonata.node.ts';
import validateSchema from './validate/schema.node.ts';
import http from './connector/http.node.ts';
import httpOperation from './connector/http-operation.node.ts';
import ifNode from './control/if.node.ts';
import switchNode from './control/switch.node.ts';
import respond from './control/respond.node.ts';
import fail from './control/fail.node.ts';
import delay from './control/delay.node.ts';
import approval from './control/approval.node.ts';
import call from './control/call.node.ts';
import loop from './control/loop.node.ts';
import aggregate from './control/aggregate.node.ts';
import js from './code/js.node.ts';
import lookupWrite from './lookup/write.node.ts';
import csvParse from './csv/parse.node.ts';
import csvBuild from './csv/build.node.ts';
import sftp from './sftp/sftp.node.ts';
import sftpTrigger from './sftp/trigger.node.ts';
import amqpTrigger from './amqp/trigger.node.ts';
import amqpPublish from './amqp/publish.node.ts';
import pollTrigger from './trigger/poll.node.ts';
import natsTrigger from './nats/trigger.node.ts';
import natsPublish from './nats/publish.node.ts';

/** Every node kind the engine and the designer know. Add new kinds (and new versions of a kind) here. */
export const nodeRegistry: NodeDescriptor[] = [
  webhook,
  schedule,
  manual,
  mapJsonata,
  validateSchema,
  http,
  httpOperation,
  ifNode,
  switchNode,
  respond,
  fail,
  delay,
  approval,
  call,
  loop,
  aggregate,
  js,
  lookupWrite,
  csvParse,
  csvBuild,
  sftp,
  sftpTrigger,
  amqpTrigger,
  amqpPublish,
  pollTrigger,
  natsTrigger,
  natsPublish,
];

const byKey = new Map(nodeRegistry.map((d) => [`${d.type}@${d.typeVersion}`, d]));

export function findNode(type: string, typeVersion: number): NodeDescriptor | undefined {
  return byKey.get(`${type}@${typeVersion}`);
}
