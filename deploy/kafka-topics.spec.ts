import { join } from 'node:path';
import { TOPIC_SPECS } from '@casewatch/contracts';
import { DEPLOY, readKustomization } from './manifests';

interface KafkaTopic {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { topicName?: string; partitions: number; replicas: number; config: Record<string, string | number> };
}

describe('deploy/strimzi: the topics of contracts/src/topics.ts as Strimzi KafkaTopics', () => {
  const topics = readKustomization(join(DEPLOY, 'strimzi')) as unknown as KafkaTopic[];

  it('holds each topic of TOPIC_SPECS once, with its partitions and configs (the services stop on another partition count)', () => {
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual(TOPIC_SPECS.map((s) => s.name).sort());
    for (const spec of TOPIC_SPECS) {
      const topic = topics.find((t) => t.spec.topicName === spec.name);
      expect({ name: topic?.metadata.name, partitions: topic?.spec.partitions }).toEqual({ name: spec.name, partitions: spec.partitions });
      // Strimzi takes numbers or strings; the admin API's strings are what the services would set.
      const configs = Object.fromEntries(Object.entries(topic?.spec.config ?? {}).map(([k, v]) => [k, String(v)]));
      expect(configs).toEqual(expect.objectContaining(spec.configs));
    }
  });

  it('replicates every topic on 3 brokers, acknowledged by 2, for one Kafka resource', () => {
    for (const t of topics) {
      expect({ topic: t.metadata.name, replicas: t.spec.replicas, minIsr: t.spec.config['min.insync.replicas'] }).toEqual({
        topic: t.metadata.name,
        replicas: 3,
        minIsr: 2,
      });
    }
    expect(new Set(topics.map((t) => t.metadata.labels?.['strimzi.io/cluster']))).toEqual(new Set(['casewatch']));
  });
});
