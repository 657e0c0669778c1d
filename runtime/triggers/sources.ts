import type { EventSource } from './event-source.ts';
import { scheduleSource } from './schedule-source.ts';
import { sftpSource } from './sftp-source.ts';
import { amqpSource } from './amqp-source.ts';
import { pollSource } from './poll-source.ts';
import { natsSource } from './nats-source.ts';

/** The event sources the runtime serves, one per trigger kind other than webhooks and manual starts. */
export const eventSources: EventSource[] = [scheduleSource, sftpSource, pollSource, amqpSource, natsSource];
