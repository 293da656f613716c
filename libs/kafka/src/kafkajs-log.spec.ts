import { logLevel } from 'kafkajs';
import { kafkajsLevel } from './kafkajs-log';

const line = (namespace: string, level: logLevel, log: Record<string, unknown>) => ({
  namespace,
  level,
  log: { timestamp: '', logger: 'kafkajs', message: '', ...log },
});

describe('the level of a kafkajs log line', () => {
  it('puts a broker error response at debug: the requester retries and reports the outcome', () => {
    const response = line('Connection', logLevel.ERROR, { message: 'Response GroupCoordinator(key: 10, version: 2)', error: 'The coordinator is loading' });
    expect(kafkajsLevel(response)).toBe('debug');
  });

  it('puts a retry at warn', () => {
    expect(
      kafkajsLevel(line('Producer', logLevel.ERROR, { message: 'Failed to send messages: This server is not the leader', retryCount: 0, retryTime: 111 })),
    ).toBe('warn');
    expect(kafkajsLevel(line('Consumer', logLevel.ERROR, { message: 'Restarting the consumer in 300ms', retryTime: 300 }))).toBe('warn');
  });

  it('puts a consumer crash on a loading coordinator at warn, any other crash at error', () => {
    expect(
      kafkajsLevel(line('Consumer', logLevel.ERROR, { message: "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests" })),
    ).toBe('warn');
    expect(kafkajsLevel(line('Consumer', logLevel.ERROR, { message: 'Crash: KafkaJSError: Topic authorization failed' }))).toBe('error');
  });

  it('keeps other errors and every non-error level as kafkajs says', () => {
    expect(kafkajsLevel(line('Admin', logLevel.ERROR, { message: 'Failed to create topics' }))).toBe('error');
    expect(kafkajsLevel(line('Connection', logLevel.WARN, { message: 'Response Metadata' }))).toBe('warn');
    expect(kafkajsLevel(line('Consumer', logLevel.INFO, { message: 'Starting' }))).toBe('info');
  });
});
