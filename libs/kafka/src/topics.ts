import type { Admin } from 'kafkajs';

export interface TopicSpec {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

export interface TopicSetupResult {
  created: string[];
  existing: string[];
}

/**
 * Creates the project's topics with explicit partitions and configs (never broker auto-create).
 * An existing topic with fewer partitions than specified is an error: adding partitions would
 * move keys between partitions and break per-child ordering.
 */
export async function ensureTopics(admin: Admin, specs: readonly TopicSpec[]): Promise<TopicSetupResult> {
  const existingNames = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existingNames.has(s.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor: -1,
        configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const present = specs.filter((s) => existingNames.has(s.name));
  if (present.length > 0) {
    const meta = await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
    for (const topic of meta.topics) {
      const spec = present.find((s) => s.name === topic.name);
      if (spec && topic.partitions.length !== spec.partitions) {
        throw new Error(`topic ${topic.name} has ${topic.partitions.length} partitions, expected ${spec.partitions}`);
      }
    }
  }
  return { created: missing.map((s) => s.name), existing: present.map((s) => s.name) };
}
