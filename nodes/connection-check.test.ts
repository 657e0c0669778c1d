import { describe, expect, it } from 'vitest';
import amqpPublish from './amqp/publish.node.ts';
import amqpTrigger from './amqp/trigger.node.ts';
import sftpStep from './sftp/sftp.node.ts';
import sftpTrigger from './sftp/trigger.node.ts';
import type { CheckEnv } from './define-node.ts';

const env: CheckEnv = {
  connectionScheme: (id) => ({ mq: 'amqp', files: 'sftp', erp: 'https' })[id] ?? null,
};

describe('the static check of the connection a queue or file node names', () => {
  it.each([
    ['trigger.amqp', amqpTrigger, 'mq', 'files'],
    ['connector.amqp', amqpPublish, 'mq', 'erp'],
    ['connector.sftp', sftpStep, 'files', 'mq'],
    ['trigger.sftp', sftpTrigger, 'files', 'erp'],
  ])('%s: passes its own kind, names a missing connection and one of another kind', (_kind, d, good, other) => {
    expect(d.check?.({ connection: good }, env)).toEqual([]);
    expect(d.check?.({ connection: 'gone' }, env)).toEqual([
      {
        severity: 'warning',
        field: 'connection',
        message: 'there is no connection "gone" yet; an admin adds it under Connections',
      },
    ]);
    expect(d.check?.({ connection: other }, env)?.[0]?.message).toMatch(
      new RegExp(
        `^connection "${other}" is \\w+://; (RabbitMQ|SFTP) needs a connection whose base URL is (amqp|sftp)://`,
      ),
    );
  });
});
