import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import Redis from 'ioredis';

export interface LiveMessage {
  event: 'metric' | 'queue';
  data: unknown;
}

const PREFIX = 'casewatch:live:';

/**
 * Fan-out of changed figures to SSE clients through Redis pub/sub, so a client connected to any
 * instance hears the changes computed by whichever instance owns the partition.
 */
@Injectable()
export class LiveChannel implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveChannel.name);
  private readonly local = new EventEmitter();
  private subscriber: Redis | undefined;

  constructor(private readonly redis: Redis) {
    this.local.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate({ enableOfflineQueue: true });
    this.subscriber.on('error', (err: Error) => this.logger.warn(`live channel: ${err.message}`));
    this.subscriber.on('pmessage', (_pattern: string, channel: string, payload: string) => {
      this.local.emit(channel.slice(PREFIX.length), JSON.parse(payload) as LiveMessage);
    });
    await this.subscriber.psubscribe(`${PREFIX}*`).catch((err: Error) => this.logger.warn(`live channel not subscribed: ${err.message}`));
  }

  async publish(tenant: string, message: LiveMessage): Promise<void> {
    await this.redis.publish(`${PREFIX}${tenant}`, JSON.stringify(message));
  }

  listen(tenant: string, listener: (m: LiveMessage) => void): () => void {
    this.local.on(tenant, listener);
    return () => this.local.off(tenant, listener);
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }
}
