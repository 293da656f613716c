import { Kafka, logLevel } from 'kafkajs';

/**
 * A consumer of csc.metrics.v1 that knows only contracts/asyncapi.yaml: it keeps the latest
 * MetricValue of every key (`tenant:metricId:scope:period`), as compaction does.
 */
export async function followMetrics(brokers: string[], groupId: string, table = new Map<string, Record<string, unknown>>()) {
  const consumer = new Kafka({ brokers, clientId: groupId, logLevel: logLevel.ERROR }).consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: 'csc.metrics.v1', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      if (message.value) table.set(key, JSON.parse(message.value.toString()));
      else table.delete(key); // a tombstone
    },
  });
  return { table, stop: () => consumer.disconnect() };
}

if (require.main === module) {
  void followMetrics((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), `metric-table-${process.pid}`).then(({ table }) =>
    setInterval(() => console.log(`${table.size} figures`), 5000),
  );
}
